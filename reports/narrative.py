"""The report's prose: placeholders, literal figures and lines to review.

A narrative (사업개요, 추진내용, the plan's text) is typed by staff. Figures in it
are either placeholders, filled from the records at build time:

- `{{ 단위사업.지표 }}`, `{{ 단위사업.합계 }}`: the year's indicator actuals;
- `{{ 출처.<key> }}`: any registered indicator source;
- `{{ 표.<key>.건수 }}`, `{{ 표.<key>.합계.<column> }}`, `{{ 표.<key>.목록.<column> }}`,
  `{{ 표.<key>.<label>.<column> }}`: a registered table source (core.registry);

or literal numbers typed by hand (입력값). The editor offers to bind a literal
that equals a value the unit's sources produce; a line carried over
unchanged from the previous year's text that holds a literal number, date or
year needs review (검토 필요) before the report is final: until a manager
reviews the section, such a line prints with its figures blanked (○), so a
year never prints another year's figures as its own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format

from core import display, registry

PLACEHOLDER = re.compile(r"\{\{\s*(.+?)\s*\}\}")
TOTAL = "합계"
SOURCE_PREFIX = "출처"
TABLE_PREFIX = "표"
ROWS, SUM, LIST = "건수", "합계", "목록"
# A literal figure: 7,316 / 4.5 / 2021 / '21 / 3/30 (one number per match).
LITERAL = re.compile(r"(?<![A-Za-z0-9.,/'])'?\d[\d,]*(?:\.\d+)?")
# Parts of dates and ordinals (6월 18일, '21년, 9기, 제3회, 1~6차) are typed
# facts but never counts: the editor offers no binding for them.
NOT_A_COUNT = re.compile(r"^\s*(월|일|년|차|기|시|분|세|회차)")
BLANK = "○"
# A figure with no records yet (education not held, no answers) in prose: a
# natural phrase, never "-/5.0"; a date not yet known drops its brackets.
NOT_YET = "집계 전"
NO_DATE = "일정 미정"  # a record's date quoted in prose, the record not there yet
SCALE = re.compile(r"^/\d+(?:\.\d+)?")  # the "/5.0" after a mean score
# The counter after a count ("{{ n }}명"): an empty count drops it (집계 전, not 집계 전명).
COUNTER = re.compile(r"^(개소|개월|천원|명|건|회|개|곳|팀|원|%|점)")
BRACKET_FILLER = re.compile(r"^[\s~,·\-]*$")
REVIEW_MARK = "[검토 필요] "


def fmt(value) -> str:
    """A value as the report prints it: thousands separators, a Decimal with
    the places its rule rounded it to (a mean of 4.0 stays 4.0, never 4),
    dates in the official form of `core.display.format_date` (2021. 6. 18.),
    lists joined, '-' for nothing."""
    if value is None or value == "":
        return "-"
    if isinstance(value, dt.date):
        return display.format_date(value)
    if isinstance(value, list | tuple):
        return ", ".join(fmt(v) for v in value) or "-"
    if isinstance(value, str):
        return value
    return number_format(value, force_grouping=True)


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text.lstrip("'").replace(",", ""))
    except InvalidOperation:
        return None


# --- tables as values ------------------------------------------------------------------------


class Tables:
    """The registered table sources of one year, each computed at most once."""

    def __init__(self, year: int, batches: dict | None = None):
        self.year = year
        self._rows: dict[str, list[dict]] = {}
        # the build's memo of batches (core.registry.batch_values), else the
        # active batch scope's, else this object's own
        self._batches: dict = batches if batches is not None else registry.memo()

    def rows(self, key: str) -> list[dict] | None:
        source = registry.get_table(key)
        if source is None:
            return None
        if key not in self._rows:
            if source.batch is not None:
                found = registry.batch_values(source.batch, [self.year], self._batches)
                self._rows[key] = list(found[self.year].get(key, []))
            else:
                self._rows[key] = source.rows(self.year)
        return self._rows[key]

    def names(self, key: str) -> dict[str, object]:
        """Every placeholder name table `key` offers, with its value."""
        source = registry.get_table(key)
        rows = self.rows(key)
        if source is None or rows is None:
            return {}
        prefix = f"{TABLE_PREFIX}.{key}"
        values: dict[str, object] = {f"{prefix}.{ROWS}": len(rows)}
        first = source.columns[0].key
        for column in source.columns:
            cells = [row.get(column.key) for row in rows]
            if column.kind in ("int", "thousand"):
                total = sum(c for c in cells if c is not None)
                values[f"{prefix}.{SUM}.{column.label}"] = _as_printed(total, column.kind)
            if column.kind in ("text", "date"):
                values[f"{prefix}.{LIST}.{column.label}"] = [c for c in cells if c]
            for row in rows:
                label = row.get(first)
                if label and column.key != first:
                    values[f"{prefix}.{label}.{column.label}"] = _as_printed(
                        row.get(column.key), column.kind
                    )
        return values

    def kind(self, name: str) -> str | None:
        """The column kind of a `표.…` name (date, score, …), None for 건수."""
        rest = name[len(TABLE_PREFIX) + 1 :]
        for source in registry.all_tables():
            if rest.startswith(source.key + "."):
                label = rest.rpartition(".")[2]
                column = next((c for c in source.columns if c.label == label), None)
                return column.kind if column is not None else None
        return None

    def value(self, name: str):
        """The value of a `표.…` name, or KeyError. A row the table does not
        have this year (no 법무 answers yet) counts 0, or '-' for text and dates."""
        rest = name[len(TABLE_PREFIX) + 1 :]
        for source in registry.all_tables():
            if rest == source.key or rest.startswith(source.key + "."):
                names = self.names(source.key)
                if name in names:
                    return names[name]
                label, _, column_label = rest[len(source.key) + 1 :].rpartition(".")
                column = next((c for c in source.columns if c.label == column_label), None)
                if label and label not in (SUM, LIST) and column is not None:
                    if column.key != source.columns[0].key:
                        return 0 if column.kind in ("int", "thousand") else None
        raise KeyError(name)


def _as_printed(value, kind: str):
    """Cells quoted in prose print as the table prints them (천원 for won)."""
    if kind == "thousand":
        return display.thousand_won(value)
    return value


# --- filling placeholders ----------------------------------------------------------------------


@dataclass
class Part:
    """A piece of a rendered line: plain text, a filled value (with the name
    it came from) or a literal figure typed by hand."""

    text: str
    name: str = ""
    literal: bool = False
    empty: bool = False  # a placeholder whose value is nothing (no records yet)
    date: bool = False  # the placeholder quotes a record's date


@dataclass
class Line:
    text: str
    parts: list[Part]
    carried: bool = False  # identical to a line of the previous year's text
    review_due: bool = False  # carried and holds literal figures: a manager reviews it
    needs_review: bool = False  # review due and not given yet

    @property
    def literals(self) -> list[str]:
        return [p.text for p in self.parts if p.literal]


@dataclass
class Resolver:
    """Fills the placeholders of one year's text: indicator values (`values`),
    registered sources and tables, each computed at most once."""

    year: int
    values: dict = field(default_factory=dict)
    tables: Tables | None = None
    unknown: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.tables = self.tables or Tables(self.year)

    def lookup(self, name: str):
        if name in self.values:
            return self.values[name]
        if name.startswith(f"{SOURCE_PREFIX}."):
            key = name[len(SOURCE_PREFIX) + 1 :]
            if registry.get(key) is not None:
                self.values[name] = registry.compute(key, self.year)
                return self.values[name]
        if name.startswith(f"{TABLE_PREFIX}."):
            self.values[name] = self.tables.value(name)
            return self.values[name]
        raise KeyError(name)

    def line(self, raw: str) -> Line:
        parts: list[Part] = []
        position = 0
        for match in PLACEHOLDER.finditer(raw):
            parts += _literal_parts(raw[position : match.start()])
            name = match.group(1)
            try:
                value = self.lookup(name)
                date = name.startswith(f"{TABLE_PREFIX}.") and self.tables.kind(name) == "date"
                parts.append(Part(fmt(value), name=name, empty=_is_empty(value), date=date))
            except KeyError:
                self.unknown.append(name)
                parts.append(Part(f"[알 수 없는 항목: {name}]", name=name))
            position = match.end()
        parts += _literal_parts(raw[position:])
        parts = _tidy_empty(parts)
        return Line("".join(p.text for p in parts), parts)

    def lines(self, text: str, *, previous: set[str] | None = None, reviewed=True) -> list[Line]:
        result = []
        for raw in split_lines(text):
            line = self.line(raw)
            if previous is not None and raw in previous:
                line.carried = True
                line.review_due = needs_review(raw)
                line.needs_review = line.review_due and not reviewed
                if line.needs_review:
                    line.text = REVIEW_MARK + blank_literals(line)
            result.append(line)
        return result


def _is_empty(value) -> bool:
    return value is None or value == "" or (isinstance(value, list | tuple) and not value)


def _tidy_empty(parts: list[Part]) -> list[Part]:
    """Empty figures read as prose: "만족도 {{ x }}/5.0" prints "만족도 집계 전";
    brackets holding nothing but empty figures ("세무교육({{ 일자 }})") go
    with them; any other empty figure prints "집계 전" ("일정 미정" for a
    date), never a bare '-'."""
    parts = list(parts)
    index = 0
    while index < len(parts):
        part = parts[index]
        if not part.empty:
            index += 1
            continue
        before = parts[index - 1] if index else None
        if before is not None and not before.name and before.text.endswith("("):
            end = index
            while end < len(parts) and (
                parts[end].empty or (not parts[end].name and BRACKET_FILLER.match(parts[end].text))
            ):
                end += 1
            closing = parts[end] if end < len(parts) else None
            if closing is not None and not closing.name and closing.text.startswith(")"):
                before.text = before.text[:-1]
                closing.text = closing.text[1:]
                del parts[index:end]
                continue
        after = parts[index + 1] if index + 1 < len(parts) else None
        if (
            before is not None
            and after is not None
            and not after.name
            and before.text.endswith("~")
            and after.text.startswith(")")
        ):
            part.text = ""  # an open-ended range: (2022. 3. 2.~)
            index += 1
            continue
        if after is not None and not after.name and (scale := SCALE.match(after.text)):
            after.text = after.text[scale.end() :]
        elif after is not None and not after.name and (counter := COUNTER.match(after.text)):
            after.text = after.text[counter.end() :]
        part.text = NO_DATE if part.date else NOT_YET
        index += 1
    return [p for p in parts if p.text]


def _literal_parts(text: str) -> list[Part]:
    parts, position = [], 0
    for match in LITERAL.finditer(text):
        if match.start() > position:
            parts.append(Part(text[position : match.start()]))
        parts.append(Part(match.group(0), literal=True))
        position = match.end()
    if position < len(text):
        parts.append(Part(text[position:]))
    return parts


def split_lines(text: str) -> list[str]:
    return [line.rstrip() for line in (text or "").splitlines() if line.strip()]


def needs_review(raw: str) -> bool:
    """A line with a literal number, date or year (outside placeholders)."""
    return bool(LITERAL.search(PLACEHOLDER.sub("", raw)))


def blank_literals(line: Line) -> str:
    """The line with every literal figure blanked (○○): a carried-over line
    prints none of last year's figures until it is reviewed."""
    return "".join(
        re.sub(r"\d", BLANK, p.text) if p.literal else p.text for p in line.parts
    ).strip()


def digest(*texts: str) -> str:
    return hashlib.sha256("\x00".join(t or "" for t in texts).encode()).hexdigest()


def placeholder_names(text: str) -> list[str]:
    return [name.strip() for name in PLACEHOLDER.findall(text or "")]


# --- binding literals -------------------------------------------------------------------------


@dataclass
class Binding:
    """A literal figure of a line that equals a value a source produces."""

    line: int  # index among the text's non-empty lines
    literal: str
    name: str
    value: str

    @property
    def placeholder(self) -> str:
        return "{{ " + self.name + " }}"


def bindings(text: str, candidates: dict[str, object]) -> list[Binding]:
    """Literal figures of `text` equal to one of `candidates` (name → value)."""
    by_number: dict[Decimal, list[str]] = {}
    for name, value in candidates.items():
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            continue
        by_number.setdefault(Decimal(value), []).append(name)
    found = []
    for index, raw in enumerate(split_lines(text)):
        parts = _literal_parts(PLACEHOLDER.sub(" ", raw))
        for position, part in enumerate(parts):
            after = parts[position + 1].text if position + 1 < len(parts) else ""
            before = parts[position - 1].text if position else ""
            if not part.literal or part.text.startswith("'") or NOT_A_COUNT.match(after):
                continue
            if before.endswith("제"):
                continue
            number = _number(part.text)
            for name in by_number.get(number, []) if number is not None else []:
                found.append(Binding(index, part.text, name, fmt(candidates[name])))
    return found


def bind(text: str, line: int, literal: str, name: str) -> str:
    """`text` with the first `literal` of its `line`-th non-empty line
    replaced by the placeholder `name` (the editor's one-click binding)."""
    lines = (text or "").splitlines()
    seen = -1
    for index, raw in enumerate(lines):
        if not raw.strip():
            continue
        seen += 1
        if seen != line:
            continue
        position = 0
        for match in PLACEHOLDER.finditer(raw + "{{ }}"):
            segment = raw[position : match.start()]
            hit = next((m for m in LITERAL.finditer(segment) if m.group(0) == literal), None)
            if hit:
                start = position + hit.start()
                lines[index] = raw[:start] + "{{ " + name + " }}" + raw[start + len(literal) :]
                return "\n".join(lines)
            position = match.end()
    raise ValueError(f"{literal!r} not found on line {line}")
