"""Counters under real concurrency (PostgreSQL): no lost update, no duplicate row."""

import datetime as dt
import threading

import pytest
from django.db import connection

from outreach import services
from outreach.models import DailyPageView, DailyVisitor, MonthlyFigure
from outreach.services import pageviews

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_threads(target, n=8):
    errors = []

    def wrapped(i):
        try:
            target(i)
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=wrapped, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_concurrent_page_views_are_all_counted(channels):
    day = dt.date(2021, 7, 1)
    pageviews._day_cache.clear()

    def view(i):
        for k in range(25):
            services.count_page_view(ip=f"10.0.{i}.{k % 5}", user_agent="UA", day=day)

    run_threads(view)
    services.flush_page_views(today=day)
    assert DailyPageView.objects.get(date=day).views == 200
    assert DailyVisitor.objects.filter(date=day).count() == 40


def test_concurrent_additions_to_a_new_figure_lose_nothing(channels):
    homepage = channels["homepage"]

    def add(i):
        for _ in range(20):
            services.add_to_figure(channel=homepage, metric="visits", year=2021, month=7, delta=1)

    run_threads(add)
    assert MonthlyFigure.objects.get(channel=homepage, metric="visits", month=7).value == 160
