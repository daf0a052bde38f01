"""Private pages are never kept by caches, token pages never indexed: checked
on every URL pattern of the project, found by walking the URL conf."""

import pytest
from django.core.cache import cache
from django.test import Client

from tests.education.factories import RegistrationFactory
from tests.urlwalk import iter_patterns, project_urls, required_role

pytestmark = pytest.mark.django_db


def cache_directives(response) -> set[str]:
    header = response.get("Cache-Control", "")
    return {part.strip().split("=")[0] for part in header.split(",") if part.strip()}


def private_urls():
    return [(name, url) for name, url, cb in project_urls() if required_role(cb) != "public"]


def token_urls():
    """Public patterns whose URL carries a token (private links mailed to citizens)."""
    names = {name for name, _cb, converters in iter_patterns() if "token" in converters}
    return [
        (name, url)
        for name, url, cb in project_urls()
        if name in names and required_role(cb) == "public"
    ]


def test_the_walk_finds_the_token_pages():
    names = {name for name, _url in token_urls()}
    assert {
        "consultations:booking_private",
        "consultations:question_private",
        "education:registration",
        "education:survey",
        "education:outreach_status",
        "programs:status",
        "outreach:confirm",
        "outreach:unsubscribe",
        "outreach:survey_answer",
    } <= names
    assert "education:public_session" not in names  # a shared sign-up page, not private


def test_every_private_page_is_no_store(manager_client, demo):
    anonymous = Client()
    missing = []
    urls = private_urls()
    assert len(urls) > 100
    for name, url in urls:
        for who, client in (("manager", manager_client), ("anonymous", anonymous)):
            response = client.get(url)
            if not {"no-store", "private"} <= cache_directives(response):
                missing.append((who, name, response.status_code, response.get("Cache-Control")))
            if "X-Robots-Tag" in response:
                missing.append((who, name, "X-Robots-Tag on a staff page"))
    assert missing == []


def test_every_token_page_is_no_store_and_noindex(client, db):
    cache.clear()
    problems = []
    for name, url in token_urls():
        for response in (client.get(url), client.post(url, {})):
            if not {"no-store", "private"} <= cache_directives(response):
                problems.append((name, response.status_code, response.get("Cache-Control")))
            if response.get("X-Robots-Tag") != "noindex, nofollow":
                problems.append((name, response.status_code, "X-Robots-Tag missing"))
    assert problems == []


def test_a_real_token_page_says_noindex_in_its_html(client, db):
    cache.clear()
    registration = RegistrationFactory()
    response = client.get(registration.private_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert registration.session.course.title in body  # the real page, not an error page
    assert '<meta name="robots" content="noindex">' in body
    assert {"no-store", "private"} <= cache_directives(response)
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    ics = client.get(f"{registration.private_url()}calendar.ics")
    assert ics.status_code == 200 and "no-store" in cache_directives(ics)


def test_public_pages_stay_cacheable_and_indexable(client, demo):
    for url in ("/", "/education/", "/programs/", "/booking/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" not in cache_directives(response), url
        assert "X-Robots-Tag" not in response, url
        assert 'name="robots"' not in response.content.decode(), url


def test_a_staff_page_has_no_robots_meta_but_no_store(staff_client, demo):
    response = staff_client.get("/center/2021/budget/")
    assert response.status_code == 200
    assert {"no-store", "private"} <= cache_directives(response)
    assert 'name="robots"' not in response.content.decode()
