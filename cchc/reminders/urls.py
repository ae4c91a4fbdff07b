from django.urls import path

from . import views

app_name = "reminders"
urlpatterns = [
    path("sent/", views.sent_list, name="sent"),
    path("holidays/", views.holiday_list, name="holidays"),
    path("policies/", views.policy_list, name="policies"),
]
