"""Pages of screens, mounted at /screens/."""

app_name = "screens"
urlpatterns: list = []
