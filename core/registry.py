"""The registry: the one seam between apps.

Each app declares in its AppConfig.ready() everything it contributes, and
`center`, `reports`, the navigation and the kernel read it here:

- indicator sources, monthly series and alerts (`register`, `register_series`,
  `register_alert`): figures aggregated from the app's records;
- importers (`register_importer`): `manage.py import_records NAME FILE` and
  the upload pages run them through `core.importing`;
- list exporters (`register_exporter`): `core.exporting.ListExporter`s whose
  files `/exports/<name>/` builds as background jobs (`core.jobs`);
- file builders (`register_builder`): other files built as background jobs
  (the annual report), with the same progress page and history;
- retention rules (`register_retention`): personal data scrubbed after the
  retention period, listed on the privacy policy;
- demo loaders (`register_demo`): `manage.py load_demo` runs them in order;
- menu entries (`register_menu`): the navigation bar (`core.templatetags.menu`);
- table sources (`register_table`): the report's sub-tables built from records
  (each app's `report_tables.py`).

Narrative placeholders of the report are not a registration of their own:
`출처.<key>` names every registered source, `표.<key>.…` every table.

An indicator source aggregates records for a fiscal year in the database:

    from core.registry import register

    @register("consultations.phone", "기초상담 · 전화상담 건수", measure="건")
    def phone(year: int) -> int:
        return Consultation.objects.filter(channel=PHONE, started_at__year=year).count()

Apps never import each other (tests/test_architecture.py). Modelled on
pretix's exporter registry and NetBox's registry and menu, kept as plain
dicts because a signal adds nothing when contributions are known at start-up.
"""

from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace

from django.db.models import CharField, Count, F, QuerySet, Value
from django.db.models.functions import ExtractMonth

from core.cache import optional_cache as cache


@dataclass(frozen=True)
class Source:
    key: str
    label: str
    measure: str
    func: Callable[[int], int | None]
    url_name: str = ""  # the list of records behind the figure, if any
    url_query: str = ""  # its filter for the figure, formatted with the year
    # `(year) -> {key: value}` computing this source and its siblings in a few
    # grouped queries (the report and the dashboard read dozens of sources):
    # `compute_many` calls each batch once. `func` stays the one-source answer
    # and must agree with the batch (tests compare them).
    batch: Callable[[int], dict] | None = None


_registry: dict[str, Source] = {}


def link_source(key: str, url_name: str, url_query: str = "") -> None:
    """Point the figure of source `key` at the list of its records, filtered
    (`url_query` is formatted with `year`): the report's preview links
    전화상담 7,044 to the phone consultations of 2021."""
    source = _registry.get(key)
    if source is not None:
        _registry[key] = replace(source, url_name=url_name, url_query=url_query)


def register(key: str, label: str, measure: str = "", url_name: str = "", batch=None):
    def decorator(func: Callable[[int], int | None]):
        _registry[key] = Source(
            key=key, label=label, measure=measure, func=func, url_name=url_name, batch=batch
        )
        return func

    return decorator


def resolve(value: str) -> Source | None:
    """A source by its key or by its Korean label (what the XLSX shows)."""
    value = (value or "").strip()
    if value in _registry:
        return _registry[value]
    return next((s for s in _registry.values() if s.label == value), None)


def unregister(key: str) -> None:
    _registry.pop(key, None)


def get(key: str) -> Source | None:
    return _registry.get(key)


def all_sources() -> list[Source]:
    return sorted(_registry.values(), key=lambda s: s.key)


def choices() -> list[tuple[str, str]]:
    return [("", "직접 입력")] + [(s.key, s.label) for s in all_sources()]


def compute(key: str, year: int) -> int | None:
    source = _registry.get(key)
    if source is None:
        return None
    return source.func(year)


# --- batches --------------------------------------------------------------------------
# A batch is `(year) -> {key: value}`, or, marked with `@for_years`,
# `(years) -> {year: {key: value}}`: the same grouped queries answer every
# year asked (GROUP BY year), so the report's previous-year column costs no
# query of its own. Results are kept in a memo {(batch, year): values}: the
# `batches` argument, or the active `batch_scope()`'s, so a build, its page
# and the dashboard run each batch once for each year whatever reads it
# (indicator sources, series and tables of an app may share one batch when
# their keys differ).

_scope: ContextVar[dict | None] = ContextVar("registry_batch_scope", default=None)


def for_years(func: Callable) -> Callable:
    """Mark a batch as `(years: tuple[int, ...]) -> {year: {key: value}}`."""
    func.for_years = True
    return func


@contextmanager
def batch_scope():
    """Every batch read inside runs once for each year (a build, a page)."""
    if _scope.get() is not None:
        yield _scope.get()
        return
    token = _scope.set({})
    try:
        yield _scope.get()
    finally:
        _scope.reset(token)


def memo() -> dict:
    """The active batch scope's memo, or a new one."""
    scoped = _scope.get()
    return scoped if scoped is not None else {}


def _memo(batches: dict | None) -> dict:
    return batches if batches is not None else memo()


def batch_values(batch: Callable, years: Iterable[int], batches: dict | None = None) -> dict:
    """{year: the batch's values} for `years`, computing only the years the
    memo lacks (a `for_years` batch in one call for all of them)."""
    memo = _memo(batches)
    years = list(dict.fromkeys(years))
    missing = tuple(y for y in years if (batch, y) not in memo)
    if missing:
        if getattr(batch, "for_years", False):
            found = batch(missing)
            for y in missing:
                memo[(batch, y)] = found.get(y, {})
        else:
            for y in missing:
                memo[(batch, y)] = batch(y)
    return {y: memo[(batch, y)] for y in years}


def compute_years(keys: Iterable[str], years: Iterable[int], batches: dict | None = None) -> dict:
    """{year: {key: value}} of `keys` for every year: each batch runs once
    for all its keys (and, `for_years`, all the years), every other source
    once a year. Unknown keys answer None."""
    memo = _memo(batches)
    years = list(dict.fromkeys(years))
    keys = list(dict.fromkeys(keys))
    result: dict[int, dict] = {y: {} for y in years}
    for key in keys:
        source = _registry.get(key)
        if source is not None and source.batch is not None:
            found = batch_values(source.batch, years, memo)
            for y in years:
                result[y][key] = found[y].get(key)
        else:
            for y in years:
                result[y][key] = None if source is None else source.func(y)
    return result


def compute_many(keys: Iterable[str], year: int, batches: dict | None = None) -> dict:
    """The values of `keys` for `year` (`compute_years` for one year)."""
    return compute_years(keys, [year], batches)[year]


def actuals(indicators: Iterable, year: int, batches: dict | None = None) -> dict:
    """Actual of each indicator by pk; each source (or batch) runs once,
    whatever uses it (`batches` as in `compute_many`)."""
    indicators = list(indicators)
    known = compute_many([i.source for i in indicators if i.source], year, batches)
    return {i.pk: known[i.source] if i.source else i.entered_actual for i in indicators}


def tally(queryset, *, year, group=None, value=None) -> "QuerySet":
    """One part of `tallies`: rows of (year, group, value) of `queryset`,
    grouped by the `year` expression (a field path or an expression) and
    `group` (a field path; none: one group ""), `value` an aggregate (default:
    Count of rows)."""
    year = F(year) if isinstance(year, str) else year
    group = F(group) if isinstance(group, str) else Value("", output_field=CharField())
    return (
        queryset.order_by()
        .annotate(_year=year, _group=group)
        .values("_year", "_group")
        .annotate(_value=value if value is not None else Count("pk"))
    )


def tallies(**parts) -> dict[str, dict[tuple[int, str], int]]:
    """Several grouped aggregates of an app (each a `tally`, over any models)
    in one statement (UNION ALL): {name: {(year, group): value}}, the values
    as integers (None where the aggregate was NULL); a group without rows is
    absent. The sources of an app for every year asked cost one query."""
    named = [
        part.annotate(_name=Value(name, output_field=CharField())).values_list(
            "_name", "_year", "_group", "_value"
        )
        for name, part in parts.items()
    ]
    found: dict[str, dict[tuple[int, str], int]] = {name: {} for name in parts}
    if not named:
        return found
    rows = named[0].union(*named[1:], all=True) if len(named) > 1 else named[0]
    for name, year, group, value in rows:
        key = (int(year), "" if group is None else str(group))
        if value is None:  # a Sum over NULLs only: None, as the one-source answer
            found[name].setdefault(key, None)
        else:
            found[name][key] = (found[name].get(key) or 0) + int(value)
    return found


# --- monthly series -----------------------------------------------------------------
# Apps may also register monthly series (e.g. consultations per month) that the
# dashboard and the report chart: `(year) -> list of 12 numbers`, aggregated in
# one grouped query.


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    func: Callable[[int], list[int]]
    url_name: str = ""
    unit: str = ""  # 건, 명, 회, 원: charts draw one panel (one value axis) per unit
    # `(year) -> {key: values}`: this series and its siblings in one grouped
    # query (as a source's batch); `func` stays the one-series answer.
    batch: Callable[[int], dict] | None = None


_series: dict[str, Series] = {}


def register_series(
    key: str,
    label: str,
    url_name: str = "",
    unit: str = "",
    batch: Callable[[int], dict] | None = None,
):
    def decorator(func: Callable[[int], list[int]]):
        _series[key] = Series(
            key=key, label=label, func=func, url_name=url_name, unit=unit, batch=batch
        )
        return func

    return decorator


def all_series() -> list[Series]:
    return sorted(_series.values(), key=lambda s: s.key)


def series_values(year: int, batches: dict | None = None) -> dict[str, list]:
    """Every registered series' twelve values for `year`, in key order; each
    batch runs once for all its series (and once per scope: `batch_values`)."""
    memo = _memo(batches)
    values = {}
    for s in all_series():
        if s.batch is None:
            values[s.key] = s.func(year)
        else:
            values[s.key] = batch_values(s.batch, [year], memo)[year][s.key]
    return values


def monthly(year: int, queryset, date_field: str, value=None) -> list[int]:
    """Helper for series: twelve monthly totals of `queryset` in one grouped query.

    `value` is an aggregate expression (default: Count of rows)."""
    value = value if value is not None else Count("pk")
    rows = (
        queryset.filter(**{f"{date_field}__year": year})
        .annotate(_month=ExtractMonth(date_field))
        .values("_month")
        .annotate(_total=value)
        .values_list("_month", "_total")
    )
    totals = [0] * 12
    for month, total in rows:
        totals[month - 1] = int(total or 0)
    return totals


# --- alerts ---------------------------------------------------------------------------
# Counts that need someone's attention now (e.g. overdue online questions),
# shown on the staff dashboard with a link to the queue.


@dataclass(frozen=True)
class Alert:
    key: str
    label: str
    func: Callable[[], int]
    url_name: str = ""


_alerts: dict[str, Alert] = {}


def register_alert(key: str, label: str, url_name: str = ""):
    def decorator(func: Callable[[], int]):
        _alerts[key] = Alert(key=key, label=label, func=func, url_name=url_name)
        return func

    return decorator


def all_alerts() -> list[Alert]:
    return sorted(_alerts.values(), key=lambda a: a.key)


# --- importers ------------------------------------------------------------------------
# `func(rows, *, user=None, commit=True) -> core.importing.ImportResult`, rows
# keyed by the header row; `columns` are the headers the template file shows.


@dataclass(frozen=True)
class Importer:
    name: str
    label: str
    func: Callable
    columns: tuple = ()
    role: str = "staff"  # or "manager": who may use the upload page
    template_url: str = ""  # URL name of a template file to download, if any
    done_url: str = ""  # URL name of the list the imported rows show up in
    help: str = ""  # what the upload page says about the columns' values


_importers: dict[str, Importer] = {}


def register_importer(
    name: str,
    func: Callable,
    *,
    label: str = "",
    columns=(),
    role: str = "staff",
    template_url: str = "",
    done_url: str = "",
    help: str = "",
) -> None:
    _importers[name] = Importer(
        name=name,
        label=label or name,
        func=func,
        columns=tuple(columns),
        role=role,
        template_url=template_url,
        done_url=done_url,
        help=help,
    )


def unregister_importer(name: str) -> None:
    _importers.pop(name, None)


def get_importer(name: str) -> Importer | None:
    return _importers.get(name)


def importers() -> list[Importer]:
    return sorted(_importers.values(), key=lambda i: i.name)


# --- list exporters -------------------------------------------------------------------
# `core.exporting.ListExporter` instances: /exports/<name>/ builds their file.

_exporters: dict = {}


def register_exporter(exporter):
    _exporters[exporter.name] = exporter
    return exporter


def get_exporter(name: str):
    return _exporters.get(name)


def exporters() -> list:
    return sorted(_exporters.values(), key=lambda e: e.name)


# --- file builders -------------------------------------------------------------------
# A file an app builds itself as a background job (the annual report): the job
# machinery (core.jobs) runs `build(job, progress)`, which returns
# (content, filename, result); `progress(step, total, label)` raises
# core.jobs.Cancelled once the job was cancelled. `attempts` > 1 retries a
# failing build within the task; `keep_files` keeps its files past the
# purge of old job files (a submitted report stays downloadable).


@dataclass(frozen=True)
class FileBuilder:
    name: str
    label: str
    build: Callable
    attempts: int = 1
    keep_files: bool = False


_builders: dict[str, FileBuilder] = {}


def register_builder(builder: FileBuilder) -> FileBuilder:
    _builders[builder.name] = builder
    return builder


def get_builder(name: str) -> FileBuilder | None:
    return _builders.get(name)


def builders() -> list[FileBuilder]:
    return sorted(_builders.values(), key=lambda b: b.name)


# --- retention rules ------------------------------------------------------------------


@dataclass(frozen=True)
class RetentionRule:
    """Personal data fields of one model and how to find expired rows.

    `expired(cutoff)` returns the queryset of rows older than the cutoff whose
    personal data is still present; `scrub` maps each field to the value it
    is replaced with. Counts stay (the rows remain), the person is gone.
    `core.privacy.destroy_expired_personal_data` runs the rules in the order
    they were registered.
    """

    label: str
    model: type
    date_field: str
    scrub: dict
    not_yet_scrubbed: dict

    def expired(self, cutoff):
        return self.model.objects.filter(**{f"{self.date_field}__lt": cutoff}).exclude(
            **self.not_yet_scrubbed
        )


_retention_rules: list[RetentionRule] = []


def register_retention(rule: RetentionRule, *, history_label: str = "") -> None:
    """Register `rule`; with `history_label`, the same rule for the model's
    change history too (django-simple-history keeps copies of the fields)."""
    _retention_rules.append(rule)
    if history_label:
        history = replace(rule, label=history_label, model=rule.model.history.model)
        _retention_rules.append(history)


def retention_rules() -> list[RetentionRule]:
    return list(_retention_rules)


# --- demo loaders ---------------------------------------------------------------------
# `load(stdout)` adds the app's 2021 demo records, idempotently; `load_demo` runs
# them in registration order (INSTALLED_APPS order: the center's data first).


@dataclass(frozen=True)
class DemoLoader:
    app: str
    func: Callable


_demo_loaders: dict[str, DemoLoader] = {}


def register_demo(app: str, func: Callable) -> None:
    _demo_loaders[app] = DemoLoader(app=app, func=func)


def demo_loaders() -> list[DemoLoader]:
    return list(_demo_loaders.values())


# --- menu entries ---------------------------------------------------------------------
# Who sees an entry (`role`): "public" anonymous visitors only; "user" signed-in
# people who are not staff (e.g. outside reviewers); "staff" staff members and
# managers; "manager" managers. `visible(user)` narrows it further. `group` is
# where it sits: "main" the staff menu, "admin" the manager's links beside the
# account, "site" the visitors' (and outside accounts') links. Entries sort by
# `order` inside their group. Entries with the same `section` form one drop-down
# menu (labelled with the section, placed where its first entry sorts), so the
# staff menu fits on one line of a 1280 px screen. `badge()` (optional) is a
# count shown beside the label, e.g. requests waiting (0 or None: no badge), with
# `badge_label` read out after it ("건 확인 대기"); the menu caches it (see
# `forget_menu_badge`).

ROLES = ("public", "user", "staff", "manager")
GROUPS = ("main", "admin", "site")


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url_name: str
    role: str
    group: str
    order: int = 100
    visible: Callable | None = None
    section: str = ""
    badge: Callable[[], int | None] | None = None
    badge_label: str = ""


# A badge's count is cached until the app says it changed (`forget_menu_badge`,
# e.g. from a post_save signal), at most this long (other processes' caches).
BADGE_SECONDS = 300


def menu_badge_key(group: str, url_name: str) -> str:
    return f"menu-badge:{group}:{url_name}"


def forget_menu_badge(url_name: str, group: str = "main") -> None:
    """The count behind a menu entry's badge changed: count it again next time."""
    cache.delete(menu_badge_key(group, url_name))


_menu: dict[tuple[str, str], MenuEntry] = {}


def register_menu(
    label: str,
    url_name: str,
    *,
    role: str,
    group: str,
    order: int = 100,
    visible: Callable | None = None,
    section: str = "",
    badge: Callable[[], int | None] | None = None,
    badge_label: str = "",
) -> None:
    if role not in ROLES or group not in GROUPS:
        raise ValueError(f"menu entry {label!r}: role {role!r} or group {group!r} unknown")
    _menu[(group, url_name)] = MenuEntry(
        label, url_name, role, group, order, visible, section, badge, badge_label
    )


def menu_entries(group: str | None = None) -> list[MenuEntry]:
    entries = [e for e in _menu.values() if group is None or e.group == group]
    return sorted(entries, key=lambda e: (GROUPS.index(e.group), e.order, e.label))


# --- table sources --------------------------------------------------------------------
# Sub-tables of the report (the grants of a program, the scale-up projects …):
# `(year) -> list of rows`, each row a dict keyed by the columns' keys. A
# program unit's report section declares which tables it shows
# (reports.SectionTable); the report formats every cell by its column's kind,
# so the PDF, HTML, XLSX and HWPX print the same text:
#
#   "text"      a string                     "int"    a count, thousands separators
#   "thousand"  won, printed in 천원 (half-up) "date"   a date, Django's format
#   "score"     a mean such as 4.5 (x.x)     "lines"  a list of strings, one per line
#
# Narratives quote a table too: `표.<key>.건수` (rows), `표.<key>.합계.<column>`,
# `표.<key>.목록.<column>` (the cells joined by ", ") and `표.<key>.<label>.<column>`
# (the cell of the row whose first column reads <label>).

TABLE_KINDS = ("text", "int", "thousand", "date", "score", "lines")


@dataclass(frozen=True)
class TableColumn:
    key: str
    label: str
    kind: str = "text"

    @property
    def numeric(self) -> bool:
        return self.kind in ("int", "thousand", "score")


@dataclass(frozen=True)
class TableSource:
    key: str
    label: str
    columns: tuple[TableColumn, ...]
    func: Callable[[int], list[dict]]
    numbered: bool = False  # a 연번 column first
    url_name: str = ""  # the list of the records behind the rows
    url_query: str = ""  # its filter, formatted with the year: "year={year}"
    # `(year) -> {key: rows}`: this table and its siblings in one set of
    # grouped queries (the report's Tables runs each batch once); `func` stays
    # the one-table answer.
    batch: Callable[[int], dict] | None = None

    def rows(self, year: int) -> list[dict]:
        return list(self.func(year))


_tables: dict[str, TableSource] = {}


def register_table(
    key: str,
    label: str,
    *,
    columns,
    numbered: bool = False,
    url_name: str = "",
    url_query: str = "",
    batch: Callable[[int], dict] | None = None,
):
    """Decorator: `func(year) -> list[dict]` becomes the table source `key`.
    `columns` are `TableColumn`s or `(key, label[, kind])` tuples."""
    cols = tuple(c if isinstance(c, TableColumn) else TableColumn(*c) for c in columns)
    for column in cols:
        if column.kind not in TABLE_KINDS:
            raise ValueError(f"table {key!r}: column kind {column.kind!r} unknown")

    def decorator(func: Callable[[int], list[dict]]):
        _tables[key] = TableSource(
            key, label, cols, func, numbered, url_name, url_query, batch=batch
        )
        return func

    return decorator


def get_table(key: str) -> TableSource | None:
    return _tables.get(key)


def all_tables() -> list[TableSource]:
    return sorted(_tables.values(), key=lambda t: t.key)


def table_choices() -> list[tuple[str, str]]:
    return [(t.key, t.label) for t in all_tables()]


# --- fiscal-year copies -----------------------------------------------------------------
# `center.services.copy_fiscal_year` starts next year from this year's plan;
# apps that keep settings per year (the report's declared tables) copy theirs
# with `func(source: FiscalYear, target: FiscalYear)`, in the same transaction.

_year_copies: dict[str, Callable] = {}


def register_year_copy(app: str, func: Callable) -> None:
    _year_copies[app] = func


def year_copied(source, target) -> None:
    for func in _year_copies.values():
        func(source, target)
