"""The organisation: profile and history, commissioned tasks, fiscal years
and staff positions."""

from django.urls import reverse_lazy
from django.views.generic import TemplateView

from core.permissions import ManagerRequiredMixin, StaffRequiredMixin
from core.views import (
    ObjectCreateView,
    ObjectDeleteView,
    ObjectEditView,
    ObjectListView,
    YearMixin,
)
from core.widgets import DateInput

from .. import selectors, services
from ..forms import (
    CommissionedTaskForm,
    FiscalYearForm,
    HistoryEntryForm,
    OrganisationForm,
    StaffPositionForm,
)
from ..models import CommissionedTask, FiscalYear, HistoryEntry, Organisation, StaffPosition
from ..tables import YearTable

# --- profile ----------------------------------------------------------------


class ProfileView(StaffRequiredMixin, TemplateView):
    template_name = "center/profile.html"

    def get_context_data(self, **kwargs):
        year = selectors.current_fiscal_year()
        positions = list(year.positions.all()) if year else []
        return super().get_context_data(
            org=Organisation.current(),
            history=HistoryEntry.objects.all(),
            tasks=CommissionedTask.objects.all(),
            fiscal_year=year,
            positions=positions,
            quota_total=sum(p.quota for p in positions),
            current_total=sum(p.current for p in positions),
            **kwargs,
        )


class ProfileEditView(ManagerRequiredMixin, ObjectEditView):
    form_class = OrganisationForm
    title = "기관 정보 수정"
    success_url = reverse_lazy("center:profile")

    def get_object(self, queryset=None):
        return Organisation.current() or Organisation()


class ProfileRecordMixin(ManagerRequiredMixin):
    """History entries and commissioned tasks: managers edit them on the profile."""

    success_url = reverse_lazy("center:profile")


class HistoryEditView(ProfileRecordMixin, ObjectEditView):
    model, form_class, noun = HistoryEntry, HistoryEntryForm, "주요연혁"


class HistoryDeleteView(ProfileRecordMixin, ObjectDeleteView):
    model = HistoryEntry


class TaskEditView(ProfileRecordMixin, ObjectEditView):
    model, form_class, noun = CommissionedTask, CommissionedTaskForm, "위탁사무"


class TaskDeleteView(ProfileRecordMixin, ObjectDeleteView):
    model = CommissionedTask


# --- fiscal years -------------------------------------------------------------


class YearListView(ManagerRequiredMixin, ObjectListView):
    model = FiscalYear
    table_class = YearTable
    template_name = "center/year_list.html"
    context_object_name = "years"


class YearCreateView(ManagerRequiredMixin, ObjectCreateView):
    model = FiscalYear
    form_class = FiscalYearForm
    title = "회계연도 추가"
    success_url = reverse_lazy("center:years")

    def save(self, form):
        source = self.copied_from = form.cleaned_data.get("copy_from")
        if source is None:
            return form.save()
        return services.copy_fiscal_year(
            source=source,
            year=form.cleaned_data["year"],
            report_date=form.cleaned_data.get("report_date"),
        )

    def get_success_message(self):
        source = getattr(self, "copied_from", None)
        if source is not None:
            return f"{source.year}년 계획을 복사해 {self.object.year}년을 만들었습니다."
        return super().get_success_message()


class YearUpdateView(ManagerRequiredMixin, ObjectEditView):
    model = FiscalYear
    fields = ["report_date"]
    slug_field = "year"
    slug_url_kwarg = "year"
    title = "회계연도 수정"
    success_url = reverse_lazy("center:years")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["report_date"].widget = DateInput()
        return form


# --- staffing -----------------------------------------------------------------


class PositionEditView(YearMixin, ManagerRequiredMixin, ObjectEditView):
    year_form_kwarg = True  # the form limits its choices to the year
    model, form_class = StaffPosition, StaffPositionForm
    titles = ("직위 추가", "직원 현황 수정")
    success_url = reverse_lazy("center:profile")

    def get_queryset(self):
        return StaffPosition.objects.filter(fiscal_year=self.fiscal_year)

    def form_valid(self, form):
        form.instance.fiscal_year = self.fiscal_year
        return super().form_valid(form)


class PositionDeleteView(YearMixin, ManagerRequiredMixin, ObjectDeleteView):
    success_url = reverse_lazy("center:profile")

    def get_queryset(self):
        return StaffPosition.objects.filter(fiscal_year=self.fiscal_year)
