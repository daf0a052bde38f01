from django import forms
from django.core.exceptions import ValidationError

from core import registry as indicator_registry
from core.forms import ClashMixin, clashes
from core.uploads import validate_upload
from core.views import add_service_error
from core.widgets import DateInput, grouped_choices, tree_choices, tree_rows

from . import services
from .models import (
    BudgetLine,
    CommissionedTask,
    Expenditure,
    FiscalYear,
    HistoryEntry,
    Indicator,
    KeyTask,
    Organisation,
    Plan,
    PlanArea,
    ProgramArea,
    ProgramUnit,
    StaffPosition,
    Strategy,
)


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "facility_name",
            "address",
            "floor_area",
            "phone",
            "email",
            "opening_hours",
            "legal_basis",
            "directions",
            "map_image",
            "map_credit",
        ]
        widgets = {
            "legal_basis": forms.Textarea(attrs={"rows": 3}),
            "directions": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_map_image(self):
        image = self.cleaned_data.get("map_image")
        if image and hasattr(image, "content_type"):  # a new upload
            validate_upload(image, kinds=("png", "jpeg"))
        return image

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("map_image") and not cleaned.get("map_credit"):
            self.add_error("map_credit", "약도를 올리면 지도 자료의 출처를 함께 적어 주세요.")
        return cleaned


HistoryEntryForm = forms.modelform_factory(
    HistoryEntry,
    fields=["date", "text", "term", "operator", "heads"],
    widgets={"date": DateInput()},
)


CommissionedTaskForm = forms.modelform_factory(CommissionedTask, fields=["order", "text"])


class FiscalYearForm(forms.ModelForm):
    copy_from = forms.ModelChoiceField(
        label="계획 복사 원본",
        queryset=FiscalYear.objects.all(),
        required=False,
        empty_label="복사하지 않음 (빈 연도)",
        help_text="고른 연도의 직원 현황, 예산 항목과 예산액, 사업 계획, 단위사업과 성과지표 목표를 복사합니다.",
    )

    class Meta:
        model = FiscalYear
        fields = ["year", "report_date"]
        widgets = {"report_date": DateInput()}

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > 2100:
            raise ValidationError("2100년 이전의 연도를 입력하세요.")
        return year


class YearScopedForm(forms.ModelForm):
    """A form whose choices are limited to one fiscal year."""

    def __init__(self, *args, fiscal_year: FiscalYear, **kwargs):
        self.fiscal_year = fiscal_year
        super().__init__(*args, **kwargs)


class StaffPositionForm(YearScopedForm):
    class Meta:
        model = StaffPosition
        fields = ["order", "title", "quota", "current"]

    def clean_title(self):
        title = self.cleaned_data["title"]
        if clashes(self, StaffPosition, fiscal_year=self.fiscal_year, title=title):
            raise ValidationError("같은 직위가 이미 있습니다.")
        return title


class BudgetLineForm(YearScopedForm):
    planned_thousand = forms.IntegerField(
        label="예산액(천원)",
        required=False,
        min_value=0,
        max_value=10**12,
        help_text="세부 항목만 입력합니다. 하위 항목이 있으면 비워 두세요(합계가 계산됩니다).",
    )

    class Meta:
        model = BudgetLine
        fields = ["parent", "order", "name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lines = BudgetLine.objects.filter(fiscal_year=self.fiscal_year).order_by("order", "pk")
        if self.instance.pk:
            lines = lines.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = lines
        # The lines as a tree (a line cannot move under its own subtree).
        subtree = {self.instance.pk} if self.instance.pk else set()
        below = [
            line
            for line, ancestors in tree_rows(
                BudgetLine.objects.filter(fiscal_year=self.fiscal_year).order_by("order", "pk")
            )
            if not subtree & {line.pk, *(a.pk for a in ancestors)}
        ]
        self.fields["parent"].choices = tree_choices(
            below, label=lambda line: line.name, empty_label="없음 (최상위 합계)"
        )
        if self.instance.planned is not None:
            self.initial["planned_thousand"] = self.instance.planned // 1000

    def clean(self):
        cleaned = super().clean()
        thousand = cleaned.get("planned_thousand")
        self.instance.fiscal_year = self.fiscal_year
        self.instance.planned = None if thousand is None else thousand * 1000
        name = cleaned.get("name")
        parent = cleaned.get("parent")
        if name and clashes(
            self, BudgetLine, fiscal_year=self.fiscal_year, parent=parent, name=name
        ):
            self.add_error("name", "같은 상위 항목 아래에 같은 이름의 항목이 있습니다.")
        if not self.errors:
            self.instance.parent = parent
            self.instance.name = name
            try:
                services.validate_budget_line(self.instance)
            except ValidationError as exc:
                add_service_error(self, exc, rename={"planned": "planned_thousand"})
        return cleaned

    def save(self, commit=True):
        line = super().save(commit=False)
        if commit:
            services.save_budget_line(line)
        return line


class ExpenditureForm(YearScopedForm):
    class Meta:
        model = Expenditure
        fields = [
            "budget_line",
            "date",
            "amount",
            "payee",
            "memo",
            "evidence",
            "is_overrun",
            "overrun_reason",
        ]
        widgets = {"date": DateInput()}
        help_texts = {"amount": "원 단위로 입력합니다."}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from core.roles import is_manager

        from .selectors import leaf_lines

        self.user = user
        self.fields["budget_line"].queryset = leaf_lines(self.fiscal_year)
        # The leaves grouped under their path in the budget tree (<optgroup>s).
        lines = list(
            BudgetLine.objects.filter(fiscal_year=self.fiscal_year).order_by("order", "pk")
        )
        parents = {line.parent_id for line in lines}
        self.fields["budget_line"].choices = grouped_choices(
            [(line, up) for line, up in tree_rows(lines) if line.pk not in parents],
            group=lambda row: " › ".join(a.name for a in row[1]),
            label=lambda row: row[0].name,
            value=lambda row: row[0].pk,
            empty_label="---------",
        )
        self.fields["amount"].widget.attrs["min"] = 1
        if user is None or not is_manager(user):
            # Only a manager may record an entry past the line's budget.
            del self.fields["is_overrun"]
            del self.fields["overrun_reason"]

    def clean(self):
        cleaned = super().clean()
        if not self.errors and cleaned.get("budget_line"):
            self.instance.budget_line = cleaned["budget_line"]
            self.instance.date = cleaned.get("date")
            self.instance.amount = cleaned.get("amount")
            self.instance.is_overrun = bool(cleaned.get("is_overrun"))
            self.instance.overrun_reason = cleaned.get("overrun_reason") or ""
            try:
                services.validate_expenditure(self.instance, user=self.user)
            except ValidationError as exc:
                add_service_error(self, exc, fallback="amount")
        return cleaned


PlanForm = forms.modelform_factory(
    Plan, fields=["vision", "focus"], widgets={"focus": forms.Textarea(attrs={"rows": 10})}
)


StrategyForm = forms.modelform_factory(
    Strategy,
    fields=["order", "title", "actions"],
    widgets={"actions": forms.Textarea(attrs={"rows": 4})},
)


PlanAreaForm = forms.modelform_factory(PlanArea, fields=["order", "title", "slogan"])


class KeyTaskForm(forms.ModelForm):
    class Meta:
        model = KeyTask
        fields = ["area", "number", "title", "activities"]
        labels = {"area": "추진 분야"}

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = plan.areas.all()


class ProgramAreaForm(YearScopedForm):
    class Meta:
        model = ProgramArea
        fields = ["order", "name"]

    def clean_name(self):
        name = self.cleaned_data["name"]
        if clashes(self, ProgramArea, fiscal_year=self.fiscal_year, name=name):
            raise ValidationError("같은 이름의 사업 분야가 이미 있습니다.")
        return name


class ProgramUnitForm(ClashMixin, YearScopedForm):
    clash_rules = [(("area", "name"), "name", "같은 분야에 같은 이름의 단위사업이 있습니다.")]

    class Meta:
        model = ProgramUnit
        fields = ["area", "order", "name", "target_group", "budget_lines", "overview", "narrative"]
        labels = {"area": "사업 분야"}
        widgets = {
            "overview": forms.Textarea(attrs={"rows": 6}),
            "narrative": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .selectors import leaf_lines

        self.fields["area"].queryset = ProgramArea.objects.filter(fiscal_year=self.fiscal_year)
        self.fields["budget_lines"].queryset = leaf_lines(self.fiscal_year)
        self.fields["budget_lines"].widget = forms.CheckboxSelectMultiple()
        self.fields["budget_lines"].queryset = leaf_lines(self.fiscal_year)


class IndicatorForm(ClashMixin, YearScopedForm):
    source = forms.ChoiceField(label="실적 산출", required=False)
    clash_rules = [
        (("unit", "name", "measure"), "name", "같은 단위사업에 같은 지표가 이미 있습니다.")
    ]

    class Meta:
        model = Indicator
        fields = [
            "unit",
            "order",
            "name",
            "measure",
            "target",
            "source",
            "entered_actual",
            "actual_note",
        ]
        labels = {"unit": "단위사업"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = ProgramUnit.objects.filter(
            area__fiscal_year=self.fiscal_year
        ).select_related("area")
        self.fields["unit"].label_from_instance = lambda u: f"{u.area.name} › {u.name}"
        self.fields["source"].choices = indicator_registry.choices()
        self.fields["source"].help_text = (
            "자동 산출을 고르면 포털의 기록으로 실적을 계산합니다. "
            "포털 밖의 숫자(블로그 조회수 등)는 직접 입력합니다."
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("source") and cleaned.get("entered_actual") is not None:
            self.add_error(
                "entered_actual", "자동 산출 지표는 실적을 직접 입력할 수 없습니다. 비워 두세요."
            )
        return cleaned


class IndicatorActualForm(forms.ModelForm):
    """What staff may change on an entered indicator: its actual."""

    class Meta:
        model = Indicator
        fields = ["entered_actual", "actual_note"]
