"""API of surveys, mounted under /api/v1/."""

urlpatterns: list = []
