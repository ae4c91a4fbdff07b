"""API of feedback, mounted under /api/v1/."""

urlpatterns: list = []
