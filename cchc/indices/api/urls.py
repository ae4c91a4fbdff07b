"""API of indices, mounted under /api/v1/: /indices/ (public, read-only)."""

from rest_framework.routers import SimpleRouter

from .views import IndexResultViewSet

router = SimpleRouter()
router.register("indices", IndexResultViewSet, basename="index-result")

urlpatterns = [*router.urls]
