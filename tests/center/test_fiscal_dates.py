"""Issue 12.16: one date rule for every record of a fiscal year (in the form,
next to the field), `+82` phone numbers accepted and normalised, waitlist
positions renumbered after a promotion."""

import datetime as dt

import pytest

from center import fiscal
from center.models import FiscalYear
from core.privacy import format_phone, national_phone

pytestmark = pytest.mark.django_db


# --- the kernel rule ------------------------------------------------------------------------


def test_rule_accepts_the_whole_year_and_nothing_outside():
    assert fiscal.period(2022) == (dt.date(2022, 1, 1), dt.date(2022, 12, 31))
    assert fiscal.date_error("행사일", dt.date(2022, 1, 1), 2022) is None
    assert fiscal.date_error("행사일", dt.date(2022, 12, 31), 2022) is None
    assert fiscal.date_error("행사일", dt.date(2021, 12, 31), 2022) == (
        "행사일은 2022년 안이어야 합니다."
    )
    # The particle follows the label's last syllable.
    assert fiscal.date_error("모금 종료", dt.date(2999, 12, 31), 2022).startswith(
        "모금 종료는 2022년"
    )


# --- the forms ------------------------------------------------------------------------------


@pytest.mark.parametrize("date", ["1899-01-01", "2999-12-31"])
def test_content_item_far_outside_the_fiscal_years_is_refused(date):
    from outreach.forms import ContentItemForm

    FiscalYear.objects.create(year=2021)
    form = ContentItemForm(
        data={"kind": "press", "title": "보도자료", "date": date, "url": "https://example.com/a"}
    )
    assert not form.is_valid()
    assert form.errors["date"] == ["게시일은 2021년 안이어야 합니다."]
    ok = ContentItemForm(
        data={
            "kind": "press",
            "title": "보도자료",
            "date": "2021-07-01",
            "url": "https://example.com/a",
        }
    )
    assert ok.is_valid(), ok.errors


def test_survey_dates_must_lie_in_its_year():
    from outreach.forms import SurveyForm

    data = {
        "title": "2022 만족도 조사",
        "year": "2022",
        "opens_on": "1899-01-01",
        "closes_on": "2999-12-31",
        "questions": "만족하십니까?",
    }
    form = SurveyForm(data=data)
    assert not form.is_valid()
    assert form.errors["opens_on"] == ["조사 시작일은 2022년 안이어야 합니다."]
    assert form.errors["closes_on"] == ["조사 종료일은 2022년 안이어야 합니다."]
    form = SurveyForm(data={**data, "opens_on": "2022-11-01", "closes_on": "2022-11-30"})
    assert form.is_valid(), form.errors


def test_small_event_dates_must_lie_in_its_year():
    from programs.forms import SmallEventForm

    year = FiscalYear.objects.create(year=2022)
    data = {
        "cooperative": "햇살협동조합",
        "title": "마을 장터",
        "held_on": "2999-12-31",
        "funding_from": "1899-01-01",
        "funding_to": "2022-03-01",
        "amount_raised": "0",
        "backers": "0",
        "indirect_support": "0",
    }
    form = SmallEventForm(data=data, fiscal_year=year)
    assert not form.is_valid()
    assert form.errors["held_on"] == ["행사일은 2022년 안이어야 합니다."]
    assert "모금 시작은 2022년 안이어야" in form.errors["funding_from"][0]
    assert "funding_to" not in form.errors
    form = SmallEventForm(
        data={**data, "held_on": "2022-05-05", "funding_from": "2022-02-01"}, fiscal_year=year
    )
    assert form.is_valid(), form.errors


def test_call_dates_must_lie_in_its_year():
    from programs.forms import CallForm
    from programs.models import Program

    year = FiscalYear.objects.create(year=2022)
    program = Program.objects.get(code="startup")
    data = {
        "program": program.pk,
        "fiscal_year": year.pk,
        "title": "2022 모집",
        "opens_at": "1899-01-01T09:00",
        "closes_at": "2999-12-31T18:00",
        "eligibility": "예비 협동조합",
    }
    form = CallForm(data=data)
    assert not form.is_valid()
    assert form.errors["opens_at"] == ["접수 시작은 2022년 안이어야 합니다."]
    assert "접수 마감은 2022년 안이어야" in form.errors["closes_at"][0]
    form = CallForm(data={**data, "opens_at": "2022-03-02T09:00", "closes_at": "2022-03-20T18:00"})
    assert form.is_valid(), form.errors


def test_content_form_page_shows_the_error_next_to_the_date(staff_client):
    from outreach.models import ContentItem

    FiscalYear.objects.create(year=2021)
    response = staff_client.post(
        "/outreach/content/add/",
        {"kind": "press", "title": "옛 보도", "date": "1899-01-01", "url": "https://e.com/x"},
    )
    assert response.status_code == 200
    assert "게시일은 2021년 안이어야 합니다" in response.content.decode()
    assert not ContentItem.objects.exists()


# --- +82 phone numbers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+82 10-1234-5678", "010-1234-5678"),
        ("+821012345678", "010-1234-5678"),
        ("+82 (0)10 1234 5678", "010-1234-5678"),
        ("0082-10-1234-5678", "010-1234-5678"),
        ("+82 2-123-4567", "02-123-4567"),
        ("010-1234-5678", "010-1234-5678"),
    ],
)
def test_country_code_numbers_are_normalised(raw, expected):
    assert format_phone(raw) == expected
    assert format_phone(national_phone(raw)) == expected


def test_phone_forms_accept_plus_82():
    from consultations.forms import clean_phone_value as consultation_phone
    from consultations.forms import validate_phone
    from education.forms import clean_phone_value as education_phone

    assert validate_phone("+82 10-1234-5678") == "010-1234-5678"
    assert consultation_phone("+82 10-1234-5678") == "010-1234-5678"
    assert education_phone("+82 10-1234-5678") == "010-1234-5678"


# --- waitlist ---------------------------------------------------------------------------------


def test_waitlist_positions_are_renumbered_after_a_promotion():
    from education import services
    from education.models import Registration
    from tests.education.factories import SessionFactory

    session = SessionFactory(capacity=1)
    regs = [
        services.register(
            session_id=session.pk,
            name=f"신청자{n}",
            phone=f"010-7100-{n:04d}",
            email=f"w{n}@example.com",
        )
        for n in range(4)
    ]
    services.cancel(registration_id=regs[0].pk)
    positions = dict(
        Registration.objects.filter(status="waitlisted").values_list("pk", "waitlist_position")
    )
    assert positions == {regs[2].pk: 1, regs[3].pk: 2}
    # A waiting person who cancels closes the gap too.
    services.cancel(registration_id=regs[2].pk)
    regs[3].refresh_from_db()
    assert regs[3].waitlist_position == 1


# --- the models: every write path that validates (forms, services, imports) ----------------------


def _stamp(day: str) -> dt.datetime:
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.fromisoformat(f"{day}T10:00"))


@pytest.mark.parametrize("day", ["1899-01-01", "2999-12-31"])
def test_course_session_dates_must_lie_in_its_courses_year(day):
    from django.core.exceptions import ValidationError

    from tests.education.factories import CourseFactory, SessionFactory

    course = CourseFactory(year=2022)
    session = SessionFactory.build(
        course=course, starts_at=_stamp(day), ends_at=_stamp(day) + dt.timedelta(hours=2)
    )
    with pytest.raises(ValidationError) as caught:
        session.full_clean()
    assert caught.value.message_dict["starts_at"] == ["시작 일시는 2022년 안이어야 합니다."]
    assert caught.value.message_dict["ends_at"] == ["종료 일시는 2022년 안이어야 합니다."]
    SessionFactory.build(
        course=course,
        starts_at=_stamp("2022-05-02"),
        ends_at=_stamp("2022-05-02") + dt.timedelta(hours=2),
    ).full_clean(exclude=["public_id"])


def test_session_form_shows_the_rule_next_to_the_field():
    from education.forms import SessionForm
    from tests.education.factories import CourseFactory

    course = CourseFactory(year=2022)
    form = SessionForm(
        data={
            "course": course.pk,
            "starts_at": "2999-12-31T10:00",
            "ends_at": "2999-12-31T12:00",
            "format": "offline",
            "capacity": "20",
        }
    )
    assert not form.is_valid()
    assert form.errors["starts_at"] == ["시작 일시는 2022년 안이어야 합니다."]


def test_reporter_cohort_term_must_lie_in_its_year():
    from django.core.exceptions import ValidationError

    from outreach.models import ReporterCohort

    cohort = ReporterCohort(
        number=9, year=2022, term_start=dt.date(1899, 1, 1), term_end=dt.date(2999, 12, 31)
    )
    with pytest.raises(ValidationError) as caught:
        cohort.full_clean()
    assert caught.value.message_dict["term_start"] == ["활동 시작은 2022년 안이어야 합니다."]
    assert caught.value.message_dict["term_end"] == ["활동 종료는 2022년 안이어야 합니다."]
    ReporterCohort(
        number=9, year=2022, term_start=dt.date(2022, 3, 1), term_end=dt.date(2022, 12, 31)
    ).full_clean()


def test_content_item_and_survey_models_check_their_dates_outside_forms():
    from django.core.exceptions import ValidationError

    from outreach.models import ContentItem, Survey

    FiscalYear.objects.create(year=2021)
    with pytest.raises(ValidationError) as caught:
        ContentItem(kind="press", title="보도", date=dt.date(1899, 1, 1)).full_clean()
    assert caught.value.message_dict["date"] == ["게시일은 2021년 안이어야 합니다."]
    survey = Survey(
        title="조사", year=2022, opens_on=dt.date(1899, 1, 1), closes_on=dt.date(2022, 2, 1)
    )
    with pytest.raises(ValidationError) as caught:
        survey.full_clean()
    assert caught.value.message_dict["opens_on"] == ["조사 시작일은 2022년 안이어야 합니다."]
    assert "closes_on" not in caught.value.message_dict
