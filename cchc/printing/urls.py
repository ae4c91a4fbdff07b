"""Pages of printing, mounted at /print/."""

app_name = "printing"
urlpatterns: list = []
