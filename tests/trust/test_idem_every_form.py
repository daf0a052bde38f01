"""Every POST form in the URL map carries an idempotency key, and every form
that creates something, sent twice with the same key, creates it once.

Generic: the pages come from the URL map (tests/urlwalk.py), the forms are
read from the HTML and filled with plausible values, and the rows of every
model are counted before and after each POST. New forms are covered
without editing this test."""

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from tests.urlwalk import project_urls, required_role

pytestmark = pytest.mark.django_db

# Bookkeeping that any request may touch; not records a user creates.
IGNORED_TABLES = {
    "django_session",
    "center_idempotencykey",
}
IGNORED_PREFIXES = ("axes_", "django_celery_beat_", "otp_")


class FormParser(HTMLParser):
    """The POST forms of a page: action and fields (stdlib only)."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {
                "method": (a.get("method") or "get").lower(),
                "action": a.get("action") or "",
                "fields": [],
                "enctype": a.get("enctype") or "",
            }
            return
        if self._form is None:
            return
        if tag == "input":
            self._form["fields"].append(("input", a))
        elif tag == "select":
            self._select = {"name": a.get("name"), "options": [], "multiple": "multiple" in a}
        elif tag == "option" and self._select is not None:
            self._select["options"].append((a.get("value", ""), "selected" in a))
        elif tag == "textarea":
            self._textarea = {"name": a.get("name"), "text": ""}

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag):
        if self._form is None:
            return
        if tag == "select" and self._select is not None:
            self._form["fields"].append(("select", self._select))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._form["fields"].append(("textarea", self._textarea))
            self._textarea = None
        elif tag == "form":
            self.forms.append(self._form)
            self._form = None


def post_forms(body: str) -> list[dict]:
    parser = FormParser()
    parser.feed(body)
    return [f for f in parser.forms if f["method"] == "post"]


def _guess(name: str, kind: str) -> str:
    lowered = name.lower()
    now = timezone.localtime()
    if kind == "email" or "email" in lowered:
        return "idem@example.com"
    if kind == "tel" or "phone" in lowered:
        return "010-2345-6789"
    if kind == "datetime-local":
        return (now - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    if kind == "date":
        return now.date().isoformat()
    if kind == "time":
        return "10:00"
    if kind == "number" or "amount" in lowered or "year" in lowered:
        return "1"
    if kind == "url" or "url" in lowered or "link" in lowered:
        return "https://example.org/"
    return "중복 제출 시험"


def fill(form: dict) -> dict:
    data: dict[str, list[str]] = {}
    boxes: dict[str, list[tuple[str, bool]]] = {}
    for kind, field in form["fields"]:
        if kind == "select":
            if not field["name"]:
                continue
            chosen = [v for v, sel in field["options"] if sel] or [
                v for v, _ in field["options"] if v
            ][:1]
            data[field["name"]] = chosen
            continue
        if kind == "textarea":
            if field["name"]:
                data[field["name"]] = [field["text"].strip() or _guess(field["name"], "text")]
            continue
        name, itype = field.get("name"), (field.get("type") or "text").lower()
        if not name or itype in ("submit", "button", "reset", "file", "image"):
            continue
        if itype in ("checkbox", "radio"):
            boxes.setdefault(name, []).append((field.get("value", "on"), "checked" in field))
            continue
        value = field.get("value")
        if itype == "hidden" or value:
            data[name] = [value or ""]
        elif name.startswith("hp_") or "honeypot" in name or name == "website":
            data[name] = [""]
        else:
            data[name] = [_guess(name, itype)]
    for name, options in boxes.items():
        checked = [v for v, c in options if c]
        data[name] = checked or [options[0][0]]
    return data


def table_counts() -> dict[str, int]:
    counts = {}
    for model in apps.get_models():
        table = model._meta.db_table
        if table in IGNORED_TABLES or table.startswith(IGNORED_PREFIXES):
            continue
        if model._meta.proxy or not model._meta.managed:
            continue
        counts[table] = model._default_manager.count()
    return counts


def _grew(before: dict, after: dict) -> dict:
    return {t: after[t] - before.get(t, 0) for t in after if after[t] > before.get(t, 0)}


def _clients(manager_user):
    staff = Client()
    staff.force_login(manager_user)
    return {"public": Client(), "staff": staff}


def _pages(clients):
    """(url, client, body) of every page that answers 200 with HTML."""
    for name, url, callback in project_urls():
        role = required_role(callback)
        browser = clients["public"] if role == "public" else clients["staff"]
        cache.clear()
        try:
            response = browser.get(url)
        except Exception:  # a sample argument a view cannot take: not this test's subject
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        yield name, url, browser, response.content.decode()


@pytest.fixture
def demo_world(full_demo):
    """The whole demo, built once per session (tests/conftest.py)."""
    return full_demo


def test_every_post_form_on_every_page_carries_a_key(demo_world, manager_user):
    clients = _clients(manager_user)
    checked, missing = 0, []
    for name, _url, _browser, body in _pages(clients):
        for form in post_forms(body):
            checked += 1
            names = {f[1].get("name") for f in form["fields"] if f[0] == "input"}
            if "idempotency_key" not in names:
                missing.append(f"{name} → {form['action'] or '(self)'}")
    assert checked >= 30, checked
    assert not missing, missing


def test_every_form_sent_twice_with_its_key_changes_the_records_once(demo_world, manager_user):
    clients = _clients(manager_user)
    created, doubled = [], []
    for name, url, browser, body in list(_pages(clients)):
        for form in post_forms(body):
            if form["action"] not in ("", url) or "delete" in url:
                continue  # the page's own form only (not the nav's log-out)
            data = fill(form)
            if "idempotency_key" not in data:
                continue  # reported by the test above
            cache.clear()  # rate limits
            before = table_counts()
            try:
                first = browser.post(url, data)
            except Exception:
                continue
            middle = table_counts()
            if first.status_code not in (301, 302, 303) or not _grew(before, middle):
                continue  # nothing was created (invalid with guessed values, or an edit)
            created.append(name)
            cache.clear()
            second = browser.post(url, data)
            grown = _grew(middle, table_counts())
            if grown or second.status_code != 302 or second["Location"] != first["Location"]:
                doubled.append((name, grown, second.status_code))
    print(f"{len(created)} forms created records: {', '.join(created)}")
    assert len(created) >= 5, created
    assert not doubled, f"{len(doubled)} of {len(created)} forms doubled: {doubled}"
