from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from core.display import staff_name
from core.korean import josa
from core.public_forms import PublicFormMixin
from core.roles import MANAGER, STAFF
from core.uploads import DOCUMENTS, validate_upload

from .models import (
    AdvisoryMember,
    Application,
    Call,
    CoachingAssignment,
    CoachingSession,
    Criterion,
    DemoDay,
    DocumentType,
    Expert,
    Outcome,
    PolicyIssue,
    PolicyMeeting,
    Program,
    PromoContent,
    Settlement,
    SmallEvent,
)
from .roles import REVIEWER

MAX_ATTACHMENT_BYTES = settings.UPLOAD_MAX_BYTES_DOCUMENT
MAX_RECEIPT_BYTES = settings.UPLOAD_MAX_BYTES_RECEIPT
RECEIPT_KINDS = ("pdf", "png", "jpeg")
MAX_MEMBERS = 10


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def _won_field(label, **kwargs):
    return forms.IntegerField(
        label=label,
        min_value=1,
        max_value=10**12,
        error_messages={
            "min_value": "1원 이상이어야 합니다.",
            "invalid": "숫자(원 단위)만 입력하세요.",
            "max_value": "금액이 너무 큽니다.",
        },
        **kwargs,
    )


# --- programs and calls -------------------------------------------------------------------


class ProgramForm(forms.ModelForm):
    class Meta:
        model = Program
        fields = ["name", "code", "order", "budget_line_name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "code": {"unique": "같은 코드의 사업이 이미 있습니다."},
            "name": {"unique": "같은 이름의 사업이 이미 있습니다."},
        }


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


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["order", "name", "weight"]


class DocumentTypeForm(forms.ModelForm):
    class Meta:
        model = DocumentType
        fields = ["order", "name", "required"]


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


# --- the public application -------------------------------------------------------------------


class ApplicationForm(PublicFormMixin, forms.Form):
    consent_purpose = "지원사업 신청 접수, 심사 및 결과 안내"
    consent_items = "대표자(담당자) 이름, 연락처, 이메일"

    organisation = forms.CharField(label="조합(팀)명", max_length=100)
    kind = forms.ChoiceField(label="조직 형태", choices=Application.KINDS)
    members = forms.CharField(
        label="컨소시엄 참여 조합",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="컨소시엄으로 신청할 때만 적습니다. 신청 조합(대표)을 뺀 참여 조합을 한 줄에 하나씩 적으세요.",
    )
    representative = forms.CharField(label="대표자(담당자) 이름", max_length=50)
    phone = forms.CharField(label="연락처", max_length=20, help_text="예: 010-1234-5678")
    email = forms.EmailField(
        label="이메일",
        help_text="심사 결과를 이 주소로 알려 드립니다.",
        error_messages={"invalid": "올바른 이메일 주소를 입력하세요."},
    )
    project_name = forms.CharField(label="사업(프로젝트)명", max_length=150)
    plan = forms.CharField(
        label="사업 계획",
        widget=forms.Textarea(attrs={"rows": 6}),
        min_length=20,
        error_messages={"min_length": "사업 계획을 20자 이상 적어 주세요."},
    )
    requested_amount = _won_field("신청 금액(원)", help_text="원 단위 숫자로 적습니다.")

    def __init__(self, *args, call: Call, **kwargs):
        self.call = call
        super().__init__(*args, **kwargs)
        if call.max_amount:
            self.fields["requested_amount"].max_value = call.max_amount
            self.fields[
                "requested_amount"
            ].help_text = f"원 단위 숫자로 적습니다. 최대 {call.max_amount:,}원"
        self.document_types = list(call.document_types.all())
        for doc in self.document_types:
            self.fields[f"doc_{doc.pk}"] = forms.FileField(
                label=f"{doc.name}{' (필수)' if doc.required else ' (선택)'}",
                required=doc.required,
                help_text="PDF, 한글(HWP·HWPX), 워드(DOCX), PNG, JPEG · 10MB 이하",
                error_messages={"required": f"{josa(doc.name, '을/를')} 첨부하세요."},
            )
        # Consent and the honeypot go last.
        for name in ("consent", "website"):
            self.fields[name] = self.fields.pop(name)

    def clean_phone(self):
        from core.privacy import format_phone, national_phone

        phone = national_phone(self.cleaned_data["phone"])
        digits = "".join(ch for ch in phone if ch.isdigit())
        if not 9 <= len(digits) <= 11:
            raise ValidationError("연락처를 숫자 9~11자리로 입력하세요. (예: 010-1234-5678)")
        return format_phone(phone)

    def clean_members(self):
        lines = [line.strip() for line in self.cleaned_data["members"].splitlines()]
        members = list(dict.fromkeys(line for line in lines if line))
        if len(members) > MAX_MEMBERS:
            raise ValidationError(f"참여 조합은 {MAX_MEMBERS}곳까지 적을 수 있습니다.")
        if any(len(m) > 100 for m in members):
            raise ValidationError("참여 조합명은 100자 이하로 적으세요.")
        return members

    def clean(self):
        cleaned = super().clean()
        org = cleaned.get("organisation")
        if org and org in cleaned.get("members", []):
            self.add_error("members", "신청 조합은 참여 조합 목록에 다시 적지 않습니다.")
        self.uploads = {}
        for doc in self.document_types:
            upload = cleaned.get(f"doc_{doc.pk}")
            if not upload:
                continue
            try:
                kind = validate_upload(upload, DOCUMENTS, MAX_ATTACHMENT_BYTES)
            except ValidationError as exc:
                self.add_error(f"doc_{doc.pk}", exc)
                continue
            self.uploads[doc] = (upload, kind)
        return cleaned

    def application_data(self) -> dict:
        c = self.cleaned_data
        return {
            key: c[key]
            for key in (
                "organisation",
                "kind",
                "representative",
                "phone",
                "email",
                "project_name",
                "plan",
                "requested_amount",
            )
        }


# --- reviews and selection --------------------------------------------------------------------


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label="심사 의견", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, criteria, review=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        existing = {}
        if review is not None:
            existing = {s.criterion_id: s.score for s in review.scores.all()}
            self.fields["comment"].initial = review.comment
        fields = {}
        for criterion in self.criteria:
            fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.name} (배점 {criterion.weight})",
                min_value=0,
                max_value=100,
                initial=existing.get(criterion.pk),
                help_text="0~100점",
                error_messages={
                    "required": "점수를 입력하세요.",
                    "min_value": "0점 이상이어야 합니다.",
                    "max_value": "100점 이하여야 합니다.",
                    "invalid": "숫자로 입력하세요.",
                },
            )
        fields["comment"] = self.fields.pop("comment")
        self.fields.update(fields)

    def scores(self) -> dict:
        return {c: self.cleaned_data[f"score_{c.pk}"] for c in self.criteria}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="결정",
        choices=[("selected", "선정"), ("rejected", "탈락")],
        widget=forms.RadioSelect,
    )
    amount = forms.IntegerField(
        label="지원 결정액(원)",
        required=False,
        min_value=1,
        max_value=10**12,
        error_messages={"min_value": "1원 이상이어야 합니다.", "invalid": "숫자로 입력하세요."},
    )
    budget_line = forms.ModelChoiceField(label="예산 항목", queryset=None, required=False)
    items = forms.CharField(
        label="지원 항목",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="지원금을 쓸 수 있는 항목을 한 줄에 하나씩 (예: 홈페이지 제작)",
    )
    note = forms.CharField(
        label="신청자에게 전할 말", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        from center.selectors import leaf_lines

        call = application.call
        self.fields["budget_line"].queryset = leaf_lines(call.fiscal_year)
        self.fields["budget_line"].empty_label = "선택하세요"
        default = leaf_lines(call.fiscal_year).filter(name=call.program.budget_line_name).first()
        if default:
            self.fields["budget_line"].initial = default.pk
        self.fields["amount"].initial = application.requested_amount
        self.fields["amount"].widget.attrs["max"] = application.requested_amount

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "selected":
            if not cleaned.get("amount"):
                self.add_error("amount", "선정할 때는 지원 결정액을 입력하세요.")
            if not cleaned.get("budget_line"):
                self.add_error("budget_line", "지원금이 나갈 예산 항목을 고르세요.")
            if not [i for i in (cleaned.get("items") or "").splitlines() if i.strip()]:
                self.add_error("items", "지원 항목을 한 개 이상 적으세요.")
        return cleaned


class AssignReviewerForm(forms.Form):
    reviewer = forms.ModelChoiceField(label="심사위원", queryset=None, empty_label="선택하세요")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, groups__name__in=[REVIEWER, STAFF, MANAGER])
            .distinct()
            .order_by("username")
        )
        self.fields["reviewer"].label_from_instance = lambda u: f"{staff_name(u)} ({u.username})"


# --- grant execution ------------------------------------------------------------------------


class DisbursementForm(forms.Form):
    date = forms.DateField(label="지급일", widget=DateInput())
    amount = _won_field("지급액(원)")


class SpendingForm(forms.Form):
    date = forms.DateField(label="사용일", widget=DateInput())
    item = forms.ModelChoiceField(label="지원 항목", queryset=None, empty_label="선택하세요")
    amount = _won_field("금액(원)")
    description = forms.CharField(label="내용", max_length=200)
    receipt = forms.FileField(
        label="영수증",
        required=False,
        help_text="PDF, PNG, JPEG · 5MB 이하",
    )

    def __init__(self, *args, grant, **kwargs):
        super().__init__(*args, **kwargs)
        self.grant = grant
        self.fields["item"].queryset = grant.items.all()
        self.fields["amount"].help_text = f"잔액 {grant.remaining:,}원 안에서 입력합니다."

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise ValidationError("앞으로의 날짜는 사용일로 적을 수 없습니다.")
        return date

    def clean_receipt(self):
        receipt = self.cleaned_data.get("receipt")
        if receipt:
            validate_upload(receipt, RECEIPT_KINDS, MAX_RECEIPT_BYTES)
        return receipt

    def clean(self):
        cleaned = super().clean()
        if Settlement.objects.filter(grant=self.grant).exists():
            raise ValidationError("정산이 끝난 지원금입니다. 더 기록할 수 없습니다.")
        return cleaned

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount > self.grant.remaining:
            raise ValidationError(f"지원금 잔액({self.grant.remaining:,}원)을 넘습니다.")
        return amount


class SettlementForm(forms.Form):
    settled_on = forms.DateField(label="정산일", widget=DateInput())
    note = forms.CharField(
        label="정산 의견", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


# --- coaching, outcomes, demo days ------------------------------------------------------------


class ExpertForm(forms.ModelForm):
    class Meta:
        model = Expert
        fields = ["name", "affiliation", "field", "phone", "email", "active"]


def _supported(fiscal_year):
    return (
        Application.objects.filter(call__fiscal_year=fiscal_year, status=Application.SELECTED)
        .select_related("call__program")
        .order_by("call__program__order", "organisation")
    )


class CoachingAssignmentForm(forms.ModelForm):
    class Meta:
        model = CoachingAssignment
        fields = ["application", "expert", "kind", "started_on"]
        widgets = {"started_on": DateInput()}

    def __init__(self, *args, fiscal_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = _supported(fiscal_year)
        self.fields["application"].label_from_instance = lambda a: (
            f"[{a.call.program.name}] {a.organisation}"
        )
        self.fields["expert"].queryset = Expert.objects.filter(active=True)

    def clean(self):
        cleaned = super().clean()
        expert, app, kind = cleaned.get("expert"), cleaned.get("application"), cleaned.get("kind")
        if expert and app and kind:
            clash = CoachingAssignment.objects.filter(expert=expert, application=app, kind=kind)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("expert", "이 전문가는 이미 이 팀에 같은 구분으로 배정되었습니다.")
        return cleaned


class CoachingSessionForm(forms.ModelForm):
    class Meta:
        model = CoachingSession
        fields = ["date", "topic", "notes"]
        widgets = {"date": DateInput(), "notes": forms.Textarea(attrs={"rows": 4})}


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
        self.fields["teams"].queryset = _supported(fiscal_year)
        self.fields["teams"].label_from_instance = lambda a: a.organisation

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date.year != self.fiscal_year.year:
            raise ValidationError(f"개최일은 {self.fiscal_year.year}년 안이어야 합니다.")
        return date


# --- small events -------------------------------------------------------------------------


def _https_urls(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class SmallEventForm(forms.ModelForm):
    """Dates are checked by `SmallEvent.clean()`, which the form runs and
    `services.save_small_event` runs again."""

    formfield_callback = _https_urls

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

    def clean(self):
        cleaned = super().clean()
        coop, title = cleaned.get("cooperative"), cleaned.get("title")
        if coop and title:
            clash = SmallEvent.objects.filter(
                fiscal_year=self.fiscal_year, cooperative=coop, title=title
            )
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("title", "같은 조합의 같은 행사가 이미 있습니다.")
        return cleaned


class PromoContentForm(forms.ModelForm):
    formfield_callback = _https_urls

    class Meta:
        model = PromoContent
        fields = ["title", "kind", "url", "published_on"]
        widgets = {"published_on": DateInput()}


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
        clash = AdvisoryMember.objects.filter(
            fiscal_year=self.fiscal_year,
            name=cleaned.get("name"),
            affiliation=cleaned.get("affiliation", ""),
        )
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if cleaned.get("name") and clash.exists():
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
        clash = PolicyIssue.objects.filter(fiscal_year=self.fiscal_year, number=number)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError("같은 연번의 과제가 이미 있습니다.")
        return number
