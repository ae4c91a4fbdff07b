"""Pages of column, mounted at /tin-tuc/."""

app_name = "column"
urlpatterns: list = []
