"""Policy work: the advisory board, meetings and forums, the issue register."""

from django import forms
from django.core.exceptions import ValidationError

from core.forms import clashes
from core.widgets import DateInput

from ..models import AdvisoryMember, PolicyIssue, PolicyMeeting

# --- policy work --------------------------------------------------------------------------


class AdvisoryMemberForm(forms.ModelForm):
    class Meta:
        model = AdvisoryMember
        fields = ["name", "affiliation", "role"]

    def __init__(self, *args, fiscal_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fiscal_year = fiscal_year

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("name") and clashes(
            self,
            AdvisoryMember,
            fiscal_year=self.fiscal_year,
            name=cleaned.get("name"),
            affiliation=cleaned.get("affiliation", ""),
        ):
            self.add_error("name", "같은 위원이 이미 있습니다.")
        return cleaned


class PolicyMeetingForm(forms.ModelForm):
    class Meta:
        model = PolicyMeeting
        fields = [
            "kind",
            "title",
            "date",
            "place",
            "attendees",
            "other_attendees",
            "agenda",
            "minutes",
        ]
        widgets = {
            "date": DateInput(),
            "attendees": forms.CheckboxSelectMultiple,
            "agenda": forms.Textarea(attrs={"rows": 3}),
            "minutes": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, fiscal_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fiscal_year = fiscal_year
        self.fields["attendees"].queryset = AdvisoryMember.objects.filter(fiscal_year=fiscal_year)

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date.year != self.fiscal_year.year:
            raise ValidationError(f"회의 일자는 {self.fiscal_year.year}년 안이어야 합니다.")
        return date


class PolicyIssueForm(forms.ModelForm):
    class Meta:
        model = PolicyIssue
        fields = ["number", "title", "area", "status", "priority", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, fiscal_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fiscal_year = fiscal_year

    def clean_number(self):
        number = self.cleaned_data["number"]
        if clashes(self, PolicyIssue, fiscal_year=self.fiscal_year, number=number):
            raise ValidationError("같은 연번의 과제가 이미 있습니다.")
        return number
