"""API of column, mounted under /api/v1/: /content/."""

from rest_framework.routers import SimpleRouter

from .views import ItemViewSet

router = SimpleRouter()
router.register("content", ItemViewSet, basename="content")

urlpatterns = [*router.urls]
