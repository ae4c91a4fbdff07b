"""API of column, mounted under /api/v1/."""

urlpatterns: list = []
