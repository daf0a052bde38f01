"""axe-core (vendored by `make install`) on every public page and the main
staff pages: zero violations of WCAG 2.0/2.1/2.2 A and AA. The same visit
also fails on any Content-Security-Policy violation the browser reports.

Pages are found through tests/urlwalk.py, so pages the apps add later are
checked without editing this file."""

import io

import pytest
from django.core.management import call_command

from tests.e2e.conftest import login
from tests.urlwalk import iter_patterns, required_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = "/static/vendor/axe/axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]
NOT_PAGES = {"logout", "healthz", "healthz_live", "metrics"}  # a POST action and probes
CENTER_STAFF = [
    "center:dashboard",
    "center:profile",
    "center:budget",
    "center:expenditures",
    "center:plan",
    "center:indicators",
    "core:access_log",
]
# Pages of other engineers' apps with known violations, reported to the lead:
# {url name: reason}. Empty means every page passes.
KNOWN = {}


def _pages():
    """(kind, name, url) of public pages without arguments, the center's main
    staff pages, and each app's list pages (`<app>:…list`/`index`, no
    arguments other than the year)."""
    from django.urls import reverse

    public, staff = [], []
    for name, callback, converters in iter_patterns():
        if name.startswith("admin:") or name in NOT_PAGES:
            continue
        role = required_role(callback)
        if role == "public" and not converters:
            public.append((name, {}))
        elif role in ("staff", "manager") and set(converters) <= {"year"}:
            kwargs = {"year": 2021} if converters else {}
            short = name.rsplit(":", 1)[-1]
            if name in CENTER_STAFF or (
                ":" in name
                and not name.startswith("center:")
                and (short == "list" or short.endswith("_list") or short == "index")
            ):
                staff.append((name, kwargs))
    seen, result = set(), []
    for kind, entries in (("public", public), ("staff", staff)):
        for name, kwargs in entries:
            url = reverse(name, kwargs=kwargs or None)
            if url not in seen:
                seen.add(url)
                result.append((kind, name, url))
    return result


@pytest.fixture
def demo_with_accounts(transactional_db):
    call_command("load_demo", stdout=io.StringIO())


def _axe(page):
    page.add_script_tag(url=AXE)  # same-origin: allowed by the CSP
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ')),
            }));
        }""",
        TAGS,
    )


def test_pages_have_no_accessibility_or_csp_violations(page, live_server, demo_with_accounts):
    """One browser session over every page (the demo loads once): public
    pages anonymously, then staff pages as the demo manager."""
    pages = _pages()
    assert any(kind == "public" for kind, _n, _u in pages)
    assert {"center:dashboard", "center:budget"} <= {n for _k, n, _u in pages}
    csp_errors = []
    page.on(
        "console",
        lambda message: (
            csp_errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    problems, known = {}, {}
    logged_in = False
    queue = list(pages)
    while queue:
        kind, name, url = queue.pop(0)
        if kind == "staff" and not logged_in:
            login(page, live_server, "manager", "manager-demo-2021")
            page.wait_for_url("**/dashboard/")
            logged_in = True
            # Every page the staff menu links to is a main staff page too.
            listed = {u for _k, _n, u in pages}
            menu = page.eval_on_selector_all(
                "#main-nav a.nav-link:not(.dropdown-toggle), #main-nav a.dropdown-item",
                "links => links.map(a => a.getAttribute('href'))",
            )
            assert "/dashboard/" in menu, menu
            for href in menu:
                if href and href.startswith("/") and href not in listed:
                    listed.add(href)
                    queue.append(("staff", f"menu {href}", href))
        probe = page.request.get(f"{live_server.url}{url}")
        if probe.status == 405 or "html" not in (probe.headers.get("content-type") or ""):
            continue  # POST-only endpoints, JSON, calendar files: not pages
        csp_errors.clear()
        response = page.goto(f"{live_server.url}{url}")
        found = []
        if response.status >= 400:
            found.append(f"HTTP {response.status}")
        else:
            if page.evaluate("document.documentElement.lang") != "ko":
                found.append('<html lang="ko"> missing')
            found += [f"{v['id']} ({v['impact']}): {v['help']} {v['nodes']}" for v in _axe(page)]
            found += [f"CSP: {text}" for text in csp_errors]
        if found:
            (known if name in KNOWN else problems)[f"{name} {url}"] = found
    report = "\n".join(f"{page_}:\n  " + "\n  ".join(items) for page_, items in problems.items())
    assert not problems, "\n" + report
