from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from cchc.core import views as core_views

api_v1 = [
    path("", include("cchc.accounts.api.urls")),
    path("", include("cchc.units.api.urls")),
    path("", include("cchc.directives.api.urls")),
    path("", include("cchc.reports.api.urls")),
    path("", include("cchc.monitoring.api.urls")),
    path("", include("cchc.column.api.urls")),
    path("", include("cchc.indices.api.urls")),
    path("", include("cchc.harvest.api.urls")),
    path("", include("cchc.screens.api.urls")),
    path("", include("cchc.printing.api.urls")),
    path("", include("cchc.feedback.api.urls")),
    path("", include("cchc.contests.api.urls")),
    path("", include("cchc.surveys.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script (Content-Security-Policy).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("api/v1/", include((api_v1, "api"))),
    path("accounts/", include("cchc.accounts.urls")),
    path("units/", include("cchc.units.urls")),
    path("reminders/", include("cchc.reminders.urls")),
    path("", include("cchc.directives.urls")),
    path("", include("cchc.reports.urls")),
    path("", include("cchc.monitoring.urls")),
    path("", include("cchc.synthesis.urls")),
    path("tin-tuc/", include("cchc.column.urls")),
    path("chi-so/", include("cchc.indices.urls")),
    path("harvest/", include("cchc.harvest.urls")),
    path("screens/", include("cchc.screens.urls")),
    path("print/", include("cchc.printing.urls")),
    path("phan-anh/", include("cchc.feedback.urls")),
    path("cuoc-thi/", include("cchc.contests.urls")),
    path("khao-sat/", include("cchc.surveys.urls")),
    path("django-admin/", admin.site.urls),
    path("", include("cchc.core.urls")),
]

handler400 = "cchc.core.views.error_400"
handler403 = "cchc.core.views.error_403"
handler404 = "cchc.core.views.error_404"
handler500 = "cchc.core.views.error_500"

