"""Experts and coaching, outcomes and demo days, small events and their content."""

from django import forms
from django.core.exceptions import ValidationError

from core.forms import ClashMixin
from core.widgets import DateInput

from .. import selectors
from ..models import (
    CoachingAssignment,
    CoachingSession,
    DemoDay,
    Expert,
    Outcome,
    PromoContent,
    SmallEvent,
)
from .common import https_urls

# --- coaching, outcomes, demo days ------------------------------------------------------------


ExpertForm = forms.modelform_factory(
    Expert, fields=["name", "affiliation", "field", "phone", "email", "active"]
)


class CoachingAssignmentForm(ClashMixin, forms.ModelForm):
    clash_rules = [
        (
            ("expert", "application", "kind"),
            "expert",
            "이 전문가는 이미 이 팀에 같은 구분으로 배정되었습니다.",
        )
    ]

    class Meta:
        model = CoachingAssignment
        fields = ["application", "expert", "kind", "started_on"]
        widgets = {"started_on": DateInput()}

    def __init__(self, *args, fiscal_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = selectors.supported_applications(fiscal_year)
        self.fields["application"].label_from_instance = lambda a: (
            f"[{a.call.program.name}] {a.organisation}"
        )
        self.fields["expert"].queryset = Expert.objects.filter(active=True)


CoachingSessionForm = forms.modelform_factory(
    CoachingSession,
    fields=["date", "topic", "notes"],
    widgets={"date": DateInput(), "notes": forms.Textarea(attrs={"rows": 4})},
)


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Outcome
        fields = [
            "sales_before",
            "sales_after",
            "sales_note",
            "jobs_created",
            "products_developed",
            "participants",
            "founded",
            "founded_on",
            "story",
        ]
        widgets = {"founded_on": DateInput(), "story": forms.Textarea(attrs={"rows": 5})}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("founded_on") and not cleaned.get("founded"):
            self.add_error("founded", "설립일을 적었다면 '협동조합 설립'에 표시하세요.")
        return cleaned


class DemoDayForm(forms.ModelForm):
    class Meta:
        model = DemoDay
        fields = ["program", "title", "date", "place", "description", "teams"]
        widgets = {
            "date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "teams": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, fiscal_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fiscal_year = fiscal_year
        self.fields["teams"].queryset = selectors.supported_applications(fiscal_year)
        self.fields["teams"].label_from_instance = lambda a: a.organisation

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date.year != self.fiscal_year.year:
            raise ValidationError(f"개최일은 {self.fiscal_year.year}년 안이어야 합니다.")
        return date


# --- small events -------------------------------------------------------------------------


class SmallEventForm(ClashMixin, forms.ModelForm):
    """Dates are checked by `SmallEvent.clean()`, which the form runs and
    `services.save_small_event` runs again."""

    formfield_callback = https_urls
    clash_rules = [(("cooperative", "title"), "title", "같은 조합의 같은 행사가 이미 있습니다.")]

    class Meta:
        model = SmallEvent
        fields = [
            "cooperative",
            "title",
            "held_on",
            "funding_url",
            "funding_from",
            "funding_to",
            "amount_raised",
            "backers",
            "indirect_support",
        ]
        widgets = {
            "held_on": DateInput(),
            "funding_from": DateInput(),
            "funding_to": DateInput(),
        }

    def __init__(self, *args, fiscal_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fiscal_year = fiscal_year
        # The model's clean() checks the dates against the event's year.
        self.instance.fiscal_year = fiscal_year

    def clash_scope(self):
        return {"fiscal_year": self.fiscal_year}


class PromoContentForm(forms.ModelForm):
    formfield_callback = https_urls

    class Meta:
        model = PromoContent
        fields = ["title", "kind", "url", "published_on"]
        widgets = {"published_on": DateInput()}
