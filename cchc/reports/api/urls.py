"""The reports API: /api/v1/activities/, /indicators/ (api/activities.py), /forms/, /submissions/
(api/submissions.py)."""

from rest_framework.routers import SimpleRouter

router = SimpleRouter()
try:
    from .activities import ActivityViewSet, IndicatorViewSet

    router.register("activities", ActivityViewSet, basename="activity")
    router.register("indicators", IndicatorViewSet, basename="indicator")
except ImportError:  # pragma: no cover - while being written
    pass
try:
    from .submissions import FormViewSet, SubmissionViewSet

    router.register("forms", FormViewSet, basename="form")
    router.register("submissions", SubmissionViewSet, basename="submission")
except ImportError:  # pragma: no cover - while being written
    pass

urlpatterns = [*router.urls]
