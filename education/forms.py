import datetime as dt

import django_filters
from django import forms
from django.conf import settings
from django.utils import timezone

from core.display import format_date
from core.forms import ClashMixin
from core.privacy import format_phone
from core.public_forms import PublicFormMixin
from core.querystring import YearFilter
from core.uploads import DOCUMENTS, validate_upload
from core.widgets import DateInput, DateTimeInput

from . import services
from .models import (
    DISTRICTS,
    SURVEY_QUESTIONS,
    Course,
    CourseType,
    Instructor,
    OutreachRequest,
    Session,
)

PHONE_HELP = "예: 010-1234-5678"


def clean_phone_value(value: str) -> str:
    phone = format_phone(value)
    digits = "".join(ch for ch in phone if ch.isdigit())
    if not 9 <= len(digits) <= 11 or not digits.startswith("0"):
        raise forms.ValidationError("전화번호를 확인해 주세요. 예: 010-1234-5678")
    return phone


class PhoneField(forms.CharField):
    """A phone number checked and formatted as the portal stores it
    (010-1234-5678); an optional one left empty stays empty."""

    def clean(self, value):
        value = super().clean(value)
        return clean_phone_value(value) if value else ""


# --- public -----------------------------------------------------------------------


class SignupForm(PublicFormMixin):
    consent_purpose = "교육 신청 접수, 일정 안내, 출석 확인 및 만족도 조사"
    consent_items = "이름, 휴대전화 번호, 이메일, 소속"

    name = forms.CharField(label="이름", max_length=50)
    phone = PhoneField(label="휴대전화", max_length=20, help_text=PHONE_HELP)
    email = forms.EmailField(
        max_length=254,  # the model's column
        label="이메일",
        help_text="신청 확인 메일과 일정 파일을 보내 드립니다.",
        error_messages={"invalid": "이메일 주소를 확인해 주세요."},
    )
    organisation = forms.CharField(label="소속(협동조합·기관)", max_length=100, required=False)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if len(name) < 2:
            raise forms.ValidationError("이름을 두 글자 이상 입력하세요.")
        return name


class OutreachRequestForm(PublicFormMixin, forms.ModelForm):
    consent_purpose = "찾아가는 교육 신청 접수 및 일정 협의"
    consent_items = "담당자 이름, 연락처, 이메일"

    class Meta:
        model = OutreachRequest
        fields = [
            "course_type",
            "organisation",
            "kind",
            "district",
            "desired_date",
            "desired_time",
            "place",
            "expected_participants",
            "contact_name",
            "contact_phone",
            "contact_email",
            "message",
        ]
        field_classes = {"contact_phone": PhoneField}
        widgets = {
            "desired_date": DateInput(),
            "desired_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "message": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course_type"].queryset = CourseType.objects.filter(
            is_outreach=True, is_active=True
        )
        self.fields["course_type"].empty_label = "선택하세요"
        self.fields["district"].choices = [("", "선택하세요"), *DISTRICTS]
        first = services.earliest_outreach_date()
        self.fields[
            "desired_date"
        ].help_text = f"신청일로부터 15일 이후 ({format_date(first)} 부터)"
        self.fields["desired_date"].widget.attrs["min"] = first.isoformat()
        self.fields["expected_participants"].help_text = "10명 이상일 때 신청할 수 있습니다."
        self.fields["expected_participants"].widget.attrs["min"] = 10
        self.fields["contact_phone"].help_text = PHONE_HELP
        self.order_fields([*self.Meta.fields, "consent", "website"])

    def clean(self):
        cleaned = super().clean()
        errors = services.check_outreach_rules(
            cleaned.get("desired_date"), cleaned.get("expected_participants")
        )
        for field, message in errors.items():
            self.add_error(field, message)
        return cleaned


SCORE_CHOICES = [(i, f"{i}점") for i in range(5, 0, -1)]


class SurveyForm(forms.Form):
    comment = forms.CharField(
        label="하고 싶은 말 (선택)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in reversed(SURVEY_QUESTIONS):
            self.fields = {
                name: forms.TypedChoiceField(
                    label=label,
                    choices=SCORE_CHOICES,
                    coerce=int,
                    widget=forms.RadioSelect,
                    error_messages={"required": "1~5점 중 하나를 고르세요."},
                ),
                **self.fields,
            }

    def answers(self) -> dict:
        return {name: self.cleaned_data[name] for name, _ in SURVEY_QUESTIONS}


# --- staff ------------------------------------------------------------------------


# What a session's scheduling covers (the session form and the accepted 찾아가는 교육).
SCHEDULE_FIELDS = [
    "topic",
    "starts_at",
    "ends_at",
    "format",
    "place",
    "online_url",
    "capacity",
    "instructors",
    "partners",
]


class SessionForm(forms.ModelForm):
    materials = forms.FileField(
        label="교육 자료", required=False, help_text="PDF, 한글, 워드, 이미지 (10MB 이하)"
    )

    class Meta:
        model = Session
        fields = [
            "course",
            *SCHEDULE_FIELDS,
            "host_name",
            "district",
            "materials",
            "is_public",
            "signup_open",
            "is_cancelled",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "instructors": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "course" in self.fields:
            self.fields["course"].queryset = Course.objects.select_related("type")
            self.fields["course"].empty_label = "선택하세요"
            self.fields["course"].label_from_instance = lambda c: (
                f"{c.year}년 · {c.type.name} · {c.title}"
            )
        instructors = Instructor.objects.filter(is_active=True)
        if self.instance.pk:
            instructors = instructors | Instructor.objects.filter(sessions=self.instance)
        self.fields["instructors"].queryset = instructors.distinct()
        if "district" in self.fields:
            self.fields["district"].choices = [("", "선택 안 함"), *DISTRICTS]
        if "online_url" in self.fields:
            old = self.fields["online_url"]
            self.fields["online_url"] = forms.URLField(
                label=old.label,
                required=False,
                help_text=old.help_text,
                assume_scheme="https",
                error_messages={"invalid": "주소를 확인해 주세요. 예: https://zoom.us/j/123"},
            )

    def clean_materials(self):
        upload = self.cleaned_data.get("materials")
        if upload and hasattr(upload, "content_type"):
            validate_upload(upload, DOCUMENTS)
        return upload

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_at"), cleaned.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", "종료 일시는 시작 일시보다 뒤여야 합니다.")
        fmt = cleaned.get("format")
        if fmt in (Session.OFFLINE, Session.HYBRID) and not cleaned.get("place"):
            self.add_error("place", "오프라인·병행 교육은 장소를 입력하세요.")
        if fmt in (Session.ONLINE, Session.HYBRID) and not cleaned.get("online_url"):
            self.add_error(
                "online_url", "온라인·병행 교육은 온라인 주소(Zoom, YouTube 등)를 입력하세요."
            )
        capacity = cleaned.get("capacity")
        if self.instance.pk and capacity:
            registered = self.instance.registrations.filter(status="registered").count()
            if capacity < registered:
                self.add_error(
                    "capacity",
                    f"이미 {registered}명이 신청했습니다. 정원을 그보다 줄일 수 없습니다.",
                )
        return cleaned

    def save(self, commit=True):
        upload = self.cleaned_data.get("materials")
        if upload and hasattr(upload, "content_type"):
            self.instance.materials_name = upload.name[:200]
        return super().save(commit)


class AcceptOutreachForm(SessionForm):
    """Schedules a requested 찾아가는 교육: the course, host and district come from the request."""

    materials = None  # added later on the session's own edit page

    class Meta(SessionForm.Meta):
        fields = SCHEDULE_FIELDS
        widgets = SessionForm.Meta.widgets

    def __init__(self, *args, request_obj=None, **kwargs):
        if request_obj is not None and not kwargs.get("data"):
            start = timezone.make_aware(
                dt.datetime.combine(request_obj.desired_date, request_obj.desired_time)
            )
            kwargs["initial"] = {
                "starts_at": start,
                "ends_at": start + dt.timedelta(hours=3),
                "place": request_obj.place,
                "capacity": request_obj.expected_participants,
                **kwargs.get("initial", {}),
            }
        super().__init__(*args, **kwargs)


class DeclineOutreachForm(forms.Form):
    staff_note = forms.CharField(label="반려 사유", max_length=300)


class CourseForm(ClashMixin, forms.ModelForm):
    clash_rules = [
        (
            ("type", "year", "title"),
            "title",
            "같은 연도·유형에 같은 이름의 교육 과정이 이미 있습니다.",
        )
    ]

    class Meta:
        model = Course
        fields = ["type", "title", "year", "required_sessions", "description"]
        widgets = {
            "year": forms.NumberInput(attrs={"min": settings.FIRST_FISCAL_YEAR, "max": 2100})
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = CourseType.objects.filter(is_active=True) | (
            CourseType.objects.filter(pk=self.instance.type_id)
            if self.instance.pk
            else CourseType.objects.none()
        )
        self.fields["type"].empty_label = "선택하세요"
        self.fields["year"].localize = False
        self.fields["year"].widget.is_localized = False

    def clean_required_sessions(self):
        value = self.cleaned_data["required_sessions"]
        if value < 1:
            raise forms.ValidationError("이수 기준은 1회 이상이어야 합니다.")
        return value


class CourseTypeForm(forms.ModelForm):
    class Meta:
        model = CourseType
        fields = ["name", "parent", "order", "is_outreach", "description", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = CourseType.objects.filter(parent__isnull=True)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].empty_label = "없음"

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        if parent and self.instance.pk and self.instance.children.exists():
            raise forms.ValidationError(
                "하위 유형이 있는 유형은 다른 유형 아래로 옮길 수 없습니다."
            )
        return parent


class InstructorForm(forms.ModelForm):
    class Meta:
        model = Instructor
        fields = ["name", "affiliation", "expertise", "email", "phone", "is_active"]
        field_classes = {"phone": PhoneField}


class WalkInForm(forms.Form):
    name = forms.CharField(label="이름", max_length=50)
    phone = PhoneField(label="연락처", max_length=20, required=False)
    organisation = forms.CharField(label="소속", max_length=100, required=False)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("이름을 입력하세요.")
        return name


class StaffRegistrationForm(forms.Form):
    """Staff enter a sign-up taken by phone (same rules as online)."""

    name = forms.CharField(label="이름", max_length=50)
    phone = PhoneField(label="휴대전화", max_length=20, help_text=PHONE_HELP)
    email = forms.EmailField(
        label="이메일",
        max_length=254,  # the model's column
        error_messages={"invalid": "이메일 주소를 확인해 주세요."},
    )
    organisation = forms.CharField(label="소속", max_length=100, required=False)


# --- filters ----------------------------------------------------------------------


class SessionFilter(django_filters.FilterSet):
    WHEN = [("upcoming", "예정"), ("past", "지난 교육")]

    year = YearFilter(field_name="starts_at", label="연도")
    type = django_filters.ModelChoiceFilter(
        field_name="course__type",
        queryset=CourseType.objects.all(),
        label="교육 유형",
        empty_label="전체",
    )
    format = django_filters.ChoiceFilter(
        choices=Session.FORMATS, label="진행 방식", empty_label="전체"
    )
    when = django_filters.ChoiceFilter(
        choices=WHEN, label="시기", empty_label="전체", method="filter_when"
    )
    q = django_filters.CharFilter(method="filter_q", label="검색")

    class Meta:
        model = Session
        fields = ["year", "type", "format", "when", "q"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.form.fields.items():
            css = "form-select" if name in ("type", "format", "when") else "form-control"
            field.widget.attrs.setdefault("class", css)

    def filter_when(self, queryset, name, value):
        now = timezone.now()
        if value == "upcoming":
            return queryset.filter(ends_at__gt=now)
        if value == "past":
            return queryset.filter(ends_at__lte=now)
        return queryset

    def filter_q(self, queryset, name, value):
        from django.db.models import Q

        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(course__title__icontains=value)
            | Q(topic__icontains=value)
            | Q(place__icontains=value)
            | Q(host_name__icontains=value)
        )


class PaperSurveyForm(forms.Form):
    """The paper questionnaires of a session as counts: the number of forms and,
    for each question, how many gave 5, 4, 3, 2, 1 points (a grid of numbers,
    typed from a tally sheet)."""

    SCORES = (5, 4, 3, 2, 1)

    forms = forms.IntegerField(label="설문지 수(장)", min_value=1, max_value=100000)

    def __init__(self, *args, paper=None, **kwargs):
        super().__init__(*args, **kwargs)
        counts = {}
        if paper is not None:
            self.fields["forms"].initial = paper.forms
            counts = {(c.question, c.score): c.count for c in paper.counts.all()}
        for question, label in SURVEY_QUESTIONS:
            for score in self.SCORES:
                self.fields[f"{question}_{score}"] = forms.IntegerField(
                    label=f"{label} {score}점",
                    min_value=0,
                    max_value=100000,
                    initial=counts.get((question, score), 0),
                    widget=forms.NumberInput(attrs={"class": "form-control text-end", "min": 0}),
                )

    def rows(self):
        """(question label, [bound fields from 5 to 1 points]) for the grid."""
        return [
            (label, [self[f"{question}_{score}"] for score in self.SCORES])
            for question, label in SURVEY_QUESTIONS
        ]

    def tallies(self) -> dict[tuple[str, int], int]:
        return {
            (question, score): self.cleaned_data[f"{question}_{score}"]
            for question, _ in SURVEY_QUESTIONS
            for score in self.SCORES
        }
