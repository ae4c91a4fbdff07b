"""API of contests, mounted under /api/v1/."""

urlpatterns: list = []
