"""Pages of contests, mounted at /cuoc-thi/."""

app_name = "contests"
urlpatterns: list = []
