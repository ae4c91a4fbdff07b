from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from cchc.core import views as core_views

api_v1 = [
    path("", include("cchc.accounts.api.urls")),
    path("", include("cchc.units.api.urls")),
    path("", include("cchc.directives.api.urls")),
    path("", include("cchc.reports.api.urls")),
    path("", include("cchc.monitoring.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
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
    path("django-admin/", admin.site.urls),
    path("", include("cchc.core.urls")),
]

handler403 = "cchc.core.views.error_403"
handler404 = "cchc.core.views.error_404"
handler500 = "cchc.core.views.error_500"

