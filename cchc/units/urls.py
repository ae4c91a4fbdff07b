"""TEMPORARY: replaced by the units work."""
from django.http import HttpResponse
from django.urls import path

app_name = "units"
urlpatterns = [
    path("", lambda request: HttpResponse(""), name="list"),
    path("<int:pk>/", lambda request, pk: HttpResponse(""), name="detail"),
]
