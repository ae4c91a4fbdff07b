from django.urls import path

from . import views

app_name = "reminders"
urlpatterns = [
    path("sent/", views.sent_list, name="sent"),
    path("run/", views.run_now, name="run"),
    path("remind/", views.remind_now, name="remind_now"),
    path("letter/", views.letter, name="letter"),
    path("letter/report/<int:form_id>/<int:period_id>/", views.report_letter, name="report_letter"),
    path("letter/directive/<int:pk>/", views.directive_report_letter, name="directive_report_letter"),
    path("holidays/", views.holiday_list, name="holidays"),
    path("holidays/<int:pk>/delete/", views.holiday_delete, name="holiday_delete"),
    path("policies/", views.policy_list, name="policies"),
    path("policies/new/", views.policy_create, name="policy_create"),
    path("policies/<int:pk>/edit/", views.policy_edit, name="policy_edit"),
]
