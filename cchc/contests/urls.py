"""Pages of contests, mounted at /cuoc-thi/."""

from django.urls import path

from . import views, views_manage

app_name = "contests"
urlpatterns = [
    path("", views.contest_list, name="list"),
    path("vong/<int:pk>/tham-gia/", views.round_start, name="start"),
    path("vong/<int:pk>/giai-thuong/", views.round_winners, name="winners"),
    path("bai/<str:token>/", views.attempt_page, name="attempt"),
    path("bai/<str:token>/ket-qua/", views.attempt_result, name="result"),
    # Staff
    path("quan-ly/", views_manage.manage, name="manage"),
    path("quan-ly/tao/", views_manage.contest_edit, name="contest_create"),
    path("quan-ly/cham-thi/", views_manage.jury, name="jury"),
    path("quan-ly/cham-thi/<int:pk>/", views_manage.score, name="score"),
    path("quan-ly/bai-du-thi/<int:pk>/tep/", views_manage.entry_file, name="entry_file"),
    path("quan-ly/<int:pk>/", views_manage.contest_manage, name="manage_contest"),
    path("quan-ly/<int:pk>/sua/", views_manage.contest_edit, name="contest_edit"),
    path("quan-ly/<int:contest_pk>/vong/moi/", views_manage.round_edit, name="round_create"),
    path("quan-ly/<int:contest_pk>/vong/<int:pk>/sua/", views_manage.round_edit, name="round_edit"),
    path("quan-ly/<int:pk>/cau-hoi/", views_manage.question_add, name="question_add"),
    path("quan-ly/<int:pk>/cau-hoi/nhap/", views_manage.question_import, name="question_import"),
    path("quan-ly/<int:pk>/tieu-chi/", views_manage.criterion_add, name="criterion_add"),
    path("quan-ly/<int:pk>/bai-giay/", views_manage.entry_register, name="entry_register"),
    path("quan-ly/<int:pk>/giao-cham/", views_manage.assign, name="assign"),
    path("quan-ly/<int:pk>/cong-bo/", views_manage.results_publish, name="results_publish"),
    path("quan-ly/<int:pk>/ket-qua.xlsx", views_manage.results_export, name="results_export"),
    path("quan-ly/giao-cham/<int:pk>/bo/", views_manage.assignment_remove, name="assignment_remove"),
    path("quan-ly/vong/<int:pk>/", views_manage.round_manage, name="round"),
    path("quan-ly/vong/<int:pk>/dong/", views_manage.round_close, name="round_close"),
    path("quan-ly/vong/<int:pk>/cong-bo/", views_manage.round_publish, name="round_publish"),
    path("quan-ly/vong/<int:pk>/xuat.xlsx", views_manage.round_export, name="round_export"),
    path("quan-ly/bai-thi/<int:pk>/", views_manage.attempt_manage, name="attempt_manage"),
    path("<slug:slug>/", views.contest_detail, name="detail"),
    path("<slug:slug>/gui-bai/", views.entry_submit, name="submit_entry"),
    path("<slug:slug>/ket-qua/", views.writing_results, name="results"),
]
