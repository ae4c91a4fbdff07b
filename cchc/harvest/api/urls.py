"""API of harvest, mounted under /api/v1/."""

urlpatterns: list = []
