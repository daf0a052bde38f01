"""The client's address behind a reverse proxy (issue 12 item 4):
X-Forwarded-For is believed only from TRUSTED_PROXIES, and the rate limit,
django-axes and the access log all use the same address."""

import random

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory

from core.privacy import PersonalDataAccess, client_ip, log_access

PROXY = "10.1.2.3"
CITIZEN = "203.0.113.7"


def _request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(_request(PROXY, CITIZEN)) == PROXY


def test_header_from_an_untrusted_address_is_ignored(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(_request("198.51.100.20", CITIZEN)) == "198.51.100.20"


def test_header_from_a_trusted_proxy_gives_the_right_most_untrusted_address(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "192.0.2.1"]
    assert client_ip(_request(PROXY, CITIZEN)) == CITIZEN
    # A client cannot choose its address by writing one further left…
    assert client_ip(_request(PROXY, f"1.1.1.1, {CITIZEN}")) == CITIZEN
    # …and a chain of trusted proxies is walked through.
    assert client_ip(_request(PROXY, f"1.1.1.1, {CITIZEN}, 192.0.2.1, 10.9.9.9")) == CITIZEN
    # Garbage or an empty header: the last sound hop.
    assert client_ip(_request(PROXY, "not-an-ip")) == PROXY
    assert client_ip(_request(PROXY, "")) == PROXY
    assert client_ip(_request(PROXY, f"{CITIZEN}, evil")) == PROXY
    assert client_ip(_request(PROXY, " 2001:db8::1 ")) == "2001:db8::1"


@pytest.mark.urls("tests.trust.urls")
def test_rate_limit_counts_citizens_behind_the_proxy_separately(client, db, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    url = "/trust-test/limited/"
    first = f"203.0.113.{random.randint(1, 254)}"
    for _ in range(3):
        assert client.post(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=first).status_code == 200
    assert client.post(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=first).status_code == 429
    # Another citizen through the same proxy is not limited.
    other = f"198.51.100.{random.randint(1, 254)}"
    assert client.post(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=other).status_code == 200


@pytest.mark.urls("tests.trust.urls")
def test_rate_limit_ignores_a_forged_header_from_outside(client, db, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    url = "/trust-test/limited/"
    attacker = f"198.51.100.{random.randint(1, 254)}"
    for n in range(3):
        forged = f"192.0.2.{n + 1}"
        assert (
            client.post(url, REMOTE_ADDR=attacker, HTTP_X_FORWARDED_FOR=forged).status_code == 200
        )
    forged = "192.0.2.99"
    assert client.post(url, REMOTE_ADDR=attacker, HTTP_X_FORWARDED_FOR=forged).status_code == 429


@pytest.mark.parametrize("trusted", [True, False])
def test_axes_records_the_same_address(client, staff_user, settings, trusted):
    settings.TRUSTED_PROXIES = [PROXY] if trusted else []
    response = client.post(
        "/accounts/login/",
        {"username": staff_user.username, "password": "wrong-password-123"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=CITIZEN,
    )
    assert response.status_code in (200, 403)
    attempt = AccessAttempt.objects.get(username=staff_user.username)
    assert attempt.ip_address == (CITIZEN if trusted else PROXY)


@pytest.mark.parametrize("trusted", [True, False])
def test_access_log_records_the_same_address(staff_user, settings, trusted):
    settings.TRUSTED_PROXIES = [PROXY] if trusted else []
    request = _request(PROXY, CITIZEN)
    request.user = staff_user
    log_access(request, staff_user, "view", subject="상담 #1")
    assert PersonalDataAccess.objects.get().ip == (CITIZEN if trusted else PROXY)
