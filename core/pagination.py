"""Pagination whose cost does not grow with the table.

`CappedPaginator` counts at most `LIST_COUNT_CAP` rows (10,000 by default):
`SELECT COUNT(*) FROM (SELECT id … LIMIT 10001)` instead of a count of every
row, so a list of a million consultations costs what a list of ten thousand
does. Past the cap the list says "10,000건 이상" (`paginator.capped`) and the
pages stop at the cap: the last page is at most `cap / per_page` pages deep,
an offset an index walk reaches at once. Narrow the filter (or download the
XLSX) to see rows beyond it.

A page past the first is found by its keys first (a deferred join): the
walk to the offset reads only the primary keys in the list's order (an
index-only scan of the date index for the consultations), and the rows'
joins (client, cooperative, staff) are made for the page's 50 rows only, not
for each of the thousands skipped. Same rows, same order, same single query.

    page = capped_page(request, queryset, per_page=50)     # ?page=N or ?page=last
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Page
from django.db.models import QuerySet
from django.utils.functional import cached_property
from django_tables2.rows import BoundRows

from core.views import ClampingPaginator


def _queryset_of(rows):
    """The queryset behind a list or a django-tables2 table's rows, if any."""
    if isinstance(rows, QuerySet):
        return rows
    data = getattr(getattr(rows, "data", None), "data", None)
    return data if isinstance(data, QuerySet) else None


def _by_keys(queryset: QuerySet, bottom: int, top: int) -> QuerySet | None:
    """The rows bottom:top of the ordered queryset, selected by the keys of
    that slice (one query: `pk IN (SELECT pk … LIMIT … OFFSET …)`); None
    where the outer query could not reproduce the rows (annotations,
    DISTINCT, extra) or the order is undefined."""
    query = queryset.query
    if (
        not queryset.ordered
        or query.annotations
        or query.distinct
        or query.extra
        or query.extra_order_by
        or query.combinator
        or query.is_sliced
    ):
        return None
    rows = queryset.model._base_manager.filter(pk__in=queryset.values("pk")[bottom:top])
    rows.query.select_related = query.select_related
    rows.query.deferred_loading = query.deferred_loading
    rows._prefetch_related_lookups = queryset._prefetch_related_lookups
    return rows.order_by(*(query.order_by or queryset.model._meta.ordering))


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

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        queryset = _queryset_of(self.object_list)
        rows = _by_keys(queryset, bottom, top) if bottom and queryset is not None else None
        if rows is None:
            return super().page(number)
        if isinstance(self.object_list, BoundRows):
            table_rows = self.object_list
            rows = BoundRows(rows, table_rows.table, table_rows.pinned_data)
        return self._get_page(rows, number, self)


def capped_page(request, queryset, *, per_page: int = 50, cap: int | None = None) -> Page:
    """The requested page (`?page=N`, `?page=last`; anything else: the first)."""
    paginator = CappedPaginator(queryset, per_page, cap=cap)
    return paginator.get_page(request.GET.get("page"))
