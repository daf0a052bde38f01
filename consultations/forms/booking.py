"""Forms for bookings: the citizen's booking form and its JSON API twin, the
calendar's range, the staff's Zoom link and video slot rules. Services
re-check the slot under the lock."""

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError

from core.display import format_date_weekday
from core.public_forms import PublicFormMixin
from core.querystring import MAX_ID, parse_int

from ..models import KINDS as SLOT_KINDS
from ..models import Category, VideoSlotRule
from .contact import ContactFieldsMixin, clean_phone_value, phone_field, topic_field

REFERENCE_RE = re.compile(r"^B\d{6}-\d{5,}$")
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


class SlotKeyField(forms.CharField):
    """A slot as the calendar writes it (2021-11-04T10:30-visit), cleaned to
    (date, time, kind). Whether it is bookable the service decides."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "상담 시간")
        kwargs.setdefault("error_messages", {"required": "상담 시간을 골라 주세요."})
        super().__init__(**kwargs)

    def clean(self, value):
        return parse_slot_key(super().clean(value))


def iso_date_field(label: str, name: str) -> forms.DateField:
    """A YYYY-MM-DD field of the JSON API, its messages naming the JSON key."""
    return forms.DateField(
        input_formats=["%Y-%m-%d"],
        error_messages={
            "required": f"{label}({name})을 YYYY-MM-DD로 보내 주세요.",
            "invalid": f"{label}({name})은 YYYY-MM-DD 형식이어야 합니다.",
        },
    )


class BookingRequestMixin:
    """What the booking service needs from a valid booking form, page or API."""

    def slot_value(self) -> tuple[dt.date, dt.time, str]:
        return self.cleaned_data["slot"]

    def booking_request(self) -> dict:
        """Keyword arguments for `services.book_slot` (the client address aside)."""
        data = self.cleaned_data
        day, time, kind = self.slot_value()
        return {
            "day": day,
            "time": time,
            "kind": kind,
            **{f: data[f] for f in ("name", "phone", "email", "cooperative_name", "topic")},
            "description": data["description"],
            **self.consent_record(),
        }


class BookingForm(BookingRequestMixin, PublicFormMixin, ContactFieldsMixin):
    """The public booking form; the slot is picked on the calendar or from the list."""

    consent_purpose = "방문·화상 상담 예약 접수, 일정 안내와 상담 진행"
    consent_items = "이름, 휴대전화 번호, 이메일, 협동조합명(선택), 상담 내용"

    slot = SlotKeyField(widget=forms.Select)
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


class BookingApiForm(BookingRequestMixin, PublicFormMixin, ContactFieldsMixin):
    """POST /api/bookings/: the same rules and the same consent as the page
    (`consent_record()` stores the page's consent version), as JSON fields."""

    consent_purpose = BookingForm.consent_purpose
    consent_items = BookingForm.consent_items

    date = iso_date_field("날짜", "date")
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].error_messages["required"] = (
            "개인정보 수집·이용에 동의(consent: true)해야 신청할 수 있습니다."
        )

    def slot_value(self) -> tuple[dt.date, dt.time, str]:
        return self.cleaned_data["date"], self.cleaned_data["time"], self.cleaned_data["kind"]

    @classmethod
    def from_json(cls, payload: dict) -> "BookingApiForm":
        """The form for a JSON object: null is empty, and only a real JSON
        true counts as consent ("yes", 1, "false" do not)."""
        data = {
            k: "" if v is None else v if isinstance(v, str) else str(v) for k, v in payload.items()
        }
        if "consent" in payload:
            data["consent"] = "on" if payload["consent"] is True else ""
        return cls(data)

    def clean_topic(self):
        """A topic by its id or its name, among the active ones. A raw query
        with a fixed text: it runs on every API booking, and compiling the
        ORM's filter cost more than the lookup."""
        value = str(self.cleaned_data["topic"]).strip()
        pk = parse_int(value, min_value=1, max_value=MAX_ID)
        table = Category._meta.db_table
        where = "id = %s" if pk is not None else "name = %s"
        found = list(
            Category.objects.raw(
                f'SELECT id, "order", name, active FROM {table}'
                f' WHERE active AND {where} ORDER BY "order", id LIMIT 1',
                [pk if pk is not None else value],
            )
        )
        if not found:
            raise ValidationError("없는 상담 주제입니다.")
        return found[0]


class SlotRangeForm(forms.Form):
    MAX_DAYS = 62

    start = iso_date_field("시작일", "from")
    end = iso_date_field("종료일", "to")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", "종료일(to)이 시작일(from)보다 앞설 수 없습니다.")
            elif (end - start).days + 1 > self.MAX_DAYS:
                self.add_error("end", f"한 번에 {self.MAX_DAYS}일까지만 조회할 수 있습니다.")
        return cleaned


class BookingMoveForm(forms.Form):
    """The citizen's new time for a booking (picked on the calendar)."""

    slot = SlotKeyField(widget=forms.HiddenInput)


class BookingFindForm(forms.Form):
    """Phone + booking number: how a citizen who lost the link finds it."""

    phone = phone_field("신청할 때 쓴 휴대전화 번호")
    reference = forms.CharField(
        label="예약번호",
        max_length=20,
        help_text="예약 확인 메일에 있는 번호 (예: B211001-00012)",
        error_messages={"required": "예약번호를 입력해 주세요."},
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "B211001-00012"}),
    )

    def clean_phone(self):
        return clean_phone_value(self.cleaned_data["phone"])

    def clean_reference(self):
        value = self.cleaned_data["reference"].strip().upper().replace(" ", "")
        if not REFERENCE_RE.match(value):
            raise ValidationError("예약번호를 B211001-00012처럼 입력해 주세요.")
        return value


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
