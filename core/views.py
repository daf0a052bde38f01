"""Generic staff views: a list page, a create/edit page and a delete page are
declarations, as in NetBox. Permissions stay with the app (put
`StaffRequiredMixin` / `ManagerRequiredMixin` first in the bases).

List page (selector + django-filter FilterSet + pagination)::

    class ExpenditureListView(YearMixin, StaffRequiredMixin, ObjectListView):
        selector = staticmethod(selectors.expenditures)   # called with get_selector_kwargs()
        filterset_class = ExpenditureFilter               # optional
        template_name = "center/expenditure_list.html"
        context_object_name = "expenditures"    # paginate_by: 50 unless set

        def get_selector_kwargs(self):
            return {"fiscal_year": self.fiscal_year}

  Without `template_name` the page is `<app>/<model>_list.html` of the rows'
  model and the rows are `<model>_list` (Django's own defaults, the naming
  scheme's list template), so a plain list is its selector, filter and table::

    class CourseListView(StaffRequiredMixin, ObjectListView):
        selector = staticmethod(selectors.course_list)     # → education/course_list.html
        table_class = CourseTable

  The context has `filter` (the bound FilterSet), `page_obj` and the objects.
  An invalid filter value is ignored and shown as an error on the filter
  form (django-filter's own behaviour); with `filter_strict = True` an
  invalid filter shows an empty list instead. Never a 500.

Add-or-edit page (the one `includes/form.html`), as NetBox's ObjectEditView:
one declaration is both the add page (no pk in the URL) and the edit page;
`records(..., form=views.HistoryEditView)` routes both to it::

    class HistoryEditView(ManagerRequiredMixin, ObjectEditView):
        model, form_class, noun = HistoryEntry, HistoryEntryForm, "주요연혁"
        success_url = reverse_lazy("center:profile")    # also the 취소 link

        def save(self, form):                            # optional: call a service
            return services.save_entry(entry=form.instance, user=self.request.user)

  The title is "주요연혁 추가" / "주요연혁 수정" (`noun` and `verbs`), or
  `titles = (adding, editing)`, or one `title`. `save()` defaults to
  `form.save()`. A `ServiceError` (or any Django `ValidationError`) it
  raises is put next to its field by `add_service_error` and the form is
  shown again; otherwise the success message (`success_message`,
  "저장했습니다." by default, may name "{object.name}") is flashed and the
  page redirects to `get_success_url()`. `get_back_url()` (the 취소 link)
  defaults to the success URL. `subtitle` and `multipart` are optional;
  `self.adding` tells the two pages apart where they differ.
  `ObjectCreateView` is an add-only page, for a URL whose pk is a parent's.
  In a function view, `with service_errors_on(form):` is the same adapter.

Delete page (the one `includes/confirm_delete.html`)::

    class HistoryDeleteView(ManagerRequiredMixin, ObjectDeleteView):
        model = HistoryEntry
        success_url = reverse_lazy("center:profile")

  A row other rows still protect is kept, with `protected_message`.

`YearMixin` resolves `self.fiscal_year` from the URL's `year` (404 when the
year does not exist) and puts `fiscal_year` and `years` into the context;
with `year_form_kwarg = True` it also passes `fiscal_year=` to the form.
`YearScopedMixin` adds a year's record's lookup, its year on save and the
return to the year's page (`year_lookup`, `year_url`)::

    class ProgramUnitEditView(YearScopedMixin, ManagerRequiredMixin, ObjectEditView):
        model, form_class, noun = ProgramUnit, ProgramUnitForm, "단위사업"
        year_lookup, year_url = "area__fiscal_year", "center:indicators"

`FormPageMixin` is the form page's context and message without the save
handling, for views that are not model create/edit views (a FormView).
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import ProtectedError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import CreateView, DeleteView, ListView, UpdateView
from django_tables2 import RequestConfig

FORM_TEMPLATE = "includes/form.html"
CONFIRM_DELETE_TEMPLATE = "includes/confirm_delete.html"


def render_form(request, template_name: str, context: dict, *, form):
    """The page of a form: answered with 400 when the form was refused (it has
    errors, its own or a service's), 200 otherwise, so a client and a test
    tell a refused submit from a shown form."""
    return render(request, template_name, context, status=400 if form.errors else 200)


def add_service_error(
    form, exc: ValidationError, *, rename: dict[str, str] | None = None, fallback: str | None = None
) -> None:
    """Put a service's refusal onto the form: next to its field when the form
    has that field (`rename` maps a model field to the form field showing it,
    e.g. planned → planned_thousand), else on `fallback` (None: above the form)."""
    rename = rename or {}
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = rename.get(field, field)
            if target not in form.fields or target == NON_FIELD_ERRORS:
                target = fallback
            form.add_error(target, errors)
    else:
        form.add_error(fallback, exc.error_list)


@contextmanager
def service_errors_on(form, **kwargs):
    """The block calls a service; a refusal it raises (`ServiceError`, any
    `ValidationError`) goes onto `form` through `add_service_error` and the
    block ends there, so what follows it shows the form again::

        with service_errors_on(form):
            call = services.save_call(call=form.save(commit=False), ...)
            messages.success(request, "공고를 저장했습니다.")
            return redirect(call)
        return render(request, "programs/call_form.html", {"form": form})
    """
    try:
        yield
    except ValidationError as exc:
        add_service_error(form, exc, **kwargs)


class YearMixin:
    """`self.fiscal_year` from the URL's `year`, and `fiscal_year`/`years` in
    the context. The model is `settings.FISCAL_YEAR_MODEL` (the center's
    FiscalYear by default), looked up lazily so the kernel imports no app."""

    year_url_kwarg = "year"
    year_form_kwarg = False

    @staticmethod
    def fiscal_year_model():
        return apps.get_model(getattr(settings, "FISCAL_YEAR_MODEL", "center.FiscalYear"))

    @cached_property
    def fiscal_year(self):
        return get_object_or_404(self.fiscal_year_model(), year=self.kwargs[self.year_url_kwarg])

    def get_context_data(self, **kwargs):
        kwargs.setdefault("fiscal_year", self.fiscal_year)
        kwargs.setdefault("years", self.fiscal_year_model().objects.all())
        return super().get_context_data(**kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.year_form_kwarg:
            kwargs["fiscal_year"] = self.fiscal_year
        return kwargs


class YearScopedMixin(YearMixin):
    """A record of the URL's year, for its add/edit/delete pages: found only
    among the year's rows (`year_lookup`, "unit__area__fiscal_year" for a
    record under another), a new one is the year's (where `year_lookup` is
    the record's own `fiscal_year`), and saving or deleting returns to the
    year's page `year_url`."""

    year_lookup = "fiscal_year"
    year_url = ""

    def get_queryset(self):
        return self.model.objects.filter(**{self.year_lookup: self.fiscal_year})

    def save(self, form):
        if self.year_lookup == "fiscal_year":
            form.instance.fiscal_year = self.fiscal_year
        return super().save(form)

    def get_success_url(self):
        return reverse(self.year_url, args=[self.fiscal_year.year])


class FormPageMixin:
    """The shared form page: title, optional subtitle, the 취소 link and the
    success message. The title is `title` on both pages, or `noun` and the
    page's verb (`verbs`: adding, editing; "강사" → "강사 추가" / "강사 수정"),
    or where the two pages are named apart, `titles` (adding, editing)."""

    template_name = FORM_TEMPLATE
    title = ""
    noun = ""
    verbs = ("추가", "수정")
    titles: tuple[str, str] | None = None
    subtitle = ""
    multipart = False
    success_message = "저장했습니다."

    def get_title(self) -> str:
        if self.title or not (self.noun or self.titles):
            return self.title
        editing = int(getattr(self, "object", None) is not None and self.object.pk is not None)
        if self.titles:
            return self.titles[editing]
        return f"{self.noun} {self.verbs[editing]}"

    def get_back_url(self) -> str:
        if getattr(self, "object", None) is None and getattr(self, "success_url", None):
            # A create page shown again with errors has no object to format
            # Django's success_url with.
            return str(self.success_url)
        return self.get_success_url()

    def get_success_message(self) -> str:
        """`success_message`, formatted with the saved `object`
        ("자문위원을 저장했습니다: {object.name}")."""
        return self.success_message.format(object=getattr(self, "object", None))

    def get_context_data(self, **kwargs):
        kwargs.setdefault("title", self.get_title())
        kwargs.setdefault("subtitle", self.subtitle)
        kwargs.setdefault("multipart", self.multipart)
        kwargs.setdefault("back_url", self.get_back_url())
        return super().get_context_data(**kwargs)


class ServiceFormMixin(FormPageMixin):
    """Saves through `save(form)`; a ValidationError from it goes onto the form."""

    def save(self, form) -> Any:
        return form.save()

    def form_valid(self, form):
        try:
            with transaction.atomic():
                self.object = self.save(form)
        except ValidationError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        message = self.get_success_message()
        if message:
            messages.success(self.request, message)
        return HttpResponseRedirect(self.get_success_url())


class ObjectCreateView(ServiceFormMixin, CreateView):
    pass


class ObjectEditView(ServiceFormMixin, UpdateView):
    """Edit the object the URL names, or add one where the URL names none
    (`records(form=…)` routes both pages to this one view)."""

    @property
    def adding(self) -> bool:
        return self.pk_url_kwarg not in self.kwargs and self.slug_url_kwarg not in self.kwargs

    def get_object(self, queryset=None):
        return None if self.adding else super().get_object(queryset)


class ObjectDeleteView(DeleteView):
    """Delete after a confirmation page; rows still in use elsewhere stay."""

    template_name = CONFIRM_DELETE_TEMPLATE
    success_message = "삭제했습니다."
    protected_message = (
        "다른 기록이 이 항목을 사용하고 있어 삭제할 수 없습니다. "
        "하위 항목이나 집행 내역을 먼저 정리하세요."
    )

    def get_back_url(self) -> str:
        return self.get_success_url()

    def get_context_data(self, **kwargs):
        kwargs.setdefault("back_url", self.get_back_url())
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        try:
            with transaction.atomic():
                response = super().form_valid(form)
        except ProtectedError:
            messages.error(self.request, self.protected_message)
            return redirect(self.get_success_url())
        if self.success_message:
            messages.success(self.request, self.success_message)
        return response


class ClampingPaginator(Paginator):
    """`?page=last` is the last page; a page past the end shows the last one,
    and a page that is not a number the first (never a 404 or a 500)."""

    def validate_number(self, number):
        if number == "last":
            return self.num_pages
        try:
            number = int(number)
        except (TypeError, ValueError):
            return 1
        return min(max(number, 1), self.num_pages)


class ObjectListView(ListView):
    """A list page as a declaration: `selector` (or `model`/`queryset`),
    optional `filterset_class`, optional `table_class` (a
    `core.tables.PortalTable`: sortable columns, masked personal data),
    optional `exporter` (a `core.exporting.ListExporter`: the 엑셀·CSV
    buttons), `template_name`, `paginate_by`.

    With a table, the table orders (`?sort=`) and paginates (`?page=`,
    `?page=last`) the filtered rows; the context has `table`, `page_obj`
    and the page's rows under `context_object_name`. The export buttons post
    the page's query string to the exporter's URL, which checks the same
    filters and runs the export as a background job."""

    selector = None
    filterset_class = None
    filter_strict = False
    table_class = None
    # core.pagination.CappedPaginator for lists that may grow past 10,000 rows.
    table_paginator_class = ClampingPaginator
    exporter = None
    paginate_by = 50
    count_unit = "건"  # 조회 결과 12건; a list may count in its own unit ("개 회차")

    def get_selector_kwargs(self) -> dict[str, Any]:
        return {}

    def get_base_queryset(self):
        if self.selector is not None:
            return self.selector(**self.get_selector_kwargs())
        return super().get_queryset()

    @cached_property
    def filterset(self):
        if self.filterset_class is None:
            return None
        return self.filterset_class(
            self.request.GET or None, queryset=self.get_base_queryset(), request=self.request
        )

    def get_queryset(self):
        filterset = self.filterset
        if filterset is None:
            return self.get_base_queryset()
        if self.filter_strict and filterset.is_bound and not filterset.is_valid():
            return filterset.queryset.none()
        return filterset.qs

    def get_export_query(self) -> str:
        """What the export buttons send: the filters and the URL's arguments
        (the year), not the page or the sort."""
        query = self.request.GET.copy()
        for name in ("page", "sort"):
            query.pop(name, None)
        for name, value in self.kwargs.items():
            query[name] = str(value)
        return query.urlencode()

    def get_paginate_by(self, queryset):
        return None if self.table_class else super().get_paginate_by(queryset)

    def get_table(self, queryset):
        # Not `request=` here: django-tables2 would then paginate the table
        # once more with Django's own Paginator, an uncapped COUNT of every
        # row; RequestConfig gives the table the request and the sort.
        table = self.table_class(queryset)
        RequestConfig(self.request, paginate=False).configure(table)
        table.paginate(
            paginator_class=self.table_paginator_class,
            page=self.request.GET.get("page") or 1,
            per_page=self.paginate_by,
        )
        return table

    def get_context_data(self, **kwargs):
        kwargs.setdefault("filter", self.filterset)
        if self.table_class is not None:
            table = self.get_table(self.object_list)
            kwargs.setdefault("table", table)
            kwargs.setdefault("page_obj", table.page)
            kwargs.setdefault("paginator", table.paginator)
            kwargs.setdefault("is_paginated", table.paginator.num_pages > 1)
            records = [row.record for row in table.page.object_list]
            name = self.get_context_object_name(self.object_list)
            if name:
                kwargs.setdefault(name, records)
            kwargs.setdefault("object_list", records)
        kwargs.setdefault("count_unit", self.count_unit)
        kwargs.setdefault("query_string", self.request.GET.urlencode())
        if self.exporter is not None:
            kwargs.setdefault("exporter", self.exporter)
            kwargs.setdefault("can_export", self.exporter.allowed(self.request.user))
            kwargs.setdefault("export_query", self.get_export_query())
        return super().get_context_data(**kwargs)
