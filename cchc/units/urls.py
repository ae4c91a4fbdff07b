from django.urls import path

from . import views

app_name = "units"
urlpatterns = [
    path("", views.unit_list, name="list"),
    path("new/", views.unit_create, name="create"),
    path("import/", views.unit_import, name="import"),
    path("import/template.xlsx", views.unit_import_template, name="import_template"),
    path("export.<str:fmt>", views.unit_export, name="export"),
    path("kinds/", views.kind_list, name="kinds"),
    path("kinds/new/", views.kind_edit, name="kind_create"),
    path("kinds/<int:pk>/", views.kind_edit, name="kind_edit"),
    path("kinds/<int:pk>/delete/", views.kind_delete, name="kind_delete"),
    path("<int:pk>/", views.unit_detail, name="detail"),
    path("<int:pk>/edit/", views.unit_edit, name="edit"),
    path("<int:pk>/close/", views.unit_close, name="close"),
    path("<int:pk>/merge/", views.unit_merge, name="merge"),
]
