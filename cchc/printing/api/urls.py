"""API of printing, mounted under /api/v1/: print/publications/, print/runs/."""

from rest_framework.routers import SimpleRouter

from .views import PrintRunViewSet, PublicationViewSet

router = SimpleRouter()
router.register("print/publications", PublicationViewSet, basename="publication")
router.register("print/runs", PrintRunViewSet, basename="print-run")

urlpatterns = [*router.urls]
