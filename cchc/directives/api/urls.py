from django.urls import path
from rest_framework.routers import SimpleRouter

from .importing import DirectiveImportView
from .views import AssignmentViewSet, DirectiveViewSet

router = SimpleRouter()
router.register("directives", DirectiveViewSet, basename="directive")
router.register("assignments", AssignmentViewSet, basename="assignment")

urlpatterns = [
    # Before the router's URLs, so that "import" is never taken for a directive's id.
    path("directives/import/", DirectiveImportView.as_view(), name="directive-import"),
    *router.urls,
]
