"""Pagination whose cost does not grow with the table.

`CappedPaginator` counts at most `LIST_COUNT_CAP` rows (10,000 by default):
`SELECT COUNT(*) FROM (SELECT id … LIMIT 10001)` instead of a count of every
row, so a list of a million consultations costs what a list of ten thousand
does. Past the cap the list says "10,000건 이상" (`paginator.capped`) and the
pages stop at the cap: the last page is at most `cap / per_page` pages deep,
an offset an index walk reaches at once. Narrow the filter (or download the
XLSX) to see rows beyond it.

    page = capped_page(request, queryset, per_page=50)     # ?page=N or ?page=last
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Page
from django.db.models import QuerySet
from django.utils.functional import cached_property

from core.views import ClampingPaginator


def _queryset_of(rows):
    """The queryset behind a list or a django-tables2 table's rows, if any."""
    if isinstance(rows, QuerySet):
        return rows
    data = getattr(getattr(rows, "data", None), "data", None)
    return data if isinstance(data, QuerySet) else None


class CappedPaginator(ClampingPaginator):
    def __init__(self, object_list, per_page, *args, cap: int | None = None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.cap = cap if cap is not None else getattr(settings, "LIST_COUNT_CAP", 10_000)

    @cached_property
    def _capped_count(self) -> int:
        queryset = _queryset_of(self.object_list)
        if queryset is not None:
            return queryset.order_by().values("pk")[: self.cap + 1].count()
        return len(self.object_list[: self.cap + 1])

    @cached_property
    def count(self) -> int:
        return min(self._capped_count, self.cap)

    @cached_property
    def capped(self) -> bool:
        """True when there are more rows than the count says."""
        return self._capped_count > self.cap


def capped_page(request, queryset, *, per_page: int = 50, cap: int | None = None) -> Page:
    """The requested page (`?page=N`, `?page=last`; anything else: the first)."""
    paginator = CappedPaginator(queryset, per_page, cap=cap)
    return paginator.get_page(request.GET.get("page"))
