"""Every URL that answers with a file, found by walking the site on the full
demo: either the file carries no personal data (an allowlist, each entry with
its reason, and the file is checked for the demo's phones and e-mails), or the
first request asks the purpose (no file) and, once a purpose is given, the
file comes and one access-log entry records that purpose."""

import datetime as dt
import html
import inspect
import io
import re
import zipfile
from collections import deque
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.urls import Resolver404, resolve

from core.privacy import PersonalDataAccess
from tests.education.factories import RegistrationFactory, SessionFactory
from tests.urlwalk import iter_patterns, project_urls

PDF = b"%PDF-1.7\n% test document\n"
PROJECT_APPS = {"center", "consultations", "education", "programs", "outreach", "reports"}
PEOPLE_APPS = PROJECT_APPS - {"center", "reports"}  # the center's own contacts are public

# Files without personal data, and why. Anything else that returns a file must
# go through the reason step.
ALLOWLIST = {
    "core:job_download": "list exports (core.exporting) mask names and phones in their "
    "columns, each request logged with its filter; the annual report (totals, no personal "
    "data); the job's owner or a manager only",
    "consultations:import_template": "an empty import form with one invented sample row",
    "education:roster_xlsx": "masked roster (?full=1, the unmasked one, asks a reason)",
    "education:registration_ics": "the citizen's own booking, reached with their token",
    "education:registration_materials": "course materials, reached with the citizen's token",
    "education:session_materials": "course materials the center published",
    "outreach:content_file": "promotional content the center published",
    "programs:ranking_xlsx": "a call's ranking: teams, scores and decisions, no personal data",
    "programs:plan_template": "the empty 사업계획서 form of a published call",
    "api:slots": "free consultation slots (JSON), no personal data",
    "api:openapi-json": "the public API's OpenAPI schema, no data at all",
    "healthz": "service health (JSON)",
    "healthz_live": "liveness probe (plain text)",
    "map_image": "the center's 약도 on the home page (an image, no personal data)",
}
# Views that must be reached by the walk (a guard against a walk that silently
# stops finding them); views that send files are also found in their source.
KNOWN_FILE_VIEWS = {
    "consultations:question_document",
    "education:roster_xlsx",
    "education:registration_ics",
    "programs:attachment",
    "programs:receipt",
    "core:job_download",
}
FILE_MARKERS = ("attachment_response(", "Content-Disposition", "FileResponse(", "xlsx.response(")
# Links the walk must not follow (they act, or end the session).
SKIP_WORDS = ("logout", "delete", "cancel", "action", "send", "retry", "toggle", "otp_", "remove")
URL_METHODS = ("get_absolute_url", "private_url", "get_public_url", "public_url")
MAX_REQUESTS = 900


def _source(callback) -> str:
    parts = []
    target = getattr(callback, "view_class", None) or callback
    while target is not None:
        try:
            parts.append(inspect.getsource(target))
        except (OSError, TypeError):
            pass
        target = getattr(target, "__wrapped__", None)
    return "\n".join(parts)


def views_that_send_files() -> set[str]:
    return {
        name
        for name, callback, _conv in iter_patterns()
        if not name.startswith("admin:") and any(m in _source(callback) for m in FILE_MARKERS)
    }


def _is_file(response) -> bool:
    if response.status_code != 200:
        return False
    disposition = response.get("Content-Disposition", "")
    kind = response.get("Content-Type", "")
    return disposition.startswith("attachment") or not kind.startswith("text/html")


def _content(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _text_of(content: bytes) -> str:
    """The readable text of a file: every part of an XLSX/zip, or the bytes."""
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    return content.decode("utf-8", "replace")


def _personal_values() -> set[str]:
    """Every phone number and e-mail address stored in the project's models."""
    values = set()
    for model in apps.get_models():
        if model._meta.app_label not in PEOPLE_APPS:
            continue
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if any(word in f.name for word in ("phone", "email", "mobile"))
            and f.get_internal_type() in ("CharField", "EmailField")
        ]
        for field in fields:
            values |= {v for v in model._default_manager.values_list(field, flat=True) if v}
    return {v for v in values if len(v) >= 8 and "*" not in v}


def _name_of(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), (25, 135, 84)).save(out, format="PNG")
    return out.getvalue()


def _seed_urls() -> list[str]:
    """Pages of records that carry a file (their parents' pages list the
    download links), then the newest records' own and private pages, then
    every page without arguments."""
    first, seeds = [], []
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        file_fields = [
            f.name for f in model._meta.concrete_fields if f.get_internal_type() == "FileField"
        ]
        newest = list(model._default_manager.order_by("-pk")[:2])
        for obj in newest:
            related = [obj]
            if file_fields and any(getattr(obj, f) for f in file_fields):
                related += [
                    getattr(obj, f.name)
                    for f in model._meta.concrete_fields
                    if f.is_relation and getattr(obj, f.name, None) is not None
                ]
            target = first if len(related) > 1 else seeds
            for item in related:
                for method in URL_METHODS:
                    if hasattr(item, method):
                        try:
                            target.append(getattr(item, method)())
                        except Exception:  # a method that needs more than the record
                            continue
    from core.models import Job

    # Background jobs (core.jobs) are the kernel's: their pages offer the files.
    first += [job.get_absolute_url() for job in Job.objects.order_by("-pk")[:2]]
    no_arguments = {name for name, _cb, converters in iter_patterns() if not converters}
    plain = [url for name, url, _cb in project_urls() if name in no_arguments]
    return first + seeds + plain


def _links(body: str) -> list[str]:
    # Links and what pages load (an <img src> is a download too, e.g. the 약도).
    return [html.unescape(h) for h in re.findall(r'(?:href|src)="(/[^"]*)"', body)]


def _walk(client):
    """Breadth-first over the site's links, one request per (view, query keys)."""
    queue, seen, files, gated = deque(_seed_urls()), set(), {}, {}
    requests = 0
    while queue and requests < MAX_REQUESTS:
        url = queue.popleft()
        parts = urlsplit(url)
        if parts.path.startswith(("/static/", "/media/", "/admin/")):
            continue
        name = _name_of(parts.path)
        if name is None or any(word in name for word in SKIP_WORDS):
            continue
        keys = tuple(sorted(k.split("=")[0] for k in parts.query.split("&") if k))
        if (name, keys) in seen:
            continue
        seen.add((name, keys))
        requests += 1
        response = client.get(url)
        if _is_file(response):
            files.setdefault(name, []).append((url, _content(response)))
            continue
        body = response.content.decode("utf-8", "replace") if response.status_code == 200 else ""
        if 'name="purpose"' in body and "내려받는 목적" in body:
            gated.setdefault(name, []).append(url)
            continue
        queue.extend(_links(body))
    return files, gated, {name for name, _keys in seen}


@pytest.fixture
def records(full_demo, settings, tmp_path, manager_user):
    """The full demo plus one record of every kind that carries a file."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from consultations.models import Category
    from core import jobs
    from education.models import Registration, Session
    from outreach.models import ContentItem
    from programs.models import Application, Attachment, Grant, Spending

    asked = Client().post(
        "/ask/",
        {
            "category": Category.objects.get(name="설립").pk,
            "title": "정관 검토",
            "body": "정관 초안입니다.",
            "name": "홍길동",
            "email": "hong.walk@example.com",
            "phone": "",
            "cooperative_name": "",
            "consent": "on",
            "documents": SimpleUploadedFile("정관.pdf", PDF, "application/pdf"),
        },
    )
    assert asked.status_code == 302, asked.content.decode()[:500]
    application = Application.objects.order_by("-pk").first()
    attachment = Attachment(
        application=application, original_name="계획서.pdf", kind="pdf", size=len(PDF)
    )
    attachment.file.save("plan.pdf", ContentFile(PDF), save=True)
    grant = Grant.objects.filter(items__isnull=False).order_by("-pk").first()
    spending = Spending(
        grant=grant,
        item=grant.items.first(),
        date=dt.date(grant.budget_line.fiscal_year.year, 6, 1),
        amount=1000,
        description="강사료",
    )
    spending.receipt_name = "영수증.pdf"
    spending.receipt.save("receipt.pdf", ContentFile(PDF), save=True)
    session = (
        Session.objects.filter(registrations__status=Registration.REGISTERED)
        .order_by("-pk")
        .first()
    )
    session.materials_name = "교안.pdf"
    session.materials.save("slides.pdf", ContentFile(PDF), save=True)
    # The newest registration (its private page is walked): on that session.
    RegistrationFactory(session=session, status=Registration.REGISTERED)
    item = ContentItem.objects.order_by("-date", "-pk").first()  # first on the list page
    item.file_name = "포스터.pdf"
    item.file.save("poster.pdf", ContentFile(PDF), save=True)
    # A finished report export (a core job of the "report" builder): the walk
    # reaches its file from the year's exports page.
    from reports.services import request_export

    report = request_export(fiscal_year=full_demo, fmt="pdf", user=manager_user)
    jobs.claim(report.pk)
    jobs.finish(report, content=PDF, filename="2021_주요업무보고.pdf")
    # The home page's 약도 (the demo's file does not outlive the snapshot's media folder).
    from center.models import Organisation

    org = Organisation.current()
    org.map_image.save("map.png", ContentFile(_png()), save=True)
    org.map_credit = "약도: 시험"
    org.save(update_fields=["map_credit"])
    # A real list export of every consultation, built by the job machinery:
    # the walk checks the file for the demo's phones and e-mails.
    from core.registry import get_exporter

    job = jobs.start_export(
        exporter=get_exporter("consultations"), query="", fmt="xlsx", user=manager_user
    )
    assert jobs.run(job.pk) == "done"
    return full_demo


def test_every_download_is_either_non_personal_or_asks_a_reason(manager_user, records):
    from django.test import Client

    # A page that fails (a 500 is another test's business) must not stop the walk.
    client = Client(raise_request_exception=False)
    client.force_login(manager_user)
    files, gated, visited = _walk(client)
    assert len(visited) > 100, sorted(visited)  # the walk went across the site

    # The walk found every view that sends files.
    expected = views_that_send_files() | KNOWN_FILE_VIEWS
    found = set(files) | set(gated)
    assert expected - found == set(), f"not reached by the walk: {sorted(expected - found)}"

    # Files that came at once are declared non-personal, and contain none of
    # the demo's phone numbers or e-mail addresses.
    personal = _personal_values()
    assert len(personal) > 50
    undeclared = sorted(set(files) - set(ALLOWLIST))
    assert undeclared == [], "these views return files without asking a reason"
    for name, downloads in files.items():
        for url, content in downloads:
            text = _text_of(content)
            leaked = sorted(v for v in personal if v in text)
            assert leaked == [], f"{name} ({url}) contains personal data: {leaked[:3]}"

    # Every other one asked a purpose first; with one, the file comes and the
    # purpose is in the access log.
    assert {"education:roster_xlsx", "programs:attachment", "programs:receipt"} <= set(gated)
    for name, urls in gated.items():
        for url in urls:
            before = PersonalDataAccess.objects.count()
            detail = f"점검 {name}"[:150]
            redirect = client.post(url, {"purpose": "감사·점검", "detail": detail})
            assert redirect.status_code == 302, name
            response = client.get(redirect.url)
            assert _is_file(response), f"{name}: no file after the reason"
            assert _content(response), name
            entries = PersonalDataAccess.objects.order_by("-pk")
            assert entries.count() == before + 1, name
            assert entries.first().reason == f"감사·점검: {detail}"
            assert entries.first().action == "export"


def test_full_roster_without_a_reason_sends_no_file(client, manager_user, staff_user):
    session = SessionFactory()
    RegistrationFactory(session=session, name="김철용")
    url = f"/education/staff/sessions/{session.pk}/roster.xlsx?full=1"
    client.force_login(manager_user)
    page = client.get(url)
    assert page["Content-Type"].startswith("text/html")
    assert "내려받는 목적" in page.content.decode() and "김철용" not in page.content.decode()
    assert not PersonalDataAccess.objects.filter(action="export").exists()
    client.force_login(staff_user)  # the unmasked roster is for managers only
    assert client.get(url).status_code == 404
