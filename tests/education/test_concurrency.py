"""Capacity and waitlist under real concurrent sign-ups (PostgreSQL row locks)."""

import threading

import pytest
from django.db import connection
from django.test import Client

from education import services
from education.models import Registration

from .factories import SessionFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_in_threads(count, target):
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def worker(i):
        try:
            barrier.wait()
            results[i] = target(i)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results, errors


def test_concurrent_sign_ups_never_confirm_more_than_the_capacity():
    session = SessionFactory(capacity=5)

    def post(i):
        client = Client(REMOTE_ADDR=f"10.0.0.{i + 1}")
        return client.post(
            session.public_url(),
            {
                "name": f"동시신청{i}",
                "phone": f"010-8000-{i:04d}",
                "email": f"c{i}@example.com",
                "consent": "on",
            },
        ).status_code

    codes, errors = run_in_threads(20, post)
    assert errors == [] and codes == [302] * 20
    regs = Registration.objects.filter(session=session)
    assert regs.filter(status="registered").count() == 5
    waiting = sorted(regs.filter(status="waitlisted").values_list("waitlist_position", flat=True))
    assert waiting == list(range(1, 16))


def test_concurrent_cancellations_promote_each_waiting_person_once():
    session = SessionFactory(capacity=3)
    regs = [
        services.register(
            session_id=session.pk,
            name=f"사람{i}",
            phone=f"010-8100-{i:04d}",
            email=f"d{i}@example.com",
        )
        for i in range(7)
    ]
    confirmed = [r for r in regs if r.status == "registered"]

    def cancel(i):
        return services.cancel(registration_id=confirmed[i].pk).status

    statuses, errors = run_in_threads(3, cancel)
    assert errors == [] and statuses == ["cancelled"] * 3
    by_status = dict(
        (
            s,
            sorted(
                Registration.objects.filter(session=session, status=s).values_list(
                    "name", flat=True
                )
            ),
        )
        for s in ("registered", "waitlisted")
    )
    assert by_status["registered"] == ["사람3", "사람4", "사람5"]
    assert by_status["waitlisted"] == ["사람6"]


def test_concurrent_duplicate_sign_ups_keep_one():
    session = SessionFactory(capacity=5)

    def same_person(i):
        try:
            services.register(
                session_id=session.pk, name="중복", phone="010-8200-0001", email="dup@example.com"
            )
            return "ok"
        except services.ServiceError:
            return "refused"

    results, errors = run_in_threads(6, same_person)
    assert errors == [] and sorted(results) == ["ok"] + ["refused"] * 5
    assert Registration.objects.filter(session=session).count() == 1
