from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from core import importing
from core.errors import ServiceError
from core.korean import josa

from ..models import (
    Channel,
    Metric,
    MonthlyFigure,
)

# --- monthly figures --------------------------------------------------------------------


def add_to_figure(*, channel: Channel, metric: str, year: int, month: int, delta: int) -> None:
    """Add `delta` to a monthly figure, creating it at 0 first; safe under concurrency
    (an atomic F() update, and a unique constraint for the first writer)."""
    lookup = {"channel": channel, "metric": metric, "year": year, "month": month}
    with transaction.atomic():
        if MonthlyFigure.objects.filter(**lookup).update(value=F("value") + delta):
            return
        try:
            with transaction.atomic():
                MonthlyFigure.objects.create(**lookup, value=delta)
                return
        except IntegrityError:
            pass
        MonthlyFigure.objects.filter(**lookup).update(value=F("value") + delta)


def save_month(*, year: int, month: int, values: dict[tuple[int, str], int | None]) -> int:
    """Store a whole month of the grid at once: (channel pk, metric) → value.

    None removes the figure. All or nothing: any invalid value raises
    ValidationError before anything is written. Returns the number of cells stored."""
    if any(v is not None and v < 0 for v in values.values()):
        raise ServiceError(None, "음수는 입력할 수 없습니다.")
    stored = 0
    with transaction.atomic():
        existing = {
            (f.channel_id, f.metric): f
            for f in MonthlyFigure.objects.select_for_update().filter(year=year, month=month)
        }
        for (channel_id, metric), value in values.items():
            figure = existing.get((channel_id, metric))
            if value is None:
                if figure is not None:
                    figure.delete()
                continue
            if figure is None:
                MonthlyFigure.objects.create(
                    channel_id=channel_id, metric=metric, year=year, month=month, value=value
                )
            elif figure.value != value:
                figure.value = value
                figure.save(update_fields=["value", "updated_at"])
            stored += 1
    return stored


@dataclass
class ImportRow:
    line: int
    channel: Channel
    metric: str
    year: int
    month: int
    value: int


class ImportFailed(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


HEADERS = ["채널", "지표", "연도", "월", "값"]


def parse_numbered(numbered: list[tuple[int, list]]) -> list[ImportRow]:
    """Validate (sheet row number, [채널, 지표, 연도, 월, 값]) pairs."""
    channels = {c.name: c for c in Channel.objects.all()} | {
        c.slug: c for c in Channel.objects.all()
    }
    metric_by_label = {label: value for value, label in Metric.choices} | {
        value: value for value in Metric.values
    }
    errors: list[str] = []
    parsed: list[ImportRow] = []
    seen: dict[tuple, int] = {}
    for number, row in numbered:
        cells = [("" if c is None else str(c).strip()) for c in (list(row) + [None] * 5)[:5]]
        if not any(cells):
            continue
        name, metric_label, year_s, month_s, value_s = cells
        row_errors = []
        channel = channels.get(name)
        if channel is None:
            row_errors.append(f"{josa(f'채널 ‘{name}’', '이/가')} 없습니다")
        metric = metric_by_label.get(metric_label)
        if metric is None:
            row_errors.append(f"{josa(f'지표 ‘{metric_label}’', '을/를')} 알 수 없습니다")
        elif channel is not None and metric not in channel.metrics:
            row_errors.append(f"{channel.name}에는 ‘{metric_label}’ 지표가 없습니다")
        year = _int(year_s)
        if year is None or not settings.FIRST_FISCAL_YEAR <= year <= 2100:
            row_errors.append("연도가 올바르지 않습니다")
        month = _int(month_s)
        if month is None or not 1 <= month <= 12:
            row_errors.append("월은 1~12 사이여야 합니다")
        value = _int(value_s.replace(",", ""))
        if value is None:
            row_errors.append("값은 정수여야 합니다")
        elif value < 0:
            row_errors.append("값은 0 이상이어야 합니다")
        if not row_errors:
            key = (channel.pk, metric, year, month)
            if key in seen:
                row_errors.append(f"{seen[key]}행과 같은 채널·지표·월이 두 번 있습니다")
            seen[key] = number
        if row_errors:
            errors.append(f"{number}행: " + ", ".join(row_errors) + ".")
        else:
            parsed.append(ImportRow(number, channel, metric, year, month, value))
    if errors:
        raise ImportFailed(errors)
    if not parsed:
        raise ImportFailed(["가져올 행이 없습니다."])
    return parsed


def _int(text: str) -> int | None:
    text = text.strip()
    if text.endswith(".0"):
        text = text[:-2]
    try:
        return int(text)
    except ValueError:
        return None


def registry_import(rows, *, user=None, commit=True) -> importing.ImportResult:
    """The `outreach_metrics` importer (registered in OutreachConfig.ready()):
    rows keyed by the header row."""
    result = importing.ImportResult(columns=list(HEADERS))
    missing = [h for h in HEADERS if rows and h not in rows[0].values]
    if missing:
        result.errors.append(f"1행: 머리글에 {', '.join(missing)} 열이 없습니다.")
        return result
    numbered = [(row.number, [row.get(h) for h in HEADERS]) for row in rows]
    try:
        parsed = parse_numbered(numbered)
    except ImportFailed as exc:
        result.errors.extend(exc.errors)
        return result
    result.preview = [
        [r.channel.name, dict(Metric.choices)[r.metric], r.year, r.month, r.value]
        for r in parsed[:20]
    ]
    if commit:
        _store(parsed)
    result.saved = len(parsed)
    return result


def _store(rows: list[ImportRow]) -> None:
    with transaction.atomic():
        for row in rows:
            MonthlyFigure.objects.update_or_create(
                channel=row.channel,
                metric=row.metric,
                year=row.year,
                month=row.month,
                defaults={"value": row.value},
            )
