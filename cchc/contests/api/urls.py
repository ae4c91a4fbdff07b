"""API of contests, mounted under /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("contests", views.ContestViewSet, basename="contest")

urlpatterns = [
    path("contests/rounds/<int:pk>/attempts/", views.start_attempt, name="contest-round-start"),
    path("contests/rounds/<int:pk>/ranking/", views.round_ranking, name="contest-round-ranking"),
    path("contests/rounds/<int:pk>/export/", views.round_export, name="contest-round-export"),
    path("contests/attempts/<str:token>/", views.attempt_detail, name="contest-attempt"),
    path("contests/attempts/<str:token>/answers/", views.save_answer, name="contest-attempt-answer"),
    path("contests/attempts/<str:token>/guess/", views.save_guess, name="contest-attempt-guess"),
    path("contests/attempts/<str:token>/submit/", views.submit_attempt, name="contest-attempt-submit"),
    path("contests/<slug:slug>/results/", views.writing_results, name="contest-writing-results"),
    *router.urls,
]
