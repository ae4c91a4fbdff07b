from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("monitoring/", views.overview, name="overview"),
    path("monitoring/units/", views.unit_list, name="units"),
    path("monitoring/unit/<int:pk>/", views.unit_detail, name="unit"),
    path("monitoring/remind/", views.remind, name="remind"),
    path("monitoring/trend/", views.trend_chart, name="trend"),
]
