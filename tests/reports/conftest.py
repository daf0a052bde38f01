import pytest


@pytest.fixture
def report_year(demo):
    """The 2021 demo year (center data; app sources add to it when present)."""
    return demo
