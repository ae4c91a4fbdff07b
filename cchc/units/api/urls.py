from rest_framework.routers import SimpleRouter

from .views import OrgUnitViewSet

router = SimpleRouter()
router.register("units", OrgUnitViewSet, basename="unit")

urlpatterns = router.urls
