"""URL map: pages, the API under /api/v1, admin."""

from django.contrib import admin
from django.http import HttpRequest, JsonResponse
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.http import require_safe
from django.views.generic import RedirectView

from deltacap.api import api
from deltacap.audit.views import audit_page
from deltacap.web import sign_in, views


@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})


web_patterns = (
    [
        path("", views.dashboard, name="dashboard"),
        path("login/", sign_in.login_view, name="login"),
        path("logout/", sign_in.logout_view, name="logout"),
        path(
            "targets/<str:period>/<str:scope>/<str:pollutant>/",
            views.target_cell,
            name="target_cell",
        ),
        path("geo/cities.geojson", views.geo_cities, name="geo_cities"),
        path("geo/members.geojson", views.geo_members, name="geo_members"),
        path("audit/", audit_page, name="audit"),
    ],
    "web",
)

urlpatterns = [
    path("", include(web_patterns)),
    path("accounts/", include("deltacap.accounts.urls")),
    path("enterprises/", include("deltacap.enterprises.urls")),
    path("projects/", include("deltacap.projects.urls")),
    path("monitoring/", include("deltacap.monitoring.urls")),
    path("rights/", include("deltacap.rights.urls")),
    path("water/", include("deltacap.water.urls")),
    path("air/", include("deltacap.air.urls")),
    path("working/", include("deltacap.working.urls")),
    path("sharing/", include("deltacap.sharing.urls")),
    path("mobile/", include("deltacap.mobile.urls")),
    path("petrochem/", include("deltacap.petrochem.urls")),
    path("reports/", include("deltacap.reports.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("healthz", healthz),
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", RedirectView.as_view(url=static("deltacap/favicon.svg"), permanent=True)),
]

handler400 = "deltacap.web.handlers.bad_request"
handler403 = "deltacap.web.handlers.forbidden"
handler404 = "deltacap.web.handlers.not_found"
handler500 = "deltacap.web.handlers.server_error"
