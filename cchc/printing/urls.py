"""Pages of printing, mounted at /print/."""

from django.urls import path

from . import views

app_name = "printing"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.publication_create, name="publication_create"),
    path("<int:pk>/", views.publication_detail, name="publication"),
    path("<int:pk>/edit/", views.publication_edit, name="publication_edit"),
    path("<int:pk>/pdf/", views.publication_pdf, name="pdf"),
    path("messages/", views.message_list, name="messages"),
    path("messages/<int:pk>/edit/", views.message_edit, name="message_edit"),
    path("qr/", views.addresses, name="addresses"),
]
