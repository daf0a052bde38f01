"""Issue 12.15: the words users saw. Korean labels on every model form, the
source's Korean label in the XLSX 산출 column, an unnamed caller shown as
이름 미입력 (never 파기됨, never "()"), Django's stock messages in natural
Korean, particles that follow the word, no trailing comma in a count list."""

import datetime as dt
import importlib
import inspect
import io
import re

import pytest
from django import forms

from core.korean import josa

pytestmark = pytest.mark.django_db

HANGUL = re.compile(r"[가-힣]")


def test_every_visible_model_form_label_is_korean():
    untranslated = []
    for app in ("center", "consultations", "education", "programs", "outreach", "reports"):
        try:
            module = importlib.import_module(f"{app}.forms")
        except ImportError:
            continue
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if not (issubclass(cls, forms.ModelForm) and cls.__module__ == module.__name__):
                continue
            if getattr(cls._meta, "model", None) is None:
                continue
            for field_name, field in cls.base_fields.items():
                if isinstance(field.widget, forms.HiddenInput):
                    continue
                if not HANGUL.search(str(field.label or "")):
                    untranslated.append(f"{app}.{name}.{field_name}: {field.label!r}")
    assert untranslated == []


def test_indicator_and_unit_forms_name_their_choices_in_korean(demo):
    from center.forms import IndicatorForm, KeyTaskForm, ProgramUnitForm

    assert IndicatorForm(fiscal_year=demo).fields["unit"].label == "단위사업"
    assert ProgramUnitForm(fiscal_year=demo).fields["area"].label == "사업 분야"
    assert KeyTaskForm(plan=demo.plan).fields["area"].label == "추진 분야"


def test_xlsx_source_column_shows_the_sources_korean_label(demo):
    from openpyxl import load_workbook

    from center.models import Indicator
    from core import registry as indicators
    from reports import exporters

    indicator = Indicator.objects.filter(unit__area__fiscal_year=demo).first()
    indicators.register("test.wording", "기초상담 · 테스트 건수", measure="건")(lambda year: 3)
    try:
        Indicator.objects.filter(pk=indicator.pk).update(source="test.wording")
        wb = load_workbook(io.BytesIO(exporters.render(demo, "xlsx")))
        column = [row[8] for row in wb["성과지표"].iter_rows(min_row=2, values_only=True)]
        assert "기초상담 · 테스트 건수" in column
        assert not any(isinstance(v, str) and v.startswith("test.") for v in column)
        assert "직접 입력" in column
    finally:
        indicators.unregister("test.wording")


def test_plan_import_reads_the_label_back_as_the_key():
    from core import registry as indicators

    indicators.register("test.resolve", "교육 · 테스트 인원", measure="명")(lambda year: 0)
    try:
        assert indicators.resolve("교육 · 테스트 인원").key == "test.resolve"
        assert indicators.resolve("test.resolve").key == "test.resolve"
        assert indicators.resolve("없는 산출") is None
    finally:
        indicators.unregister("test.resolve")


def test_caller_without_a_name_is_not_shown_as_destroyed(staff_client):
    from django.utils import timezone

    from consultations.models import Client, Consultation
    from consultations.views.staff import _describe

    unnamed = Client.objects.create(name="", phone="010-3333-4444")
    scrubbed = Client.objects.create(name="", phone="", scrubbed_at=timezone.now())
    assert unnamed.masked_name == "이름 미입력"
    assert scrubbed.masked_name == "(파기됨)"
    consultation = Consultation.objects.create(
        client=unnamed, channel="phone", started_at=timezone.now(), summary="설립 문의"
    )
    line = _describe(consultation)
    assert "(이름 미입력)" in line and "()" not in line
    body = staff_client.get("/consultations/").content.decode()
    assert "이름 미입력" in body and "(파기됨)" not in body


def test_answer_counts_have_no_trailing_comma(staff_client):
    from consultations.models import Advisor, AdvisoryAnswer

    advisor = Advisor.objects.create(
        name="김자문",
        field="labor",
        board="basic",
        term_start=dt.date(2021, 1, 1),
        term_end=dt.date(2022, 12, 31),
    )
    for _ in range(7):
        AdvisoryAnswer.objects.create(
            advisor=advisor,
            answered_on=dt.date(2021, 5, 1),
            field="labor",
            question="q",
            answer="a",
        )
    AdvisoryAnswer.objects.create(
        advisor=advisor, answered_on=dt.date(2021, 5, 2), field="law", question="q", answer="a"
    )
    body = staff_client.get("/consultations/advisory-answers/").content.decode()
    assert "(법률 1건, 인사노무 7건)" in body
    assert "건, )" not in body


# --- Django's stock messages ------------------------------------------------------------------


def test_length_limit_reads_as_natural_korean():
    field = forms.CharField(max_length=200)
    with pytest.raises(forms.ValidationError) as exc:
        field.clean("가" * 10000)
    assert exc.value.messages == ["200자 이하로 입력해 주세요. (지금 10000자)"]
    field = forms.CharField(min_length=2)
    with pytest.raises(forms.ValidationError) as exc:
        field.clean("가")
    assert exc.value.messages == ["2자 이상 입력해 주세요. (지금 1자)"]


def test_unique_value_message_has_no_machine_particle(manager_client):
    from center.models import FiscalYear

    FiscalYear.objects.create(year=2021)
    response = manager_client.post("/center/years/add/", {"year": "2021"})
    body = response.content.decode()
    assert "같은 연도 값이 이미 있습니다." in body
    assert "은/는" not in body and "이미 존재합니다" not in body


def test_unique_together_message_joins_labels_naturally():
    from outreach.models import Channel, MonthlyFigure

    channel = Channel.objects.create(name="블로그", slug="blog-w", metrics=["visits"])
    MonthlyFigure.objects.create(channel=channel, metric="visits", year=2021, month=1, value=1)
    duplicate = MonthlyFigure(channel=channel, metric="visits", year=2021, month=1, value=2)
    with pytest.raises(Exception) as exc:
        duplicate.validate_constraints()
    message = " ".join(exc.value.messages)
    assert "또한" not in message and "은/는" not in message


def test_integer_field_message():
    field = forms.IntegerField(label="목표")
    with pytest.raises(forms.ValidationError) as exc:
        field.clean("많이")
    assert exc.value.messages == ["정수를 입력하세요."]


@pytest.mark.parametrize(
    ("word", "pair", "expected"),
    [
        ("목표", "은/는", "목표는"),
        ("연도", "은/는", "연도는"),
        ("행사일", "은/는", "행사일은"),
        ("채널 ‘없는채널’", "이/가", "채널 ‘없는채널’이"),
        ("사업계획서", "을/를", "사업계획서를"),
        ("선정", "으로/로", "선정으로"),
        ("탈락", "으로/로", "탈락으로"),
        ("서울", "으로/로", "서울로"),
        ("abc", "을/를", "abc을(를)"),
    ],
)
def test_particle_follows_the_word(word, pair, expected):
    assert josa(word, pair) == expected
