"""Forms of the staff side: consultation entry (quick phone and full), the
list's filters, categories, advisors, expert consultations, advisory
answers and the import upload. Errors are Korean and sit by the field."""

import datetime as dt

import django_filters
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from core.display import staff_name
from core.forms import DateOrderMixin
from core.privacy import format_phone, national_phone
from core.querystring import YearFilter
from core.widgets import DateInput, DateTimeInput, SearchSelect, grouped_choices

from .. import selectors
from ..models import (
    DISTRICT_CHOICES,
    Advisor,
    AdvisoryAnswer,
    Category,
    Client,
    Consultation,
    Cooperative,
    ExpertConsultation,
    Field,
)
from ..services import ClientContact, ClientData, ConsultationData, CooperativeData

# Clock skew between a phone on the desk and the server is tolerated.
FUTURE_TOLERANCE = dt.timedelta(minutes=10)


def validate_phone(value: str) -> str:
    value = national_phone(value).strip()
    if not value:
        return ""
    digits = selectors.digits(value)
    if len(value) - len(digits) > 4 or not (
        (digits.startswith("0") and 9 <= len(digits) <= 11)
        or (len(digits) == 8 and digits[:2] in ("15", "16", "18"))
    ):
        raise forms.ValidationError("전화번호 형식이 올바르지 않습니다. 예: 010-1234-5678")
    return format_phone(value)


class CategoryChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


LINKED_FIELDS = (
    ("client", ("id", "name", "phone", "email")),
    ("cooperative", ("name", "kind", "district")),
)


class ConsultationForm(forms.ModelForm):
    """Every channel: the consultation plus who spoke and for which
    cooperative. `to_service()` hands the cleaned data to the service."""

    client_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    client_phone = forms.CharField(
        label="전화번호",
        required=False,
        max_length=20,
        widget=forms.TextInput(
            attrs={"inputmode": "tel", "autocomplete": "off", "placeholder": "010-1234-5678"}
        ),
    )
    client_name = forms.CharField(
        label="성명", required=False, max_length=50, widget=forms.TextInput({"autocomplete": "off"})
    )
    client_email = forms.EmailField(
        label="이메일",
        required=False,
        error_messages={"invalid": "이메일 주소 형식이 올바르지 않습니다."},
    )
    cooperative_name = forms.CharField(
        label="협동조합명",
        required=False,
        max_length=100,
        widget=forms.TextInput({"autocomplete": "off"}),
    )
    cooperative_kind = forms.ChoiceField(
        label="조합 유형",
        required=False,
        choices=[("", "선택 안 함"), *list(Cooperative.Kind.choices)],
    )
    cooperative_district = forms.ChoiceField(
        label="자치구", required=False, choices=[("", "선택 안 함"), *DISTRICT_CHOICES]
    )
    categories = CategoryChoiceField(
        label="상담 분야",
        queryset=Category.objects.filter(active=True),
        error_messages={"required": "상담 분야를 하나 이상 고르세요."},
    )

    class Meta:
        model = Consultation
        fields = [
            "channel",
            "started_at",
            "duration_minutes",
            "categories",
            "summary",
            "answer",
            "follow_up_needed",
            "handled_by",
        ]
        widgets = {
            "started_at": DateTimeInput(),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "answer": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "summary": {"required": "상담 내용을 입력하세요."},
            "started_at": {
                "required": "상담일시를 입력하세요.",
                "invalid": "상담일시 형식이 올바르지 않습니다.",
            },
            "duration_minutes": {
                "min_value": "상담시간은 1분 이상이어야 합니다.",
                "max_value": "상담시간은 600분 이하여야 합니다.",
                "invalid": "상담시간은 분 단위 숫자로 입력하세요.",
            },
        }

    field_order = [
        "client_phone",
        "client_name",
        "client_email",
        "cooperative_name",
        "cooperative_kind",
        "cooperative_district",
    ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["started_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        if "handled_by" in self.fields:
            self.fields["handled_by"].queryset = selectors.staff_users()
            self.fields["handled_by"].label_from_instance = staff_name
        categories = Category.objects.filter(active=True)
        if self.instance.pk:
            # Keep a retired category the record already has.
            categories = Category.objects.filter(
                pk__in=list(categories.values_list("pk", flat=True))
                + list(self.instance.categories.values_list("pk", flat=True))
            )
            # The linked client and cooperative fill the fields named after them.
            for link, names in LINKED_FIELDS:
                linked = getattr(self.instance, link)
                if linked is not None:
                    self.initial.update({f"{link}_{n}": getattr(linked, n) for n in names})
        self.fields["categories"].queryset = categories
        search = reverse("consultations:client_search")
        for name in ("client_phone", "cooperative_name"):
            self.fields[name].widget.attrs.update(
                {
                    "hx-get": search,
                    "hx-trigger": "input changed delay:250ms",
                    "hx-target": "#client-matches",
                    "hx-sync": "this:replace",
                }
            )
        if not self.instance.pk:
            self.initial.setdefault(
                "started_at", timezone.localtime().replace(second=0, microsecond=0)
            )
            self.initial.setdefault("handled_by", user.pk if user else None)

    def clean_client_phone(self):
        value = self.cleaned_data.get("client_phone")
        try:
            return validate_phone(value)
        except forms.ValidationError:
            if str(self.data.get(self.add_prefix("client_id")) or "").isdigit():
                # With a returning client chosen, a partial number was only the search.
                return ""
            raise

    def clean_client_id(self):
        pk = self.cleaned_data.get("client_id")
        if pk and not Client.objects.filter(pk=pk).exists():
            raise forms.ValidationError("선택한 신청인을 찾을 수 없습니다. 다시 검색하세요.")
        return pk

    def clean_started_at(self):
        value = self.cleaned_data.get("started_at")
        if value and value > timezone.now() + FUTURE_TOLERANCE:
            raise forms.ValidationError("상담일시는 미래일 수 없습니다.")
        if value and value.year < settings.FIRST_FISCAL_YEAR:
            raise forms.ValidationError(
                f"상담일시가 너무 이릅니다 ({settings.FIRST_FISCAL_YEAR}년 이후)."
            )
        return value

    def to_service(self) -> dict:
        data = self.cleaned_data
        return {
            "data": ConsultationData(
                channel=data["channel"],
                started_at=data["started_at"],
                duration_minutes=data["duration_minutes"],
                summary=data["summary"],
                answer=data.get("answer", ""),
                follow_up_needed=data.get("follow_up_needed", False),
                handled_by=data.get("handled_by") or self.user,
                categories=list(data["categories"]),
            ),
            "client": ClientData(
                client_id=data.get("client_id"),
                name=data.get("client_name", ""),
                phone=data.get("client_phone", ""),
                email=data.get("client_email", ""),
            ),
            "cooperative": CooperativeData(
                name=data.get("cooperative_name", ""),
                kind=data.get("cooperative_kind", ""),
                district=data.get("cooperative_district", ""),
            ),
        }


class QuickPhoneForm(ConsultationForm):
    """The hot path: channel fixed to 전화, handled by whoever types, now as
    the time; fields in the order a call goes."""

    class Meta(ConsultationForm.Meta):
        fields = [
            "categories",
            "summary",
            "answer",
            "follow_up_needed",
            "started_at",
            "duration_minutes",
        ]

    field_order = [
        "client_phone",
        "client_name",
        "cooperative_name",
        *Meta.fields,
        "cooperative_kind",
        "cooperative_district",
        "client_email",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client_phone"].widget.attrs["autofocus"] = True
        self.fields["summary"].widget.attrs.update(rows=2, placeholder="문의 내용")
        self.fields["answer"].widget.attrs.update(rows=2, placeholder="안내한 내용")
        self.initial.setdefault("duration_minutes", 10)

    def to_service(self) -> dict:
        self.cleaned_data["channel"] = Consultation.Channel.PHONE
        self.cleaned_data["handled_by"] = self.user
        return super().to_service()


# --- list filters ------------------------------------------------------------


class ConsultationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="검색", method="search")
    channel = django_filters.ChoiceFilter(
        label="상담 방법", choices=Consultation.Channel.choices, empty_label="전체"
    )
    date_from = django_filters.DateFilter(label="시작일", method="filter_from", widget=DateInput())
    date_to = django_filters.DateFilter(label="종료일", method="filter_to", widget=DateInput())
    category = django_filters.ModelChoiceFilter(
        label="상담 분야",
        field_name="categories",
        queryset=Category.objects.all(),
        empty_label="전체",
    )
    handled_by = django_filters.ModelChoiceFilter(
        label="상담자", queryset=selectors.staff_users(), empty_label="전체"
    )
    district = django_filters.ChoiceFilter(
        label="자치구",
        field_name="cooperative__district",
        choices=DISTRICT_CHOICES,
        empty_label="전체",
    )
    cooperative = django_filters.CharFilter(
        label="협동조합", field_name="cooperative__name", lookup_expr="icontains"
    )
    follow_up = django_filters.BooleanFilter(
        label="후속 조치",
        field_name="follow_up_needed",
        widget=forms.Select(choices=[("", "전체"), ("true", "필요"), ("false", "불필요")]),
    )

    class Meta:
        model = Consultation
        fields: list = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["handled_by"].field.label_from_instance = staff_name
        for name in ("date_from", "date_to"):
            self.filters[name].field.error_messages["invalid"] = "날짜 형식이 올바르지 않습니다."
        self.form.fields["q"].widget.attrs["placeholder"] = "내용·조합명·전화번호"

    def search(self, queryset, name, value):
        return selectors.search_consultations(queryset, value)

    def filter_from(self, queryset, name, value):
        return queryset.filter(started_at__gte=selectors.day_start(value))

    def filter_to(self, queryset, name, value):
        return queryset.filter(started_at__lt=selectors.day_start(value + dt.timedelta(days=1)))


class CooperativeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="조합명", field_name="name", lookup_expr="icontains")
    district = django_filters.ChoiceFilter(
        label="자치구", choices=DISTRICT_CHOICES, empty_label="전체"
    )

    class Meta:
        model = Cooperative
        fields: list = []


FIELD_FILTER = {"label": "분야", "choices": Field.choices, "empty_label": "전체"}


class ExpertFilter(django_filters.FilterSet):
    """전문상담: by status, field, overdue monitoring and year (the report
    links 전문상담 27건 here with its `?year=`)."""

    status = django_filters.ChoiceFilter(
        label="상태", choices=ExpertConsultation.Status.choices, empty_label="전체"
    )
    field = django_filters.ChoiceFilter(**FIELD_FILTER)
    monitoring = django_filters.ChoiceFilter(
        label="모니터링",
        choices=[("due", "예정일 지남·미입력")],
        empty_label="전체",
        method="filter_due",
    )
    year = YearFilter(field_name="scheduled_at", label="연도")

    class Meta:
        model = ExpertConsultation
        fields: list = []

    def filter_due(self, queryset, name, value):
        return queryset.filter(follow_up_on__lte=timezone.localdate(), follow_up_note="")


class AdvisoryAnswerFilter(django_filters.FilterSet):
    field = django_filters.ChoiceFilter(**FIELD_FILTER)
    year = YearFilter(field_name="answered_on", label="연도")

    class Meta:
        model = AdvisoryAnswer
        fields: list = []


# --- managers' and experts' forms -------------------------------------------------


CategoryForm = forms.modelform_factory(
    Category,
    fields=["name", "order", "active"],
    error_messages={"name": {"unique": "같은 이름의 상담 분야가 이미 있습니다."}},
)


class ClientForm(forms.Form):
    """The explicit edit of a client's contact data (the client page)."""

    name = forms.CharField(label="성명", required=False, max_length=50)
    phone = forms.CharField(
        label="전화번호",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "placeholder": "010-1234-5678"}),
    )
    email = forms.EmailField(
        label="이메일",
        required=False,
        error_messages={"invalid": "이메일 주소 형식이 올바르지 않습니다."},
    )

    def clean_phone(self):
        return validate_phone(self.cleaned_data.get("phone"))

    def to_contact(self) -> ClientContact:
        return ClientContact(**self.cleaned_data)


CooperativeForm = forms.modelform_factory(
    Cooperative,
    fields=["name", "kind", "district"],
    error_messages={"name": {"unique": "같은 이름의 협동조합이 이미 있습니다."}},
)


class AdvisorForm(DateOrderMixin, forms.ModelForm):
    date_order = [("term_start", "term_end", "위촉 종료일은 시작일보다 빠를 수 없습니다.")]

    class Meta:
        model = Advisor
        fields = [
            "name",
            "board",
            "field",
            "affiliation",
            "term_start",
            "term_end",
            "phone",
            "email",
        ]
        widgets = {"term_start": DateInput(), "term_end": DateInput()}

    def clean_phone(self):
        return validate_phone(self.cleaned_data.get("phone"))


class ExpertConsultationForm(forms.ModelForm):
    advisors = forms.ModelMultipleChoiceField(
        label="자문위원",
        queryset=Advisor.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text="여러 분야가 얽힌 문제는 여러 명을 고릅니다 (多:1 심층 상담).",
        error_messages={"required": "자문위원을 한 명 이상 고르세요."},
    )

    class Meta:
        model = ExpertConsultation
        fields = [
            "cooperative",
            "field",
            "topic",
            "advisors",
            "scheduled_at",
            "status",
            "outcome",
            "follow_up_on",
            "follow_up_note",
        ]
        widgets = {
            "scheduled_at": DateTimeInput(),
            "follow_up_on": DateInput(),
            "outcome": forms.Textarea(attrs={"rows": 3}),
            "follow_up_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cooperative"].widget = SearchSelect(
            url_name="consultations:cooperative_options", placeholder="조합명을 입력하세요"
        )
        self.fields["cooperative"].widget.choices = self.fields["cooperative"].choices
        self.fields["scheduled_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.fields["advisors"].queryset = Advisor.objects.order_by("board", "field", "name")
        # Grouped by field (in the report's order of fields), then by name.
        fields = [value for value, _label in Advisor._meta.get_field("field").choices]
        advisors = sorted(
            self.fields["advisors"].queryset, key=lambda a: (fields.index(a.field), a.name)
        )
        self.fields["advisors"].choices = grouped_choices(
            advisors,
            group=lambda a: a.get_field_display(),
            label=lambda a: f"{a.name} ({a.get_board_display()})",
        )

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        scheduled = cleaned.get("scheduled_at")
        follow_up = cleaned.get("follow_up_on")
        if status == ExpertConsultation.Status.HELD:
            if scheduled and scheduled > timezone.now() + FUTURE_TOLERANCE:
                self.add_error("status", "아직 상담일시가 지나지 않아 '실시'로 기록할 수 없습니다.")
            if not (cleaned.get("outcome") or "").strip():
                self.add_error("outcome", "실시한 상담은 상담 결과를 입력하세요.")
        if follow_up and scheduled and follow_up < timezone.localtime(scheduled).date():
            self.add_error("follow_up_on", "모니터링 예정일은 상담일 이후여야 합니다.")
        return cleaned


class AdvisoryAnswerForm(forms.ModelForm):
    class Meta:
        model = AdvisoryAnswer
        fields = ["advisor", "answered_on", "field", "question", "answer"]
        widgets = {
            "advisor": SearchSelect(
                url_name="consultations:advisor_options", placeholder="자문위원 이름을 입력하세요"
            ),
            "answered_on": DateInput(),
            "question": forms.Textarea(attrs={"rows": 3}),
            "answer": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_answered_on(self):
        value = self.cleaned_data.get("answered_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError("자문일은 미래일 수 없습니다.")
        return value
