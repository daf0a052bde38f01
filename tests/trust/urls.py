"""The project's URLs plus small views that exercise shared seams (rate
limit, reason step, database errors) the way the apps use them."""

from django.db import OperationalError
from django.http import HttpResponse
from django.urls import include, path

from core.permissions import public, staff_required
from core.privacy_views import require_reason
from core.public_forms import ratelimit


@public
@ratelimit("trust-test", limit=3, period=60)
def limited(request):
    return HttpResponse("접수했습니다.")


@public
@ratelimit("trust-test-json", limit=2, period=60, json=True)
def limited_json(request):
    return HttpResponse('{"ok": true}', content_type="application/json")


@staff_required
@require_reason(action="export", describe=lambda request: "참여자 명단 (시험)")
def export(request):
    response = HttpResponse(
        f"이름,전화\n김철용,010-1234-5678\n{request.GET.get('q', '')}", content_type="text/csv"
    )
    response["Content-Disposition"] = 'attachment; filename="list.csv"'
    return response


@public
def database_down(request):
    raise OperationalError("could not connect to server: Connection refused")


urlpatterns = [
    path("trust-test/limited/", limited),
    path("trust-test/limited.json", limited_json),
    path("trust-test/export/", export),
    path("trust-test/db-down/", database_down),
    path("", include("portal.urls")),
]
