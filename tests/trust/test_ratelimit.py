"""Per-client rate limits on public forms (core.public_forms.ratelimit)."""

import random
import threading

import pytest
from django.core.cache import caches
from django.test import Client

pytestmark = pytest.mark.urls("tests.trust.urls")
URL = "/trust-test/limited/"


def _ip():
    return f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"


def test_over_the_limit_answers_429_with_the_korean_page(client, db):
    ip = _ip()
    for _ in range(3):
        assert client.post(URL, REMOTE_ADDR=ip).status_code == 200
    response = client.post(URL, REMOTE_ADDR=ip)
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    body = response.content.decode()
    assert "요청이 너무 많습니다" in body and '<html lang="ko">' in body
    # Another client is not affected; reading the page (GET) is not limited.
    assert client.post(URL, REMOTE_ADDR=_ip()).status_code == 200
    assert client.get(URL, REMOTE_ADDR=ip).status_code == 200


def test_json_endpoints_answer_429_in_json(client, db):
    ip = _ip()
    for _ in range(2):
        client.post("/trust-test/limited.json", REMOTE_ADDR=ip)
    response = client.post("/trust-test/limited.json", REMOTE_ADDR=ip)
    assert response.status_code == 429
    # The API's one error shape (issue 16.11): a code and the Korean message.
    assert response.json() == {
        "error": {
            "code": "rate_limited",
            "message": "요청이 너무 많습니다. 잠시 후 다시 시도해 주세요.",
        }
    }


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": settings.REDIS_URL,
        }
    }
    yield caches["default"]


@pytest.mark.redis
def test_limit_is_shared_through_redis_by_separate_clients_and_connections(db, redis_cache):
    """Requests of one address through different clients and different
    cache connections (threads, as in separate web workers) share one count."""
    from django.core.cache.backends.redis import RedisCache

    assert isinstance(redis_cache, RedisCache)
    ip = _ip()
    statuses = []

    def worker():
        statuses.append(Client().post(URL, REMOTE_ADDR=ip).status_code)
        caches["default"].close()

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [200, 200, 200]
    # The fourth request, from yet another client in this thread, is refused.
    response = Client().post(URL, REMOTE_ADDR=ip)
    assert response.status_code == 429
    assert "요청이 너무 많습니다" in response.content.decode()
    # The count really lives in Redis.
    import redis

    keys = redis.Redis.from_url(redis_cache._servers[0]).keys(f"*ratelimit:trust-test:{ip}:*")
    assert len(keys) == 1
