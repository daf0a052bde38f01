"""Budget and ledger: the year's budget tree, its lines and the
expenditures booked against them."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.generic import TemplateView

from core.permissions import ManagerRequiredMixin, StaffRequiredMixin, staff_required
from core.querystring import query_id, query_int
from core.roles import is_manager
from core.views import ObjectDeleteView, ObjectEditView, ObjectListView, YearMixin, YearScopedMixin

from .. import selectors, services
from ..exporters import ExpenditureExport
from ..forms import BudgetLineForm, ExpenditureForm
from ..models import BudgetLine, Expenditure
from ..tables import ExpenditureTable

# --- budget -----------------------------------------------------------------


class BudgetView(YearMixin, StaffRequiredMixin, TemplateView):
    template_name = "center/budget.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(rows=selectors.budget_tree(self.fiscal_year), **kwargs)


class BudgetLineEditView(YearScopedMixin, ManagerRequiredMixin, ObjectEditView):
    year_form_kwarg = True  # the form limits its choices to the year
    model, form_class, noun = BudgetLine, BudgetLineForm, "예산 항목"
    year_url = "center:budget"

    def get_initial(self):
        initial = super().get_initial()
        parent = query_id(self.request, "parent")
        if parent is not None:
            initial["parent"] = parent
        return initial


class BudgetLineDeleteView(YearScopedMixin, ManagerRequiredMixin, ObjectDeleteView):
    model, year_url = BudgetLine, "center:budget"


@staff_required
def budget_line_detail(request, pk):
    line = get_object_or_404(BudgetLine.objects.select_related("fiscal_year", "parent"), pk=pk)
    row = next(r for r in selectors.budget_tree(line.fiscal_year) if r.line.pk == line.pk)
    expenditures = line.expenditures.select_related("created_by").order_by("-date", "-pk")
    history = line.history.select_related("history_user").order_by("-history_date")[:20]
    return render(
        request,
        "center/budget_line.html",
        {
            "line": line,
            "row": row,
            "fiscal_year": line.fiscal_year,
            "expenditures": expenditures,
            "history": history,
        },
    )


class ExpenditureListView(YearMixin, StaffRequiredMixin, ObjectListView):
    selector = staticmethod(selectors.expenditures)
    template_name = "center/expenditure_list.html"
    context_object_name = "expenditures"
    exporter = ExpenditureExport()
    table_class = ExpenditureTable

    def get_table(self, queryset):
        table = super().get_table(queryset)
        if not is_manager(self.request.user):
            table.columns.hide("actions")  # staff read the ledger, managers edit it
        return table

    def get_selector_kwargs(self):
        return {
            "fiscal_year": self.fiscal_year,
            "line_id": query_id(self.request, "line"),
            "month": query_int(self.request, "month", min_value=1, max_value=12),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            lines=selectors.leaf_lines(self.fiscal_year),
            total=selectors.expenditure_total(self.object_list),
            months=range(1, 13),
            **kwargs,
        )


class ExpenditureMixin(YearScopedMixin):
    model, year_lookup = Expenditure, "budget_line__fiscal_year"
    year_url = "center:expenditures"


class OwnedEntryMixin:
    """Ledger entries made by another record's service (a grant disbursement)
    are changed there, so the ledger and that record never disagree."""

    def get_object(self, queryset=None):
        entry = super().get_object(queryset)  # None on the add page
        self.owner_locked = entry.owner() if entry is not None else None
        return entry

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.owner_locked is not None:
            messages.error(
                request,
                f"이 집행 내역은 ‘{self.owner_locked}’에서 만든 것이라 그 화면에서만 고칠 수 있습니다.",
            )
            return redirect(reverse("center:expenditures", args=[self.fiscal_year.year]))
        return super().post(request, *args, **kwargs)


class ExpenditureEditView(OwnedEntryMixin, ExpenditureMixin, ManagerRequiredMixin, ObjectEditView):
    year_form_kwarg = True  # the form limits its choices to the year
    form_class, noun, verbs = ExpenditureForm, "집행 내역", ("등록", "수정")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_initial(self):
        initial = super().get_initial()
        line = query_id(self.request, "line")
        if line is not None:
            initial["budget_line"] = line
        return initial

    def save(self, form):
        return services.record_expenditure(form.instance, user=self.request.user)


class ExpenditureDeleteView(
    OwnedEntryMixin, ExpenditureMixin, ManagerRequiredMixin, ObjectDeleteView
):
    pass
