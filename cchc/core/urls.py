from django.urls import path

from . import notifications, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/<int:pk>/read/", notifications.notification_read, name="notification_read"),
    path("notifications/read-all/", notifications.notification_read_all, name="notifications_read_all"),
]
