"""API of surveys, mounted under /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("surveys", views.SurveyViewSet, basename="survey")

urlpatterns = [
    path("surveys/<slug:slug>/responses/", views.submit_response, name="survey-responses"),
    path("surveys/<slug:slug>/results/", views.survey_results, name="survey-results"),
    *router.urls,
]
