"""Pages of indices, mounted at /chi-so/."""

app_name = "indices"
urlpatterns: list = []
