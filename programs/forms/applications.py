"""The citizens' application, reviews, reviewer assignment and the decision."""

import uuid

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from center.selectors import leaf_lines
from core.display import staff_name
from core.korean import josa
from core.privacy import consent_text, format_phone, national_phone
from core.public_forms import PublicFormMixin
from core.roles import MANAGER, STAFF
from core.uploads import DOCUMENTS, validate_upload

from ..models import Application, Call
from ..roles import REVIEWER
from .common import MAX_ATTACHMENT_BYTES, MAX_MEMBERS, won_field

UPLOAD_HELP = f"PDF, 한글(HWP·HWPX), 워드(DOCX), PNG, JPEG · {MAX_ATTACHMENT_BYTES // 2**20}MB 이하"
PARTICIPANTS_PURPOSE = "지원사업 심사와 선정 후 사업 관리(참여자 확인)"
PARTICIPANTS_ITEMS = (
    "신청서와 첨부 서류(참여자 명단, 컨소시엄 참여 조합 등)에 적힌 다른 분의 이름, 소속, 연락처"
)
PARTICIPANTS_NOTICE = (
    "명단에 다른 분의 개인정보를 적을 때는 그분께 위 목적과 보유 기간을 알리고 "
    "동의를 받아야 합니다. 확인란에 표시하면 동의를 받았음을 확인하는 것입니다."
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
        max_length=254,  # the model's column
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
    requested_amount = won_field("신청 금액(원)", help_text="원 단위 숫자로 적습니다.")

    form_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    consent_participants = forms.BooleanField(
        label="참여자 명단 등 다른 사람의 개인정보 제공에 대해 확인합니다. (필수)",
        required=True,
        error_messages={
            "required": "참여자 명단에 적힌 분들의 개인정보 제공을 확인해야 신청할 수 있습니다."
        },
    )

    def __init__(self, *args, call: Call, held: dict | None = None, **kwargs):
        self.call = call
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("form_key", uuid.uuid4())
        self.participants_consent = consent_text(PARTICIPANTS_PURPOSE, PARTICIPANTS_ITEMS)
        self.fields["consent_participants"].help_text = (
            self.participants_consent.as_text() + "\n" + PARTICIPANTS_NOTICE
        )
        if call.max_amount:
            self.fields["requested_amount"].max_value = call.max_amount
            self.fields[
                "requested_amount"
            ].help_text = f"원 단위 숫자로 적습니다. 최대 {call.max_amount:,}원"
        self.document_types = list(call.document_types.all())
        for doc in self.document_types:
            # A required field is marked once, by the form's asterisk like
            # every other required field; an optional one says (선택).
            self.fields[f"doc_{doc.pk}"] = forms.FileField(
                label=doc.name if doc.required else f"{doc.name} (선택)",
                required=doc.required,
                help_text=UPLOAD_HELP,
                error_messages={"required": f"{josa(doc.name, '을/를')} 첨부하세요."},
            )
        self.held = {}
        self.mark_held(held or {})
        # The consents and the honeypot go last.
        for name in ("consent", "consent_participants", "website"):
            self.fields[name] = self.fields.pop(name)

    def mark_held(self, held: dict) -> None:
        """Documents kept from an earlier try of this form ({document type id:
        HeldUpload}) need not be chosen again: the field says which file is kept."""
        self.held = dict(held)
        for doc in self.document_types:
            upload = self.held.get(doc.pk)
            if upload is not None:
                name = f"doc_{doc.pk}"
                field = self.fields[name]
                # A BoundField copies help_text when made: make it afresh.
                self._bound_fields_cache.pop(name, None)
                field.required = False
                field.help_text = (
                    f"올려 둔 파일: {upload.original_name} (다시 고르지 않아도 됩니다. "
                    f"다른 파일을 고르면 바뀝니다.) · {UPLOAD_HELP}"
                )

    @property
    def key(self):
        """The form's holding key (None when the posted one is not a UUID)."""
        try:
            return uuid.UUID(str(self.data.get("form_key") or self.initial.get("form_key")))
        except ValueError:
            return None

    def clean_phone(self):
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
        self.held_used = {}
        for doc in self.document_types:
            upload = cleaned.get(f"doc_{doc.pk}")
            if not upload:
                if doc.pk in self.held:
                    self.held_used[doc] = self.held[doc.pk]
                continue
            try:
                kind = validate_upload(upload, DOCUMENTS, MAX_ATTACHMENT_BYTES)
            except ValidationError as exc:
                self.add_error(f"doc_{doc.pk}", exc)
                continue
            self.uploads[doc] = (upload, kind)
        return cleaned

    def participants_consent_record(self) -> dict:
        return {
            "participants_consent_version": self.participants_consent.version,
            "participants_consent_at": timezone.now(),
        }

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
