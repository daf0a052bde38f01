"""The fiscal-year date rule holds on every write path of calls and small
events: the service refuses what the form refuses, and so does the model's
clean() (what an admin or a script calling full_clean() goes through)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.errors import ServiceError
from programs import services
from programs.forms import CriterionFormSet, DocumentTypeFormSet
from programs.models import Call, Program, SmallEvent

from .factories import FiscalYearFactory

pytestmark = pytest.mark.django_db


def _at(year, month, day):
    return timezone.make_aware(dt.datetime(year, month, day, 9, 0))


def _formsets(call):
    criteria = CriterionFormSet(
        {
            "criteria-TOTAL_FORMS": "1",
            "criteria-INITIAL_FORMS": "0",
            "criteria-0-order": "0",
            "criteria-0-name": "사업 계획",
            "criteria-0-weight": "100",
        },
        instance=call,
        prefix="criteria",
    )
    documents = DocumentTypeFormSet(
        {"documents-TOTAL_FORMS": "0", "documents-INITIAL_FORMS": "0"},
        instance=call,
        prefix="documents",
    )
    assert criteria.is_valid() and documents.is_valid()
    return criteria, documents


def _call(fy, opens, closes):
    return Call(
        program=Program.objects.get(code="startup"),
        fiscal_year=fy,
        title="창업팀 모집",
        opens_at=opens,
        closes_at=closes,
        eligibility="예비 협동조합",
    )


def test_save_call_refuses_dates_outside_the_fiscal_year():
    fy = FiscalYearFactory(year=2021)
    call = _call(fy, _at(1899, 1, 1), _at(2999, 12, 31))
    criteria, documents = _formsets(call)
    with pytest.raises(ServiceError) as caught:
        services.save_call(call=call, criteria=criteria, documents=documents)
    assert caught.value.message_dict == {
        "opens_at": ["접수 시작은 2021년 안이어야 합니다."],
        "closes_at": ["접수 마감은 2021년 안이어야 합니다."],
    }
    assert not Call.objects.exists()


def test_save_call_refuses_a_closing_before_the_opening():
    fy = FiscalYearFactory(year=2021)
    call = _call(fy, _at(2021, 3, 10), _at(2021, 3, 2))
    criteria, documents = _formsets(call)
    with pytest.raises(ServiceError) as caught:
        services.save_call(call=call, criteria=criteria, documents=documents)
    assert caught.value.message_dict == {"closes_at": ["접수 마감은 접수 시작보다 뒤여야 합니다."]}
    assert not Call.objects.exists()


def test_save_call_keeps_a_call_inside_its_year():
    fy = FiscalYearFactory(year=2021)
    call = _call(fy, _at(2021, 3, 2), _at(2021, 3, 12))
    criteria, documents = _formsets(call)
    saved = services.save_call(call=call, criteria=criteria, documents=documents)
    assert saved.pk and saved.total_weight() == 100


def test_call_model_clean_applies_the_rule():
    fy = FiscalYearFactory(year=2021)
    with pytest.raises(ValidationError) as caught:
        _call(fy, _at(2021, 3, 2), _at(2022, 1, 1)).full_clean()
    assert caught.value.message_dict["closes_at"] == ["접수 마감은 2021년 안이어야 합니다."]


def _event(fy, **dates):
    return SmallEvent(fiscal_year=fy, cooperative="마을부엌 협동조합", title="나눔장터", **dates)


@pytest.mark.parametrize(
    ("dates", "field", "label"),
    [
        ({"held_on": dt.date(1899, 1, 1)}, "held_on", "행사일은"),
        ({"funding_from": dt.date(2020, 12, 31)}, "funding_from", "모금 시작은"),
        ({"funding_to": dt.date(2999, 12, 31)}, "funding_to", "모금 종료는"),
    ],
)
def test_save_small_event_refuses_dates_outside_the_fiscal_year(dates, field, label):
    fy = FiscalYearFactory(year=2021)
    with pytest.raises(ServiceError) as caught:
        services.save_small_event(event=_event(fy, **dates))
    assert caught.value.message_dict == {field: [f"{label} 2021년 안이어야 합니다."]}
    assert not SmallEvent.objects.exists()


def test_save_small_event_refuses_a_funding_end_before_its_start():
    fy = FiscalYearFactory(year=2021)
    event = _event(fy, funding_from=dt.date(2021, 5, 10), funding_to=dt.date(2021, 5, 1))
    with pytest.raises(ServiceError) as caught:
        services.save_small_event(event=event)
    assert caught.value.message_dict == {
        "funding_to": ["모금 종료일은 시작일보다 앞설 수 없습니다."]
    }
    assert not SmallEvent.objects.exists()


def test_save_small_event_saves_an_event_inside_its_year():
    fy = FiscalYearFactory(year=2021)
    event = services.save_small_event(
        event=_event(fy, held_on=dt.date(2021, 10, 9), funding_from=dt.date(2021, 9, 1))
    )
    assert SmallEvent.objects.get().pk == event.pk


def test_small_event_model_clean_applies_the_rule():
    fy = FiscalYearFactory(year=2021)
    with pytest.raises(ValidationError) as caught:
        _event(fy, held_on=dt.date(2022, 1, 3)).full_clean()
    assert caught.value.message_dict["held_on"] == ["행사일은 2021년 안이어야 합니다."]
