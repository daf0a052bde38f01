"""What every programs page shares: the kernel's year scoping (every programs
form takes the fiscal year) and its service-error adapter."""

from django.core.paginator import Page, Paginator

from core.views import FORM_TEMPLATE, add_service_error
from core.views import YearMixin as CoreYearMixin
from core.views import YearScopedMixin as CoreYearScopedMixin


class YearMixin(CoreYearMixin):
    year_form_kwarg = True


class YearScopedMixin(CoreYearScopedMixin):
    year_form_kwarg = True


class YearListMixin(YearMixin):
    """A year's list page (`core.views.ObjectListView`): its selector is
    called with the URL's fiscal year."""

    def get_selector_kwargs(self):
        return {"fiscal_year": self.fiscal_year}


PAGE_SIZE = 50


def paginate(request, queryset, per_page: int = PAGE_SIZE) -> Page:
    """One page of `queryset` from `?page=` (a bad or too large number gives
    the nearest page, never an error); the template includes
    `includes/pagination.html` with `page_obj`."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


__all__ = [
    "FORM_TEMPLATE",
    "PAGE_SIZE",
    "YearListMixin",
    "YearMixin",
    "YearScopedMixin",
    "add_service_error",
    "paginate",
]
