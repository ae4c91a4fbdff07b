"""Pages of surveys, mounted at /khao-sat/."""

app_name = "surveys"
urlpatterns: list = []
