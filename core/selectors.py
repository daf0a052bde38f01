"""Query building blocks the apps' selectors share.

`related_count` and `related_sum` annotate each row of a list with an
aggregate of another table's rows that point at it, as a correlated
subquery: the list keeps one row per object, where `Count()`/`Sum()` over a
join would multiply when a second one is annotated beside it, and a row
with no related rows gets 0 rather than NULL.

    Session.objects.annotate(n_attended=related_count(Attendance.objects, "session"))
    Application.objects.annotate(
        n_reviews=related_count(Review.objects, "application"),
        score_sum=related_sum(Review.objects, "application", "weighted_total", decimal),
    )
"""

from django.db.models import (
    Count,
    Field,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce


def _per_outer_row(rows: QuerySet, link: str, aggregate, output_field: Field) -> Coalesce:
    grouped = rows.filter(**{link: OuterRef("pk")}).order_by().values(link)
    value = grouped.annotate(value=aggregate).values("value")[:1]
    zero = Value(0, output_field=output_field)
    return Coalesce(Subquery(value, output_field=output_field), zero, output_field=output_field)


def related_count(rows: QuerySet, link: str) -> Coalesce:
    """How many of `rows` have `link` (a foreign key) pointing at the outer row; 0 if none."""
    return _per_outer_row(rows, link, Count("pk"), IntegerField())


def related_sum(rows: QuerySet, link: str, field: str, output_field: Field) -> Coalesce:
    """The sum of `field` over `rows` whose `link` points at the outer row; 0 if none."""
    return _per_outer_row(rows, link, Sum(field), output_field)
