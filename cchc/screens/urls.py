"""Pages of screens, mounted at /screens/."""

from django.urls import path

from . import views

app_name = "screens"
urlpatterns = [
    path("", views.screen_index, name="index"),
    path("new/", views.screen_create, name="screen_create"),
    path("<int:pk>/", views.screen_detail, name="screen"),
    path("<int:pk>/edit/", views.screen_edit, name="screen_edit"),
    path("<int:pk>/key/", views.screen_key, name="screen_key"),
    path("<int:pk>/revoke/", views.screen_revoke, name="screen_revoke"),
    path("<int:pk>/plays/", views.screen_plays, name="plays"),
    path("groups/", views.group_list, name="groups"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("playlists/", views.playlist_list, name="playlists"),
    path("playlists/new/", views.playlist_create, name="playlist_create"),
    path("playlists/<int:pk>/", views.playlist_detail, name="playlist"),
    path("playlists/<int:pk>/edit/", views.playlist_edit, name="playlist_edit"),
    path("playlists/<int:pk>/delete/", views.playlist_delete, name="playlist_delete"),
    path("slides/<int:pk>/edit/", views.slide_edit, name="slide_edit"),
    path("slides/<int:pk>/delete/", views.slide_delete, name="slide_delete"),
    path("slides/<int:pk>/move/", views.slide_move, name="slide_move"),
    # The player and its service worker (whose scope, /screens/play/, covers the player).
    path("play/", views.player, name="player"),
    path("play/sw.js", views.worker, name="worker"),
]
