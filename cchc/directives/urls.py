from django.urls import path

from .views import assignments, importing, pages

app_name = "directives"
urlpatterns = [
    # The coordinator's pages (views/pages.py).
    path("directives/", pages.directive_list, name="list"),
    path("directives/<int:pk>/", pages.directive_detail, name="detail"),
    path("directives/<int:pk>/export.xlsx", pages.directive_export, name="export"),
    path("directives/<int:pk>/remind/", pages.directive_remind, name="remind"),
    path("directives/<int:pk>/letter.docx", pages.directive_letter, name="letter"),
    path("directives/<int:pk>/edit/", pages.directive_edit, name="edit"),
    # Import: upload or paste, preview with corrections, confirm (views/importing.py).
    path("directives/import/", importing.import_start, name="import"),
    path("directives/import/<int:pk>/", importing.import_preview, name="import_preview"),
    path("directives/import/not-ours/<int:pk>/forget/", importing.forget_not_ours, name="forget_not_ours"),
    # The officer's list and assignment updates (views/assignments.py).
    path("tasks/", assignments.my_tasks, name="my_tasks"),
    path("tasks/<int:pk>/", assignments.assignment_detail, name="assignment"),
]
