"""Pages of feedback, mounted at /phan-anh/: the public side first, the staff side under /phan-anh/xu-ly/."""

from django.urls import path

from . import views_public as public
from . import views_staff as staff

app_name = "feedback"
urlpatterns = [
    path("", public.submit, name="submit"),
    path("gui-thanh-cong/<str:code>/", public.sent, name="sent"),
    path("tra-cuu/", public.lookup, name="lookup"),
    path("tra-cuu/<str:code>/", public.status_page, name="status"),
    path("tra-cuu/<str:code>/danh-gia/", public.rate, name="rate"),
    path("tra-cuu/<str:code>/cong-khai/", public.privacy, name="privacy"),
    path("da-tra-loi/", public.answered_list, name="answered"),
    path("da-tra-loi/rss/", public.AnsweredFeed(), name="feed"),
    path("xu-ly/", staff.inbox, name="inbox"),
    path("xu-ly/<int:pk>/", staff.detail, name="detail"),
    path("xu-ly/<int:pk>/<slug:verb>/", staff.act, name="act"),
    path("xu-ly/tep/<int:pk>/", staff.attachment, name="attachment"),
    path("xu-ly/thong-ke/", staff.statistics, name="stats"),
    path("xu-ly/thiet-lap/", staff.settings_page, name="settings"),
    path("xu-ly/thiet-lap/<slug:kind>/them/", staff.edit_setting, name="setting_add"),
    path("xu-ly/thiet-lap/<slug:kind>/<int:pk>/", staff.edit_setting, name="setting_edit"),
]
