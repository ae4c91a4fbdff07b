"""Pages of column, mounted at /tin-tuc/."""

from django.shortcuts import get_object_or_404, redirect
from django.urls import path

from . import feeds, manage, views
from .models import Item
from .public import cached_for_visitors

app_name = "column"


def by_id(request, pk):  # type: ignore[no-untyped-def]
    return redirect(get_object_or_404(Item, pk=pk), permanent=True)


urlpatterns = [
    path("", views.latest, name="latest"),
    path("trang-chu/", views.home, name="home"),
    path("tim-kiem/", views.search, name="search"),
    path("chu-de/<slug:code>/", views.topic, name="topic"),
    path("chu-de/<slug:code>/rss/", cached_for_visitors(feeds.TopicRss()), name="topic_rss"),
    path("chu-de/<slug:code>/atom/", cached_for_visitors(feeds.TopicAtom()), name="topic_atom"),
    path("don-vi/<str:code>/", views.unit, name="unit"),
    path("don-vi/<str:code>/rss/", cached_for_visitors(feeds.UnitRss()), name="unit_rss"),
    path("don-vi/<str:code>/atom/", cached_for_visitors(feeds.UnitAtom()), name="unit_atom"),
    path("rss/", cached_for_visitors(feeds.ColumnRss()), name="rss"),
    path("atom/", cached_for_visitors(feeds.ColumnAtom()), name="atom"),
    path("widget/", views.widget, name="widget"),
    path("van-ban/", views.directives, name="directives"),
    path("van-ban/<int:pk>/", views.directive, name="directive"),
    path("tep/<int:pk>/", views.download, name="download"),
    path("i/<int:pk>/", by_id, name="by_id"),
    path("i/<int:pk>/<str:what>/", views.media, name="media"),
    path("quan-ly/", manage.item_list, name="manage"),
    path("quan-ly/viet-bai/", manage.item_create, name="manage_create"),
    path("quan-ly/<int:pk>/", manage.item_detail, name="manage_item"),
    path("quan-ly/<int:pk>/sua/", manage.item_edit, name="manage_edit"),
    path("quan-ly/<int:pk>/<str:verb>/", manage.item_action, name="manage_action"),
    path("quan-ly/van-ban/<int:pk>/dang/", manage.publish_directive, name="publish_directive"),
    path("quan-ly/tep/<int:pk>/xoa/", manage.delete_file, name="delete_file"),
    path("<slug:slug>/", views.item, name="item"),
]
