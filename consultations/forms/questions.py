"""Forms for online questions: the citizen's question with documents and the
staff's answer."""

from django import forms
from django.core.exceptions import ValidationError

from core.public_forms import PublicFormMixin
from core.uploads import DOCUMENTS, KINDS, MAX_UPLOAD_BYTES, validate_upload

from .contact import ContactFieldsMixin, clean_phone_value, topic_field

MAX_DOCUMENTS = 5


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class QuestionForm(PublicFormMixin, ContactFieldsMixin):
    consent_purpose = "온라인 상담 접수, 답변과 서류검토 결과 안내"
    consent_items = "이름, 이메일, 휴대전화 번호(선택), 협동조합명(선택), 질문 내용과 첨부 서류"

    category = topic_field("상담 분야")
    title = forms.CharField(
        label="제목", max_length=100, error_messages={"required": "제목을 입력해 주세요."}
    )
    body = forms.CharField(
        label="질문",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": "질문을 입력해 주세요.",
            "max_length": "질문은 5,000자 이하로 써 주세요.",
        },
    )
    documents = MultipleFileField(
        label="서류검토용 첨부 (선택)",
        required=False,
        help_text=(
            f"정관, 창립총회 의사록 등. {', '.join(KINDS[k][0] for k in DOCUMENTS)} 파일, "
            f"한 파일 {MAX_UPLOAD_BYTES // (1024 * 1024)}MB 이하, {MAX_DOCUMENTS}개까지. "
            "서류를 올리면 서류검토로 접수되어 7일(영업일) 안에 답변합니다."
        ),
    )

    field_order = [
        "category",
        "title",
        "body",
        "documents",
        "name",
        "email",
        "phone",
        "cooperative_name",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].required = False
        self.fields["phone"].label = "휴대전화 (선택)"
        self.fields["documents"].widget.attrs["accept"] = ",".join(
            sorted(ext for k in DOCUMENTS for ext in KINDS[k][1])
        )

    def clean_phone(self):
        value = self.cleaned_data.get("phone", "").strip()
        return clean_phone_value(value) if value else ""

    def clean_documents(self):
        files = self.cleaned_data.get("documents") or []
        if len(files) > MAX_DOCUMENTS:
            raise ValidationError(f"첨부 파일은 {MAX_DOCUMENTS}개까지 올릴 수 있습니다.")
        checked, errors = [], []
        for upload in files:
            try:
                checked.append((upload, validate_upload(upload)))
            except ValidationError as exc:
                errors.append(f"{upload.name}: {' '.join(exc.messages)}")
        if errors:
            raise ValidationError(errors)
        return checked


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="답변",
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=10000,
        error_messages={"required": "답변을 입력해 주세요."},
    )
