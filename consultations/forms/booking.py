"""Forms for bookings: the citizen's booking form and its JSON API twin, the
calendar's range, the staff's Zoom link and video slot rules. Services
re-check the slot under the lock."""

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError

from core.display import format_date_weekday
from core.privacy import consent_text
from core.public_forms import PublicFormMixin
from core.querystring import MAX_ID, parse_int

from ..models import KINDS as SLOT_KINDS
from ..models import Category, VideoSlotRule
from ..services import check_slot
from .contact import ContactFieldsMixin, topic_field

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
            label = format_date_weekday(day)
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
                label = f"{format_date_weekday(day)} {time:%H:%M} {dict(SLOT_KINDS)[kind]}"
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
