"""API of indices, mounted under /api/v1/."""

urlpatterns: list = []
