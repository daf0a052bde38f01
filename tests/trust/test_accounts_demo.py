"""`load_demo --if-empty` (the demo step of `make run`) plants the demo accounts
with their published passwords only together with the demo data, on an empty
database (issue 12.1)."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command

from center.models import FiscalYear, Organisation

DEMO_USERNAMES = {"manager", "staff", "admin"}


def _run(*args):
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def _demo_accounts():
    return set(
        get_user_model()
        .objects.filter(username__in=DEMO_USERNAMES)
        .values_list("username", flat=True)
    )


def test_if_empty_with_a_real_user_creates_no_demo_account(db, django_user_model):
    django_user_model.objects.create_user("kim.jiwon", password="a-real-password-1")
    output = _run("--if-empty")
    assert _demo_accounts() == set()
    assert not FiscalYear.objects.exists()
    assert "이미 데이터가 있어" in output and "시연 계정" in output
    assert "비밀번호" not in output


def test_if_empty_with_records_but_no_user_creates_no_demo_account(db):
    Organisation.objects.create(
        name="서울시협동조합지원센터",
        address="서울",
        floor_area=1,
        phone="02-0000-0000",
        legal_basis="-",
    )
    output = _run("--if-empty")
    assert _demo_accounts() == set()
    assert get_user_model().objects.count() == 0
    assert "이미 데이터가 있어" in output


def test_if_empty_on_an_empty_database_brings_accounts_with_the_demo(db):
    output = _run("--if-empty")
    assert _demo_accounts() == DEMO_USERNAMES
    assert FiscalYear.objects.exists()
    assert "manager-demo-2021" in output
    # The second `make run` finds data and leaves everything as it is.
    admin = get_user_model().objects.get(username="admin")
    admin.set_password("changed-by-the-operator-1")
    admin.save()
    again = _run("--if-empty")
    assert "이미 데이터가 있어" in again and "manager-demo-2021" not in again
    admin.refresh_from_db()
    assert admin.check_password("changed-by-the-operator-1")
