"""Pages of harvest, mounted at /harvest/."""

from django.urls import path

from . import views

app_name = "harvest"
urlpatterns = [
    path("", views.entry_list, name="list"),
    path("<int:pk>/<str:verb>/", views.decide, name="decide"),
    path("nguon/", views.sources, name="sources"),
    path("tu-khoa/", views.keywords, name="keywords"),
    path("nguon/<int:pk>/<str:verb>/", views.source_action, name="source_action"),
]
