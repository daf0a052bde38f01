import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from core.display import staff_name
from core.forms import DateOrderMixin
from core.public_forms import PublicFormMixin
from core.querystring import YearFilter
from core.uploads import DOCUMENTS, validate_upload
from core.widgets import DateInput

from .models import (
    PRINTED_KINDS,
    Campaign,
    Channel,
    ContentItem,
    ContentKind,
    IcaSupport,
    Metric,
    NewsletterIssue,
    Reporter,
    ReporterCohort,
    ReporterMeeting,
    Survey,
)


def https_urls(field, **kwargs):
    """ModelForm fields as usual, but a bare address means https:// (Django 6's default)."""
    from django.db import models

    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


# --- channel metrics --------------------------------------------------------------------


def cell_name(channel: Channel, metric: str) -> str:
    return f"c{channel.pk}_{metric}"


class MonthGridForm(forms.Form):
    """One field per (active channel, metric): the whole month at once."""

    def __init__(self, *args, channels, initial_values=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.channels = list(channels)
        initial_values = initial_values or {}
        self.cells = []
        for channel in self.channels:
            row = []
            for metric, label in Metric.choices:
                if metric not in channel.metrics:
                    row.append(None)
                    continue
                name = cell_name(channel, metric)
                self.fields[name] = forms.IntegerField(
                    label=f"{channel.name} {label}",
                    required=False,
                    min_value=0,
                    max_value=10**12,
                    initial=initial_values.get((channel.pk, metric)),
                    error_messages={
                        "invalid": "정수를 입력하세요.",
                        "min_value": "0 이상이어야 합니다.",
                        "max_value": "값이 너무 큽니다.",
                    },
                    widget=forms.TextInput(
                        attrs={"inputmode": "numeric", "class": "form-control form-control-sm num"}
                    ),
                )
                row.append((metric, name))
            self.cells.append((channel, row))

    def full_clean(self):
        if self.is_bound:
            data = self.data.copy()
            for name in self.fields:
                value = data.get(name)
                if isinstance(value, str):
                    data[name] = value.replace(",", "").strip()
            self.data = data
        super().full_clean()

    def values(self) -> dict[tuple[int, str], int | None]:
        result = {}
        for channel, row in self.cells:
            for cell in row:
                if cell is None:
                    continue
                metric, name = cell
                result[(channel.pk, metric)] = self.cleaned_data.get(name)
        return result

    def rows(self):
        """(channel, [bound field or None for each metric]) for the template."""
        return [
            (channel, [self[cell[1]] if cell else None for cell in row])
            for channel, row in self.cells
        ]


class ChannelForm(forms.ModelForm):
    metrics = forms.MultipleChoiceField(
        label="지표",
        choices=Metric.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "지표를 하나 이상 고르세요."},
    )

    class Meta:
        model = Channel
        formfield_callback = https_urls
        fields = ["name", "slug", "order", "metrics", "url", "active"]


# --- content ----------------------------------------------------------------------------


class ContentItemForm(forms.ModelForm):
    # The fiscal-year date rule lives in the model (center.fiscal.FiscalDatesModel).
    class Meta:
        model = ContentItem
        formfield_callback = https_urls
        fields = [
            "kind",
            "title",
            "date",
            "channels",
            "url",
            "file",
            "author_user",
            "author_reporter",
            "copies",
        ]
        widgets = {"date": DateInput(), "channels": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        from core import roles

        self.fields["author_user"].queryset = (
            get_user_model()
            .objects.filter(groups__name__in=[roles.STAFF, roles.MANAGER], is_active=True)
            .distinct()
            .order_by("username")
        )
        self.fields["author_user"].label_from_instance = staff_name
        self.fields["author_reporter"].queryset = Reporter.objects.select_related(
            "cohort"
        ).order_by("-cohort__number", "pk")
        self.fields["channels"].queryset = Channel.objects.filter(active=True)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):
            validate_upload(upload, kinds=DOCUMENTS)
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("author_user") and cleaned.get("author_reporter"):
            self.add_error("author_reporter", "작성자는 직원 또는 청년기자 중 하나만 고르세요.")
        kind = cleaned.get("kind")
        copies = cleaned.get("copies")
        if kind in PRINTED_KINDS and copies is None:
            self.add_error("copies", "인쇄물은 제작 부수를 적어 주세요.")
        if kind and kind not in PRINTED_KINDS and copies is not None:
            self.add_error("copies", "제작 부수는 홍보물과 연차보고서에만 적습니다.")
        if not cleaned.get("url") and not cleaned.get("file") and kind not in PRINTED_KINDS:
            self.add_error("url", "링크나 파일 중 하나는 있어야 합니다.")
        return cleaned

    def save(self, commit=True):
        item = super().save(commit=False)
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):
            item.file_name = upload.name[:200]
        if commit:
            item.save()
            self.save_m2m()
        return item


class ContentFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label="유형", choices=ContentKind.choices, empty_label="전체"
    )
    year = YearFilter(label="연도", field_name="date")
    month = django_filters.ChoiceFilter(
        label="월",
        field_name="date",
        lookup_expr="month",
        choices=[(m, f"{m}월") for m in range(1, 13)],
        empty_label="전체",
    )
    channel = django_filters.ModelChoiceFilter(
        label="채널", field_name="channels", queryset=Channel.objects.all(), empty_label="전체"
    )
    q = django_filters.CharFilter(label="제목", field_name="title", lookup_expr="icontains")

    class Meta:
        model = ContentItem
        fields = ["kind", "year", "month", "channel", "q"]


# --- newsletter ------------------------------------------------------------------------


class SubscribeForm(PublicFormMixin, forms.Form):
    consent_purpose = "뉴스레터 발송 및 구독 관리"
    consent_items = "이메일"

    email = forms.EmailField(
        label="이메일",
        max_length=254,  # Subscriber.email's column
        error_messages={
            "required": "이메일을 입력하세요.",
            "invalid": "올바른 이메일 주소를 입력하세요.",
            "max_length": "이메일 주소는 254자 이하로 입력하세요.",
        },
    )

    field_order = ["email"]


NewsletterIssueForm = forms.modelform_factory(
    NewsletterIssue, fields=["title", "body"], widgets={"body": forms.Textarea(attrs={"rows": 14})}
)


# --- reporters, campaigns -----------------------------------------------------------------


class CohortForm(DateOrderMixin, forms.ModelForm):
    date_order = [("term_start", "term_end", "활동 종료일은 시작일보다 빠를 수 없습니다.")]

    class Meta:
        model = ReporterCohort
        fields = ["number", "year", "term_start", "term_end", "note"]
        widgets = {"term_start": DateInput(), "term_end": DateInput()}


ReporterForm = forms.modelform_factory(
    Reporter,
    fields=["name", "joined_on", "left_on"],
    widgets={"joined_on": DateInput(), "left_on": DateInput()},
)


MeetingForm = forms.modelform_factory(
    ReporterMeeting,
    fields=["date", "title", "attendees", "notes"],
    widgets={"date": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})},
)


class CampaignForm(DateOrderMixin, forms.ModelForm):
    date_order = [("start", "end", "종료일은 시작일보다 빠를 수 없습니다.")]

    class Meta:
        model = Campaign
        formfield_callback = https_urls
        fields = [
            "name",
            "start",
            "end",
            "website",
            "description",
            "participants",
            "partners",
            "results",
        ]
        widgets = {
            "start": DateInput(),
            "end": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "partners": forms.Textarea(attrs={"rows": 3}),
            "results": forms.Textarea(attrs={"rows": 3}),
        }


IcaSupportForm = forms.modelform_factory(
    IcaSupport,
    fields=["kind", "recipient", "date", "amount", "note"],
    widgets={"date": DateInput()},
)


# --- survey -----------------------------------------------------------------------------


class SurveyForm(DateOrderMixin, forms.ModelForm):
    date_order = [("opens_on", "closes_on", "종료일은 시작일보다 빠를 수 없습니다.")]

    questions = forms.CharField(
        label="문항",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="한 줄에 한 문항. 응답자는 문항마다 0~100점으로 답합니다.",
    )

    class Meta:
        model = Survey
        fields = ["title", "year", "opens_on", "closes_on", "intro"]
        widgets = {
            "opens_on": DateInput(),
            "closes_on": DateInput(),
            "intro": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["questions"].initial = "\n".join(
                self.instance.questions.values_list("text", flat=True)
            )
            if self.instance.recipients.filter(answered_at__isnull=False).exists():
                self.fields["questions"].disabled = True
                self.fields["questions"].help_text = "응답이 있어 문항을 바꿀 수 없습니다."

    def clean_questions(self):
        lines = [line.strip() for line in self.cleaned_data["questions"].splitlines()]
        lines = [line for line in lines if line]
        if not lines:
            raise ValidationError("문항을 하나 이상 적어 주세요.")
        if any(len(line) > 200 for line in lines):
            raise ValidationError("문항은 200자 이하로 적어 주세요.")
        return lines


class RecipientsForm(forms.Form):
    group = forms.CharField(
        label="대상 구분", max_length=50, required=False, help_text="예: 상담 이용자, 교육 참여자"
    )
    emails = forms.CharField(
        label="이메일 목록",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="한 줄에 하나씩, 또는 쉼표로 구분합니다.",
    )

    def clean_emails(self):
        raw = self.cleaned_data["emails"].replace(",", "\n").replace(";", "\n")
        emails, bad = [], []
        for line in raw.splitlines():
            line = line.strip()
            if not line:
                continue
            try:
                validate_email(line)
            except ValidationError:
                bad.append(line)
            else:
                emails.append(line.lower())
        if bad:
            raise ValidationError(
                "올바르지 않은 이메일이 있습니다: "
                + ", ".join(bad[:5])
                + (" 외" if len(bad) > 5 else "")
            )
        if not emails:
            raise ValidationError("이메일을 하나 이상 적어 주세요.")
        return list(dict.fromkeys(emails))


class SurveyAnswerForm(forms.Form):
    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"q{question.pk}"] = forms.IntegerField(
                label=f"{question.order}. {question.text}" if question.order else question.text,
                min_value=0,
                max_value=100,
                help_text="0점(매우 불만족)부터 100점(매우 만족)까지",
                error_messages={
                    "required": "점수를 입력하세요.",
                    "invalid": "0에서 100 사이의 정수를 입력하세요.",
                    "min_value": "0점 이상이어야 합니다.",
                    "max_value": "100점 이하여야 합니다.",
                },
                widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}),
            )

    def values(self) -> dict[int, int]:
        return {q.pk: self.cleaned_data[f"q{q.pk}"] for q in self.questions}
