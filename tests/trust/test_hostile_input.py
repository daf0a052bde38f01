"""Property-based tests: hostile values thrown at every public form and
public JSON endpoint, found generically (nothing here names an app's form).

Forms are found by crawling the public site as an anonymous visitor with the
full 2021 demo loaded, starting from every public URL pattern that needs no
arguments (tests/urlwalk.py) and following links; each `<form method=post>`
found is filled from its own fields. Public patterns that answer JSON get
JSON bodies. The properties: never a 5xx; a rejected submission saves nothing
and says why next to a field (or in an alert); nothing reflects raw markup.
"""

import json
import string
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.public_forms import HONEYPOT_FIELD
from tests.urlwalk import project_urls, required_role

SKIP_NAMES = {"login", "logout"}  # login is covered by django-axes' lockout tests
MAX_PAGES = 80
MARKER = "<script>alert(1)</script>"

# --- hostile values ------------------------------------------------------------------

FRAGMENTS = [
    "",
    " ",
    "\x00",
    "\u202e\u200b\ufeff",
    "'; DROP TABLE auth_user; --",
    "' OR '1'='1",
    '" onmouseover="alert(1)',
    MARKER,
    "<img src=x onerror=alert(1)>",
    "{{ settings.SECRET_KEY }}",
    "%s%s%n",
    "../../etc/passwd",
    "😀👨‍👩‍👧‍👦🇰🇷",
    "김철용" * 400,
    "A" * 10_000,
    "null",
    "true",
    "-1",
    "0",
    "1e309",
    "99999999999999999999999",
    "NaN",
    "１２３",
    "9999-12-31",
    "0001-01-01",
    "2021-02-30",
    "1900-01-01",
    "2999-01-01T25:61",
    "24:60",
    "010-1234-5678",
    "a@b",
    "@@",
    "x" * 300 + "@example.com",
]

hostile_text = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=0, max_size=300
    ),
    st.text(alphabet=string.printable + "\x00\x01\x1b\x7f", max_size=50),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.dates(min_value=__import__("datetime").date(1, 1, 1)).map(str),
)


# --- forms found by crawling ---------------------------------------------------------------


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = {
                "method": (a.get("method") or "get").lower(),
                "action": a.get("action") or "",
                "fields": {},
            }
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "textarea", "select") and a.get("name"):
            kind = a.get("type", "text").lower() if tag == "input" else tag
            field = self._form["fields"].setdefault(
                a["name"], {"type": kind, "value": a.get("value", ""), "options": []}
            )
            if kind in ("radio", "checkbox"):
                field["options"].append(a.get("value", "on"))
            if tag == "select":
                self._select = field
        elif tag == "option" and self._select is not None:
            self._select["options"].append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _crawl(client) -> tuple[list[tuple[str, dict]], list[str]]:
    """(form action URL, form) for every POST form on public pages, and the
    public patterns that answer JSON."""
    start, json_urls = [], []
    for name, url, callback in project_urls():
        if required_role(callback) != "public" or name in SKIP_NAMES:
            continue
        start.append(url)
    queue, seen, forms = list(start), set(), {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        content_type = response.get("Content-Type", "")
        if "json" in content_type or (response.status_code == 405 and url in start):
            json_urls.append(url)
            continue
        if response.status_code != 200 or "html" not in content_type:
            continue
        page = _Page()
        page.feed(response.content.decode(errors="replace"))
        for form in page.forms:
            action = urljoin(url, form["action"]) if form["action"] else url
            path = urlsplit(action).path
            if form["method"] == "post" and path not in SKIP_PATHS and _is_public(path):
                # One form per view: /education/s/<a>/ and /education/s/<b>/ are the same.
                forms.setdefault(_view_name(path), (path, form))
        for href in page.links:
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.netloc or not parts.path.startswith("/") or parts.path in SKIP_PATHS:
                continue
            if _is_public(parts.path):
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return sorted(forms.values(), key=lambda item: item[0]), json_urls


SKIP_PATHS = {"/accounts/login/", "/accounts/logout/", "/admin/"}

_CRAWLS: dict[str, tuple[list[tuple[str, dict]], list[str]]] = {}


def _public_crawl():
    """`_crawl(Client())`, once per database content and session: an anonymous
    GET-only walk gives the same forms and endpoints on the same rows, so the
    two tests below (kept on one xdist worker by their group) share one walk.
    The key is every row of every table (tests/demosnap.py's digest), so a
    test whose database differs crawls afresh. Hidden values are per render
    anyway (a fresh idempotency key each time), so a reused form is one the
    site could have served. (The broker setting the first test clears only
    changes /healthz's status, not its JSON type, which is all the walk reads.)"""
    import hashlib

    from django.db import connection

    from tests import demosnap

    state = demosnap._state(connection)
    key = hashlib.sha256(
        "".join(f"{table}:{digest};" for table, (digest, _c) in sorted(state.items())).encode()
    ).hexdigest()
    if key not in _CRAWLS:
        _CRAWLS[key] = _crawl(Client())
    forms, json_urls = _CRAWLS[key]
    return [(url, {**form, "fields": dict(form["fields"])}) for url, form in forms], list(json_urls)


def _view_name(path: str) -> str:
    from django.urls import resolve

    return resolve(path).view_name


def _is_public(path: str) -> bool:
    from django.urls import Resolver404, resolve

    try:
        match = resolve(path)
    except Resolver404:
        return False
    return required_role(match.func) == "public" and match.url_name not in SKIP_NAMES


def _payload(draw, fields: dict) -> dict:
    data = {}
    for name, field in fields.items():
        kind = field["type"]
        if name == "csrfmiddlewaretoken" or kind in ("submit", "button", "image", "reset"):
            continue
        if name == HONEYPOT_FIELD:
            data[name] = ""
            continue
        choice = draw(st.integers(0, 9))
        if choice == 0:
            continue  # the field is missing altogether
        if kind == "file":
            content = draw(
                st.sampled_from([b"", b"%PDF-1.4 tiny", b"MZ\x90\x00exe", b"\x89PNG\r\n\x1a\n"])
            )
            data[name] = SimpleUploadedFile(
                draw(st.sampled_from(["a.pdf", "a.exe", "..pdf"])), content
            )
        elif kind in ("checkbox", "radio", "select") and field["options"] and choice < 7:
            data[name] = draw(st.sampled_from(field["options"]))
        elif kind == "hidden" and choice < 6:
            data[name] = field["value"]
        elif choice == 9:
            data[name] = draw(st.lists(hostile_text, min_size=2, max_size=3))  # wrong type
        else:
            data[name] = draw(hostile_text)
    return data


class _Writes:
    """Rows saved or deleted during a request, seen through Django's model
    signals (cheaper than counting every table for every example)."""

    # Request bookkeeping, not records: sessions, login attempts, and the
    # idempotency key each POST claims (core.idempotency).
    SKIP = ("sessions.", "axes.", "admin.", "core.idempotencykey")

    def __enter__(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        self.written: list[str] = []
        self._signals = (post_save, post_delete, m2m_changed)
        for signal in self._signals:
            signal.connect(self._seen, dispatch_uid=f"hostile-{id(self)}", weak=False)
        return self

    def _seen(self, sender, **kwargs):
        label = sender._meta.label_lower
        if not label.startswith(self.SKIP):
            self.written.append(label)

    def __exit__(self, *exc):
        for signal in self._signals:
            signal.disconnect(dispatch_uid=f"hostile-{id(self)}")


ERROR_MARKS = ("invalid-feedback", "errorlist", "alert-danger", 'role="alert"', "is-invalid")


def _check_form(url: str, form: dict):
    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(st.data())
    def run(data):
        cache.clear()  # rate limits are tested elsewhere; every example gets through
        client = Client(raise_request_exception=False)
        payload = _payload(data.draw, form["fields"])
        with _Writes() as writes:
            response = client.post(url, payload)
        assert response.status_code < 500, f"{url} → {response.status_code} for {payload!r:.500}"
        body = response.content.decode(errors="replace")
        assert MARKER not in body, f"{url} reflects raw markup"
        if response.status_code in (301, 302, 303):
            return  # accepted: valid data may save
        changed = writes.written
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            if changed:
                return  # accepted and answered on the same page (no redirect)
            assert any(mark in body for mark in ERROR_MARKS), f"{url}: rejected without a message"
        assert not changed, f"{url} answered {response.status_code} but saved {changed}"

    run()


def _check_json(url: str):
    json_values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | hostile_text,
        lambda children: (
            st.lists(children, max_size=3)
            | st.dictionaries(st.text(max_size=10), children, max_size=3)
        ),
        max_leaves=8,
    )
    keys = st.sampled_from(
        ["slot", "name", "phone", "email", "date", "id", "token", "content", "consent", "year"]
    )

    @settings(
        max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None
    )
    @given(
        st.one_of(
            st.dictionaries(keys | st.text(max_size=12), json_values, max_size=6).map(json.dumps),
            st.sampled_from(["", "{", "[]", "null", '{"a":', "\x00", "😀"]),
        ),
        st.sampled_from(["GET", "POST"]),
    )
    def run(body, method):
        cache.clear()
        client = Client(raise_request_exception=False)
        with _Writes() as writes:
            if method == "GET":
                response = client.get(url, {"q": body, "date": body, "year": body})
            else:
                response = client.post(url, body, content_type="application/json")
        assert response.status_code < 500, (
            f"{method} {url} → {response.status_code} for {body!r:.300}"
        )
        if response.status_code >= 400:
            assert not writes.written, (
                f"{url} answered {response.status_code} but saved {writes.written}"
            )

    run()


@pytest.mark.xdist_group("hostile-public-crawl")
@pytest.mark.django_db
def test_every_public_form_and_json_endpoint_survives_hostile_input(full_demo, settings):
    # /healthz answers 503 while no worker runs (CI has a broker, no worker): that is
    # its answer, not a failure under attack; without a broker it must answer 200.
    settings.CELERY_BROKER_URL = ""
    forms, json_urls = _public_crawl()
    assert forms or json_urls  # the crawl found something to attack
    for url, form in forms:
        _check_form(url, form)
    for url in json_urls:
        _check_json(url)


@pytest.mark.xdist_group("hostile-public-crawl")
@pytest.mark.django_db
def test_every_public_form_and_json_endpoint_is_rate_limited(full_demo):
    """Each public POST target answers 429 (with a Korean message) once one
    client sends too many; another client still gets through."""
    forms, json_urls = _public_crawl()
    # Monitoring must never be rate-limited; the API's schema is a document
    # (django-ninja answers it to any method), no POST target.
    probes = {reverse("healthz"), "/api/openapi.json"}
    targets = [url for url, _form in forms] + [
        url
        for url in json_urls
        if url not in probes and Client().post(url).status_code not in (404, 405)
    ]
    assert targets
    unlimited = []
    for url in targets:
        cache.clear()
        client = Client(raise_request_exception=False)
        statuses = [client.post(url, {}, REMOTE_ADDR="10.9.9.9").status_code for _ in range(40)]
        if 429 not in statuses:
            unlimited.append(url)
            continue
        refused = client.post(url, {}, REMOTE_ADDR="10.9.9.9")
        assert refused.status_code == 429
        if "json" in refused.get("Content-Type", ""):
            assert "요청이 너무 많습니다" in json.dumps(refused.json(), ensure_ascii=False)
        else:
            assert "요청이 너무 많습니다" in refused.content.decode()
        assert client.post(url, {}, REMOTE_ADDR="10.9.9.10").status_code != 429
    assert unlimited == [], f"public POST targets without a rate limit: {unlimited}"


# --- query strings on every list page ------------------------------------------------

QUERY_VALUES = ["²", "\x00", "-1", "99999999999999999999", "abc", "١٢"]


def _filterset_params() -> set[str]:
    """Every GET name of every django-filter FilterSet in the project (a
    range filter's two halves included)."""
    import django_filters

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    names = set()
    for cls in subclasses(django_filters.FilterSet):
        if cls.__module__.startswith("django_filters") or cls._meta.model is None:
            continue
        form = cls(data={}, queryset=cls._meta.model.objects.none()).form
        for name, field in form.fields.items():
            suffixes = getattr(field.widget, "widgets_names", None)
            names.update(name + s for s in suffixes) if suffixes else names.add(name)
    return names


class _GetParams(HTMLParser):
    """Names a page itself puts in a query string: GET forms' fields and the
    keys of its links' query strings."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.names: set[str] = set()
        self._get_form = False

    def handle_starttag(self, tag, attrs):
        from urllib.parse import parse_qs

        a = dict(attrs)
        if tag == "form":
            self._get_form = (a.get("method") or "get").lower() == "get"
        elif self._get_form and tag in ("input", "select", "textarea") and a.get("name"):
            self.names.add(a["name"])
        elif tag == "a" and "?" in (a.get("href") or ""):
            self.names.update(parse_qs(urlsplit(a["href"]).query, keep_blank_values=True))

    def handle_endtag(self, tag):
        if tag == "form":
            self._get_form = False


def _list_pages():
    """Every GET page whose only argument (if any) is the year."""
    from django.urls import NoReverseMatch
    from django.urls import reverse as django_reverse

    from tests.urlwalk import iter_patterns

    seen = set()
    for name, _callback, converters in iter_patterns():
        if name.startswith("admin:") or name in seen or set(converters) - {"year"}:
            continue
        seen.add(name)
        if name in SKIP_NAMES or name.endswith(("logout", "otp_remove")):
            continue
        try:
            yield name, django_reverse(name, kwargs={"year": 2021} if converters else None)
        except NoReverseMatch:
            continue


@pytest.mark.django_db
def test_every_query_parameter_of_every_list_page_survives_hostile_values(demo, django_user_model):
    """Each list page is asked for with every parameter it (or any FilterSet)
    reads set to a value `int()` refuses or no column holds; the page answers
    (unfiltered or with the filter ignored), never a 5xx."""
    root = django_user_model.objects.create_superuser("root", password="very-long-password-1")
    client = Client(raise_request_exception=False)
    client.force_login(root)
    pages = list(_list_pages())  # imports every view, and so every FilterSet
    filter_names = _filterset_params()
    assert {"q", "status"} & filter_names  # the FilterSets were found
    failures, tried = [], 0
    for name, url in pages:
        first = client.get(url)
        if first.status_code != 200 or "html" not in first.get("Content-Type", ""):
            continue
        page = _GetParams()
        page.feed(first.content.decode(errors="replace"))
        names = page.names | filter_names | {"page", "year", "month"}
        names.discard("csrfmiddlewaretoken")
        for value in QUERY_VALUES:
            tried += 1
            response = client.get(url, dict.fromkeys(sorted(names), value))
            if response.status_code >= 500:
                failures.append(f"{url}?…={value!r} ({name}) → {response.status_code}")
    assert tried > 100
    assert failures == [], "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/dashboard/?year=²",
        "/center/access-log/?user=²",
        "/center/access-log/?user=99999999999999999999",
        "/center/2021/expenditures/?line=²&month=²",
        "/center/2021/budget/add/?parent=²",
        "/reports/2021/?year=²",
        "/education/staff/?year=99999999999999999999",
        "/outreach/content/?year=-1",
    ],
)
def test_a_non_ascii_digit_in_the_query_string_is_ignored(demo, manager_client, url):
    """The parameter is ignored: the page shows what it shows without it."""
    path = url.split("?")[0]
    plain = manager_client.get(path)
    response = manager_client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    heading = plain.content.decode().split("<h1", 1)[1].split("</h1>", 1)[0]
    assert heading in body


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_nul_in_a_search_is_dropped_on_postgres(demo, staff_client):
    """PostgreSQL refuses a NUL in a query; the search runs without it."""
    response = staff_client.get("/consultations/cooperatives/", {"q": "협동\x00조합"})
    assert response.status_code == 200
    assert response.wsgi_request.GET["q"] == "협동조합"
