"""The one rule for records that belong to a fiscal year: their dates lie
within that year (1. 1.–12. 31.; the center's fiscal year is the calendar
year and `FiscalYear` defines no other period).

Models of such records mix in `FiscalDatesModel`: its `clean()` holds the
rule, so every path that validates a record (a ModelForm, whose `_post_clean`
runs the model's `clean()` and puts the error next to the field; a service or
an importer calling `full_clean()`) applies the same rule with the same
message. `FiscalDatesFormMixin` is for forms whose model does not (yet) mix it
in; with both, the error is shown once.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from core.korean import josa


def period(year: int) -> tuple[dt.date, dt.date]:
    """First and last day of fiscal year `year`."""
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _as_date(value) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


def date_error(label: str, value, year: int | None) -> str | None:
    """The Korean error for a date of fiscal year `year`, or None when it fits."""
    day = _as_date(value)
    if day is None or year is None:
        return None
    start, end = period(year)
    if start <= day <= end:
        return None
    return f"{josa(label, '은/는')} {year}년 안이어야 합니다."


def check_dates(year: int | None, values: dict[str, tuple[str, object]]) -> dict[str, str]:
    """Errors by field for `{field: (label, value)}` against fiscal year `year`."""
    errors = {}
    for field, (label, value) in values.items():
        message = date_error(label, value, year)
        if message:
            errors[field] = message
    return errors


def validate_dates(year: int | None, values: dict[str, tuple[str, object]]) -> None:
    """`check_dates` for services and model `clean()`: raises one ValidationError."""
    errors = check_dates(year, values)
    if errors:
        raise ValidationError(errors)


def registered_year(value) -> int | None:
    """The fiscal year a record without its own year belongs to: the year of
    its date, which must be a fiscal year the center keeps. Returns the year
    to check against (the closest kept year when the date's year is not one)."""
    from .models import FiscalYear

    day = _as_date(value)
    if day is None:
        return None
    years = list(FiscalYear.objects.values_list("year", flat=True))
    if not years or day.year in years:
        return day.year if years else None
    return min(years, key=lambda y: abs(y - day.year))


def instance_year(instance) -> int | None:
    """The fiscal year of a model instance: its `fiscal_year` FK or `year` field."""
    if getattr(instance, "fiscal_year_id", None):
        return instance.fiscal_year.year
    year = getattr(instance, "year", None)
    return year if isinstance(year, int) else None


class FiscalDatesModel:
    """Mixin for a model whose dates lie in its fiscal year.

    `fiscal_date_fields` names the date fields; `fiscal_year_for_dates()`
    gives the year (by default the instance's `fiscal_year` FK or `year`)."""

    fiscal_date_fields: tuple[str, ...] = ()

    def fiscal_year_for_dates(self) -> int | None:
        return instance_year(self)

    def clean(self):
        super().clean()
        year = self.fiscal_year_for_dates()
        validate_dates(
            year,
            {
                name: (str(self._meta.get_field(name).verbose_name), getattr(self, name))
                for name in self.fiscal_date_fields
            },
        )


class FiscalDatesFormMixin:
    """For a ModelForm of a record that belongs to a fiscal year.

    `fiscal_date_fields` names the date fields to check; the year comes from
    `fiscal_year_for_dates(cleaned_data)` (by default the form's
    `fiscal_year`, a `fiscal_year`/`year` field of the form, or the instance's)."""

    fiscal_date_fields: tuple[str, ...] = ()

    def fiscal_year_for_dates(self, cleaned: dict) -> int | None:
        year = cleaned.get("fiscal_year") or cleaned.get("year")
        if year is None and "year" not in self.fields and "fiscal_year" not in self.fields:
            year = getattr(self, "fiscal_year", None) or instance_year(self.instance)
        return getattr(year, "year", year)

    def _post_clean(self):
        # After the form's own clean(), so its checks (e.g. end after start)
        # still see both dates; add_error would drop a date from cleaned_data.
        super()._post_clean()
        cleaned = self.cleaned_data
        year = self.fiscal_year_for_dates(cleaned)
        values = {
            name: (str(self.fields[name].label), cleaned.get(name))
            for name in self.fiscal_date_fields
            if name in self.fields
        }
        for field, message in check_dates(year, values).items():
            if field not in self.errors:
                self.add_error(field, message)
