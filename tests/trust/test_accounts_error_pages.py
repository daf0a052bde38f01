"""The CSRF failure page and the 500 page (issue 12.7): Korean, in the portal's
layout, with a viewport, and a way back to the form."""

import re

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error

FORM = "/ask/"


@pytest.fixture
def csrf_client(db):
    return Client(enforce_csrf_checks=True)


def _links(body):
    return re.findall(r'<a class="btn btn-primary" href="([^"]*)"', body)


def test_expired_form_gets_a_korean_page_that_leads_back(csrf_client):
    csrf_client.get(FORM)  # the cookie is set, but the token sent is stale
    response = csrf_client.post(
        FORM,
        {"csrfmiddlewaretoken": "x" * 64, "title": "입력한 질문"},
        HTTP_REFERER="http://testserver/ask/?category=3",
    )
    body = response.content.decode()
    assert response.status_code == 403
    assert "보안 확인 시간이 지났습니다" in body
    assert '<html lang="ko">' in body
    assert 'name="viewport"' in body
    assert "skip-link" in body, "the portal's layout (base.html)"
    assert "DEBUG" not in body and "CSRF verification failed" not in body
    assert _links(body) == ["/ask/?category=3"]
    assert response["Cache-Control"] == "no-store"


def test_without_a_same_origin_referer_the_way_back_is_home(csrf_client):
    response = csrf_client.post(FORM, {}, HTTP_REFERER="https://evil.example/ask/")
    assert response.status_code == 403
    assert _links(response.content.decode()) == ["/"]
    assert _links(csrf_client.post(FORM, {}).content.decode()) == ["/"]


def test_missing_cookie_mentions_cookies(csrf_client):
    response = csrf_client.post(FORM, {}, HTTP_REFERER="http://testserver/ask/")
    assert "쿠키를 허용한 뒤" in response.content.decode()


def test_staff_login_form_too(csrf_client):
    response = csrf_client.post(
        "/accounts/login/",
        {"username": "x", "password": "y"},
        HTTP_REFERER="http://testserver/accounts/login/?next=/dashboard/",
    )
    assert response.status_code == 403
    assert _links(response.content.decode()) == ["/accounts/login/?next=/dashboard/"]


def test_server_error_page_has_a_viewport():
    response = server_error(RequestFactory().get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert 'name="viewport"' in body and '<html lang="ko">' in body
