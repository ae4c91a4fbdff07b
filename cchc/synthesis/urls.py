from django.urls import path

from . import views

app_name = "synthesis"

urlpatterns = [
    path("synthesis/", views.synthesis_list, name="list"),
    path("synthesis/generate/", views.generate, name="generate"),
    path("synthesis/draft/<int:form_id>/<int:period_id>/", views.draft, name="draft"),
    path("synthesis/register/", views.register, name="register"),
    path("synthesis/register/<int:pk>/scan/", views.scan_download, name="scan"),
    path("synthesis/templates/", views.template_list, name="templates"),
    path("synthesis/templates/<int:pk>/toggle/", views.template_toggle, name="template_toggle"),
    path("synthesis/templates/<int:pk>/download/", views.template_download, name="template_download"),
    path("synthesis/<int:pk>/", views.report_detail, name="report"),
    path("synthesis/<int:pk>/download/<slug:kind>/", views.report_download, name="download"),
    path("synthesis/<int:pk>/issue/", views.report_issue, name="issue"),
]
