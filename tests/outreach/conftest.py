import pytest


@pytest.fixture(autouse=True)
def _eager_celery(request):
    """Tasks run in-process here, even when CI sets REDIS_URL for the suite;
    the Redis tests start a real worker instead."""
    if request.node.get_closest_marker("redis"):
        yield
        return
    from portal.celery import app

    old = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = old


@pytest.fixture
def channels(db):
    from outreach.demo import _channels

    return _channels()


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    from django.core.cache import cache

    cache.clear()
