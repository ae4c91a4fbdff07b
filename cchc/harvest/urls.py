"""Pages of harvest, mounted at /harvest/."""

app_name = "harvest"
urlpatterns: list = []
