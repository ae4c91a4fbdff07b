"""Pages of surveys, mounted at /khao-sat/."""

from django.urls import path

from . import views

app_name = "surveys"
urlpatterns = [
    path("", views.survey_list, name="list"),
    path("l/<str:code>/", views.answer_link, name="link"),
    path("quan-ly/tao/", views.create, name="create"),
    path("quan-ly/<int:pk>/", views.manage, name="manage"),
    path("quan-ly/<int:pk>/ket-qua/", views.results_page, name="results"),
    path("quan-ly/<int:pk>/xuat.xlsx", views.export, name="export"),
    path("quan-ly/<int:pk>/in-ma-qr/", views.print_links, name="print"),
    path("quan-ly/lien-ket/<int:pk>/qr.svg", views.qr, name="qr"),
    path("quan-ly/lien-ket/<int:pk>/xoa/", views.delete_link, name="delete_link"),
    path("<slug:slug>/", views.answer, name="answer"),
]
