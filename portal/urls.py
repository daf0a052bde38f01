"""The root URLconf: every app's pages, the kernel's and the admin."""

from django.contrib import admin
from django.urls import include, path

from center.views import dashboard as center_dashboard
from core import (
    api,
    converters,  # noqa: F401  (registers <token:>, <id:>, <year:>)
    health,
    metrics,
)
from core.urls import account_patterns


def _superuser_only(request):
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _superuser_only
admin.site.site_header = "서울시협동조합지원센터 관리"

urlpatterns = [
    path("", center_dashboard.home, name="home"),
    path("center-map/", center_dashboard.map_image, name="map_image"),
    path("favicon.ico", center_dashboard.favicon),
    path("healthz", health.healthz, name="healthz"),
    path("healthz/live", health.healthz_live, name="healthz_live"),
    path("metrics", metrics.metrics, name="metrics"),
    *account_patterns,
    path("admin/", admin.site.urls),
    path("api/", api.urlpatterns()),
    path("", include("core.urls")),
    path("", include("center.urls")),
    path("", include("consultations.urls")),
    path("", include("education.urls")),
    path("", include("programs.urls")),
    path("", include("outreach.urls")),
    path("", include("activities.urls")),
    path("", include("reports.urls")),
]

handler500 = "core.security_views.server_error"
