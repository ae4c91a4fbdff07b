"""API of screens, mounted under /api/v1/."""

urlpatterns: list = []
