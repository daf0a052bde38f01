"""Fixtures of the consultations tests (`frozen` and `eager_celery` live in
tests/conftest.py)."""

import pytest


@pytest.fixture(autouse=True)
def _eager_celery(eager_celery):
    """Every consultations test sends its outbox e-mail in-process."""
