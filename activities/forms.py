"""Forms of the staff pages and the list filters. Validation lives in the
models' `clean()` (Korean, next to the field), which ModelForms run."""

import django_filters
from django import forms
from django_filters.filterset import filterset_factory

from center.models import FiscalYear
from core.querystring import query_year
from core.widgets import DateInput

from .models import (
    AwarenessSurvey,
    Committee,
    CommitteeMember,
    Event,
    FundingCampaign,
    FundingParticipant,
    Publication,
)


class RecordForm(forms.ModelForm):
    """The staff form of one of this app's records, so that each form only
    names its model and fields: every date through the browser's date
    picker, every long text (a model TextField) in a box of `TEXT_ROWS`
    lines, or the rows `text_rows` gives a shorter one; the fiscal year
    preset from `?year=` (the list's filter) or the newest year."""

    TEXT_ROWS = 4
    text_rows: dict[str, int] = {}

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()
            elif isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = self.text_rows.get(name, self.TEXT_ROWS)
        if "fiscal_year" in self.fields:
            field = self.fields["fiscal_year"]
            field.empty_label = None
            field.label_from_instance = lambda y: f"{y.year}년"
            if self.instance.pk is None and request is not None:
                year = query_year(request)
                chosen = FiscalYear.objects.filter(year=year).first() if year else None
                field.initial = chosen or FiscalYear.objects.order_by("-year").first()


class EventForm(RecordForm):
    text_rows = {"partners": 3}

    class Meta:
        model = Event
        fields = [
            "fiscal_year",
            "kind",
            "title",
            "date",
            "starts_at",
            "place",
            "url",
            "partners",
            "publication",
            "committee",
            "participants",
            "score_5",
            "score_4",
            "score_3",
            "score_2",
            "score_1",
            "description",
        ]
        widgets = {
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        help_texts = {"score_5": "종이·온라인 만족도 설문의 점수별 응답 수를 적습니다."}


class PublicationForm(RecordForm):
    class Meta:
        model = Publication
        fields = ["fiscal_year", "kind", "title", "published_on", "copies", "summary", "url"]


class CommitteeForm(RecordForm):
    text_rows = {"purpose": 3}

    class Meta:
        model = Committee
        fields = ["fiscal_year", "name", "established_on", "newly_formed", "purpose"]


class CommitteeMemberForm(RecordForm):
    class Meta:
        model = CommitteeMember
        fields = ["name", "affiliation", "field", "appointed_on", "term_ends_on"]


class FundingCampaignForm(RecordForm):
    class Meta:
        model = FundingCampaign
        fields = ["fiscal_year", "title", "platform", "starts_on", "ends_on", "url", "purpose"]


class FundingParticipantForm(RecordForm):
    class Meta:
        model = FundingParticipant
        fields = ["cooperative", "raised", "backers", "note"]
        widgets = {"cooperative": forms.TextInput(attrs={"autocomplete": "off"})}
        help_texts = {"cooperative": "협동조합의 정식 이름 (예: 해밀교육협동조합)"}


class AwarenessSurveyForm(RecordForm):
    class Meta:
        model = AwarenessSurvey
        fields = [
            "fiscal_year",
            "title",
            "opens_on",
            "closes_on",
            "target",
            "method",
            "respondents",
            "aware",
            "result",
        ]


# --- list filters ---------------------------------------------------------------------------


class YearFilterSet(django_filters.FilterSet):
    """A list of this app's records by fiscal year (`?year=2021`); a list
    with other filters adds them and names its Meta, one with none is
    `year_filter(Model)`."""

    year = django_filters.ModelChoiceFilter(
        label="회계연도",
        field_name="fiscal_year",
        to_field_name="year",
        queryset=FiscalYear.objects.order_by("-year"),
        empty_label="전체",
    )

    class Meta:
        fields = ["year"]


def year_filter(model) -> type[YearFilterSet]:
    """The filter set of a list of `model` filtered by the year alone."""
    return filterset_factory(model, filterset=YearFilterSet)


class EventFilter(YearFilterSet):
    kind = django_filters.ChoiceFilter(label="구분", choices=Event.Kind.choices, empty_label="전체")
    q = django_filters.CharFilter(label="행사명", field_name="title", lookup_expr="icontains")

    class Meta:
        model = Event
        fields = ["year", "kind", "q"]


# The lists filtered by the year alone.
PublicationFilter = year_filter(Publication)
CommitteeFilter = year_filter(Committee)
FundingFilter = year_filter(FundingCampaign)
SurveyFilter = year_filter(AwarenessSurvey)
