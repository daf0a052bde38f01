"""Programs and calls, with the criteria and document types formsets."""

from django import forms
from django.core.exceptions import ValidationError

from core.widgets import DateTimeInput

from ..models import Call, Criterion, DocumentType, Program

# --- programs and calls -------------------------------------------------------------------


ProgramForm = forms.modelform_factory(
    Program,
    fields=["name", "code", "order", "budget_line_name", "description"],
    widgets={"description": forms.Textarea(attrs={"rows": 3})},
    error_messages={
        "code": {"unique": "같은 코드의 사업이 이미 있습니다."},
        "name": {"unique": "같은 이름의 사업이 이미 있습니다."},
    },
)


class CallForm(forms.ModelForm):
    """The dates are checked by `Call.clean()` (fiscal year, closing after
    opening), which the form runs and `services.save_call` runs again."""

    class Meta:
        model = Call
        fields = [
            "program",
            "fiscal_year",
            "title",
            "opens_at",
            "closes_at",
            "max_amount",
            "eligibility",
            "description",
            "published",
        ]
        widgets = {
            "opens_at": DateTimeInput(),
            "closes_at": DateTimeInput(),
            "eligibility": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }


CriterionForm = forms.modelform_factory(Criterion, fields=["order", "name", "weight"])


DocumentTypeForm = forms.modelform_factory(DocumentType, fields=["order", "name", "required"])


class _WeightsFormSet(forms.BaseInlineFormSet):
    def validate_unique(self):
        """Duplicates get the Korean message of `clean` below instead."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        names, total, count = set(), 0, 0
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            name = form.cleaned_data.get("name")
            if name in names:
                raise ValidationError("같은 이름의 심사 기준이 두 번 있습니다.")
            names.add(name)
            total += form.cleaned_data.get("weight") or 0
            count += 1
        if count == 0:
            raise ValidationError("심사 기준을 한 개 이상 입력하세요.")
        if total != 100:
            raise ValidationError(f"심사 기준 배점의 합계가 100이어야 합니다. (지금 {total})")


class _DocumentsFormSet(forms.BaseInlineFormSet):
    def validate_unique(self):
        """Duplicates get the Korean message of `clean` below instead."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        names = set()
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            if form.cleaned_data.get("name") in names:
                raise ValidationError("같은 이름의 제출 서류가 두 번 있습니다.")
            names.add(form.cleaned_data.get("name"))


CriterionFormSet = forms.inlineformset_factory(
    Call, Criterion, form=CriterionForm, formset=_WeightsFormSet, extra=3, can_delete=True
)
DocumentTypeFormSet = forms.inlineformset_factory(
    Call, DocumentType, form=DocumentTypeForm, formset=_DocumentsFormSet, extra=2, can_delete=True
)
