"""Model fields and constraints every app declares the same way.

    handled_by = user_fk("상담자", related_name="consultations")
    created_by = user_fk("등록자")
    client = optional_fk(Client, models.PROTECT, "신청인", related_name="consultations")
    constraints = [dates_in_order("term_start", "term_end", name="advisor_term_order")]

Each builder returns a plain Django field or constraint (migrations see an
ordinary ForeignKey or CheckConstraint), so using one changes no schema.

`user_fk` links a record to the staff member who made or handled it:
optional, and PROTECT by default, so a staff member who recorded something is
deactivated rather than deleted. `optional_fk` is any other optional link
(`null` and `blank` together: the form may leave it empty and the database
stores NULL). `dates_in_order` is the database's half of a period rule (the
end is not before the start), `dates_out_of_order` the form's; `within` is the half of a range rule whose form
half is the field's Min/MaxValueValidators (`bounded`). `fiscal_year_number` is a fiscal
year kept as a number, never before settings.FIRST_FISCAL_YEAR. `one_per_line` is a list
typed one item a line, read back with `lines`.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q


def user_fk(
    verbose_name: str | None = None,
    *,
    related_name: str | None = "+",
    on_delete=models.PROTECT,
    blank: bool = True,
    **options,
) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=on_delete,
        null=True,
        blank=blank,
        related_name=related_name,
        verbose_name=verbose_name,
        **options,
    )


def optional_fk(
    to,
    on_delete,
    verbose_name: str | None = None,
    *,
    one_to_one: bool = False,
    **options,
) -> models.ForeignKey:
    field = models.OneToOneField if one_to_one else models.ForeignKey
    return field(
        to, on_delete=on_delete, null=True, blank=True, verbose_name=verbose_name, **options
    )


def bounded(verbose_name: str, low: int, high: int, **options) -> models.PositiveSmallIntegerField:
    """A small number a form keeps within `low`–`high` (a score, a weight, a
    month); the model's Meta adds `within(...)` for the database."""
    return models.PositiveSmallIntegerField(
        verbose_name, validators=[MinValueValidator(low), MaxValueValidator(high)], **options
    )


ONE_PER_LINE = "한 줄에 하나씩 적습니다."


def one_per_line(verbose_name: str, **options) -> models.TextField:
    """A list typed as text, one item a line (partner organisations, the
    legal bases, a strategy's actions); `lines(...)` reads it back."""
    options.setdefault("help_text", ONE_PER_LINE)
    return models.TextField(verbose_name, **options)


def lines(text: str | None) -> list[str]:
    """The items of a `one_per_line` text: its non-blank lines, stripped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def fiscal_year_number(verbose_name: str = "연도", *, validators=(), **options):
    """`FiscalYear.year`, and the `year` of education's and outreach's older
    tables that keep a number instead of a foreign key."""
    return models.PositiveSmallIntegerField(
        verbose_name,
        validators=[MinValueValidator(settings.FIRST_FISCAL_YEAR), *validators],
        **options,
    )


def dates_in_order(
    start: str, end: str, *, name: str, strict: bool = False, optional: bool = False
) -> models.CheckConstraint:
    """`end` is on or after `start` (strictly after with `strict`); with
    `optional` either may be empty."""
    in_order = Q(**{f"{end}__{'gt' if strict else 'gte'}": F(start)})
    if optional:
        in_order = Q(**{f"{start}__isnull": True}) | Q(**{f"{end}__isnull": True}) | in_order
    return models.CheckConstraint(condition=in_order, name=name)


def dates_out_of_order(value_of, date_order) -> dict[str, str]:
    """The form's half of `dates_in_order`, for a form's `cleaned_data.get`
    or a model's `clean()` alike: for each `(start, end, message)` whose two
    dates are given and the end comes before the start, `{end: message}`
    (a missing or invalid date is left to the field's own error).

        dates_out_of_order(cleaned.get, [("start", "end", "종료일은 …")])
        dates_out_of_order(partial(getattr, self), self.date_order)
    """
    errors = {}
    for start, end, message in date_order:
        first, last = value_of(start), value_of(end)
        if first and last and last < first:
            errors[end] = message
    return errors


def unique(*fields: str, name: str) -> models.UniqueConstraint:
    """No two rows share these fields' values."""
    return models.UniqueConstraint(fields=list(fields), name=name)


def _or_empty(field: str, condition: Q, optional: bool) -> Q:
    return Q(**{f"{field}__isnull": True}) | condition if optional else condition


def at_least(field: str, low, *, name: str, optional: bool = False) -> models.CheckConstraint:
    """`low` ≤ `field` in the database (`within` with no upper bound); with
    `optional` the field may be empty."""
    return models.CheckConstraint(
        condition=_or_empty(field, Q(**{f"{field}__gte": low}), optional), name=name
    )


def positive(field: str, *, name: str, optional: bool = False) -> models.CheckConstraint:
    """`field` > 0 in the database (an amount of money, a count); with
    `optional` the field may be empty."""
    return models.CheckConstraint(
        condition=_or_empty(field, Q(**{f"{field}__gt": 0}), optional), name=name
    )


def within(field: str, low, high, *, name: str) -> models.CheckConstraint:
    """`low` ≤ `field` ≤ `high` in the database (the form checks it with the
    field's MinValueValidator and MaxValueValidator); a bound may be another
    field, `F("amount")`."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": low}) & Q(**{f"{field}__lte": high}), name=name
    )
