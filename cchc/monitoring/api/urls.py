from django.urls import path

from .views import MonitoringSummaryView

urlpatterns = [
    path("monitoring/summary/", MonitoringSummaryView.as_view(), name="monitoring-summary"),
]
