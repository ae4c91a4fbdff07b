"""Pages of indices, mounted at /chi-so/."""

from django.urls import path

from . import views

app_name = "indices"
urlpatterns = [
    path("", views.public, name="public"),
    path("quan-ly/", views.manage, name="manage"),
    path("quan-ly/nhap-excel/", views.import_xlsx, name="import"),
    path("quan-ly/mau.xlsx", views.template_xlsx, name="template"),
]
