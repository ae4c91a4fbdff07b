"""API of feedback, mounted under /api/v1/."""

from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from .views import CategoryList, FeedbackViewSet, PublicStatus, SubmitView, WebhookView

router = SimpleRouter()
router.register("feedback/items", FeedbackViewSet, basename="feedback-item")

urlpatterns = [
    path("feedback/categories/", CategoryList.as_view(), name="feedback-categories"),
    path("feedback/webhook/<slug:channel>/", WebhookView.as_view(), name="feedback-webhook"),
    path("feedback/", SubmitView.as_view(), name="feedback-submit"),
    *router.urls,
    re_path(r"^feedback/(?P<code>PA-\d{4}-[A-Za-z0-9]{4,12})/$", PublicStatus.as_view(), name="feedback-status"),
]
