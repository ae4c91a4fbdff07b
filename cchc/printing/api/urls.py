"""API of printing, mounted under /api/v1/."""

urlpatterns: list = []
