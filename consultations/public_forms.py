"""Forms of the citizens' side (booking, online question, the JSON API) and
of the staff actions on them. Errors are Korean and sit next to the field;
services re-check the slot under the lock."""

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError

from core.privacy import consent_text, national_phone
from core.public_forms import PublicFormMixin
from core.querystring import MAX_ID, parse_int
from core.uploads import DOCUMENTS, KINDS, MAX_UPLOAD_BYTES, validate_upload

from .models import Category
from .public_models import KINDS as SLOT_KINDS
from .public_models import VideoSlotRule
from .public_services import check_slot

PHONE_RE = re.compile(r"^0\d{1,2}-?\d{3,4}-?\d{4}$")
MAX_DOCUMENTS = 5
SLOT_KEY_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})-(visit|video)$")


def parse_slot_key(value: str) -> tuple[dt.date, dt.time, str]:
    match = SLOT_KEY_RE.match(value or "")
    if not match:
        raise ValidationError("상담 시간을 골라 주세요.", code="invalid")
    try:
        day = dt.date.fromisoformat(match[1])
        time = dt.time.fromisoformat(match[2])
    except ValueError as exc:
        raise ValidationError("없는 날짜나 시각입니다.", code="invalid") from exc
    return day, time, match[3]


def clean_phone_value(value: str) -> str:
    value = national_phone(value).strip().replace(" ", "")
    if not PHONE_RE.match(value):
        raise ValidationError("전화번호를 010-1234-5678처럼 입력해 주세요.", code="phone")
    return value


def topic_field(label="상담 주제"):
    return forms.ModelChoiceField(
        label=label,
        queryset=Category.objects.filter(active=True),
        empty_label="골라 주세요",
        error_messages={
            "required": f"{label}를 골라 주세요.",
            "invalid_choice": "목록에 있는 주제를 골라 주세요.",
        },
    )


class ContactFieldsMixin(forms.Form):
    name = forms.CharField(
        label="이름",
        max_length=50,
        error_messages={"required": "이름을 입력해 주세요."},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label="휴대전화",
        max_length=20,
        error_messages={"required": "휴대전화 번호를 입력해 주세요."},
        widget=forms.TextInput(
            attrs={"autocomplete": "tel", "inputmode": "tel", "placeholder": "010-1234-5678"}
        ),
    )
    email = forms.EmailField(
        label="이메일",
        max_length=254,
        error_messages={
            "required": "이메일을 입력해 주세요.",
            "invalid": "올바른 이메일 주소를 입력해 주세요.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    cooperative_name = forms.CharField(
        label="협동조합명 (선택)",
        max_length=100,
        required=False,
        help_text="예비 협동조합이면 준비 중인 이름을 적어 주세요.",
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError("이름을 입력해 주세요.")
        return name

    def clean_phone(self):
        return clean_phone_value(self.cleaned_data["phone"])


class BookingForm(PublicFormMixin, ContactFieldsMixin):
    """The public booking form; the slot is picked on the calendar or from the list."""

    consent_purpose = "방문·화상 상담 예약 접수, 일정 안내와 상담 진행"
    consent_items = "이름, 휴대전화 번호, 이메일, 협동조합명(선택), 상담 내용"

    slot = forms.CharField(
        label="상담 시간",
        error_messages={"required": "상담 시간을 골라 주세요."},
        widget=forms.Select,
    )
    topic = topic_field()
    description = forms.CharField(
        label="상담받고 싶은 내용 (선택)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    field_order = [
        "slot",
        "name",
        "phone",
        "email",
        "cooperative_name",
        "topic",
        "description",
    ]

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "골라 주세요")]
        by_day: dict = {}
        for slot in slots:
            if slot.available:
                by_day.setdefault(slot.date, []).append(slot)
        for day, day_slots in by_day.items():
            label = f"{day.year}. {day.month}. {day.day}.({'월화수목금토일'[day.weekday()]})"
            choices.append(
                (
                    label,
                    [(s.key, f"{label} {s.time:%H:%M} {s.kind_label}") for s in day_slots],
                )
            )
        # Keep the citizen's choice visible even when it is no longer free,
        # so the error beside it makes sense.
        current = self.data.get(self.add_prefix("slot")) or self.initial.get("slot")
        if current and not any(current == key for _, group in choices[1:] for key, _ in group):
            try:
                day, time, kind = parse_slot_key(current)
                label = (
                    f"{day.year}. {day.month}. {day.day}.({'월화수목금토일'[day.weekday()]}) "
                    f"{time:%H:%M} {dict(SLOT_KINDS)[kind]}"
                )
            except ValidationError:
                label = "알 수 없는 시간"
            choices.append(("선택한 시간 (지금은 예약할 수 없음)", [(current, label)]))
        self.fields["slot"].widget.choices = choices

    def clean_slot(self):
        day, time, kind = parse_slot_key(self.cleaned_data["slot"])
        check_slot(day, time, kind)
        return day, time, kind


def booking_consent():
    """The consent text the booking page shows; the API stores its version too."""
    return consent_text(BookingForm.consent_purpose, BookingForm.consent_items)


class BookingApiForm(ContactFieldsMixin):
    """POST /api/bookings/: the same rules as the page, as JSON fields."""

    date = forms.DateField(
        input_formats=["%Y-%m-%d"],
        error_messages={
            "required": "날짜(date)를 YYYY-MM-DD로 보내 주세요.",
            "invalid": "날짜(date)는 YYYY-MM-DD 형식이어야 합니다.",
        },
    )
    time = forms.TimeField(
        input_formats=["%H:%M"],
        error_messages={
            "required": "시각(time)을 HH:MM으로 보내 주세요.",
            "invalid": "시각(time)은 HH:MM 형식이어야 합니다.",
        },
    )
    kind = forms.ChoiceField(
        choices=SLOT_KINDS,
        error_messages={
            "required": "상담 종류(kind)를 보내 주세요.",
            "invalid_choice": "상담 종류(kind)는 visit 또는 video여야 합니다.",
        },
    )
    topic = forms.CharField(
        max_length=50, error_messages={"required": "상담 주제(topic)를 보내 주세요."}
    )
    description = forms.CharField(required=False, max_length=2000)
    consent = forms.BooleanField(
        error_messages={
            "required": "개인정보 수집·이용에 동의(consent: true)해야 신청할 수 있습니다."
        }
    )

    def clean_topic(self):
        """A topic by its id or its name, among the active ones."""
        value = str(self.cleaned_data["topic"]).strip()
        topics = Category.objects.filter(active=True)
        pk = parse_int(value, min_value=1, max_value=MAX_ID)
        topic = (
            topics.filter(pk=pk).first() if pk is not None else topics.filter(name=value).first()
        )
        if topic is None:
            raise ValidationError("없는 상담 주제입니다.")
        return topic

    def clean(self):
        cleaned = super().clean()
        day, time, kind = cleaned.get("date"), cleaned.get("time"), cleaned.get("kind")
        if day and time and kind:
            try:
                check_slot(day, time, kind)
            except ValidationError as exc:
                field = "date" if exc.code in ("past", "horizon", "closed") else "time"
                self.add_error(field, exc)
        return cleaned


class SlotRangeForm(forms.Form):
    MAX_DAYS = 62

    start = forms.DateField(
        input_formats=["%Y-%m-%d"],
        error_messages={
            "required": "시작일(from)을 YYYY-MM-DD로 보내 주세요.",
            "invalid": "시작일(from)은 YYYY-MM-DD 형식이어야 합니다.",
        },
    )
    end = forms.DateField(
        input_formats=["%Y-%m-%d"],
        error_messages={
            "required": "종료일(to)을 YYYY-MM-DD로 보내 주세요.",
            "invalid": "종료일(to)은 YYYY-MM-DD 형식이어야 합니다.",
        },
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", "종료일(to)이 시작일(from)보다 앞설 수 없습니다.")
            elif (end - start).days + 1 > self.MAX_DAYS:
                self.add_error("end", f"한 번에 {self.MAX_DAYS}일까지만 조회할 수 있습니다.")
        return cleaned


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


class ZoomLinkForm(forms.Form):
    zoom_link = forms.URLField(
        label="Zoom 링크",
        max_length=200,
        assume_scheme="https",
        error_messages={
            "required": "Zoom 링크를 입력해 주세요.",
            "invalid": "https://로 시작하는 올바른 주소를 입력해 주세요.",
        },
    )

    def clean_zoom_link(self):
        link = self.cleaned_data["zoom_link"]
        if not link.startswith("https://"):
            raise ValidationError("https://로 시작하는 주소만 쓸 수 있습니다.")
        return link


class VideoSlotRuleForm(forms.ModelForm):
    class Meta:
        model = VideoSlotRule
        fields = ["weekday", "start", "active"]
        # A text box, not type=time: browsers show that in 12-hour form.
        widgets = {
            "start": forms.TimeInput(
                format="%H:%M", attrs={"placeholder": "16:00", "inputmode": "numeric"}
            )
        }
        help_texts = {"start": "24시간 표기로 적습니다 (예: 16:00)."}
        error_messages = {
            "start": {
                "required": "시작 시각을 입력해 주세요.",
                "invalid": "시작 시각을 14:30처럼 입력해 주세요.",
            },
            "weekday": {"required": "요일을 골라 주세요."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weekday"].choices = [("", "골라 주세요"), *self.fields["weekday"].choices[1:]]

    def clean_start(self):
        start = self.cleaned_data["start"]
        if start.minute % 10 or start.second:
            raise ValidationError("시작 시각은 10분 단위로 정해 주세요.")
        if not dt.time(9, 0) <= start <= dt.time(17, 20):
            raise ValidationError("화상상담은 09:00부터 17:20 사이에 시작해야 합니다.")
        return start

    def validate_unique(self):
        try:
            self.instance.validate_constraints()
        except ValidationError:
            self.add_error("start", "그 요일의 같은 시각에 이미 화상상담 시간이 있습니다.")
