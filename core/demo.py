"""The demo's data files and the one way they become rows.

Each app's demo (`<app>/demo/`, registered with `core.registry.register_demo`)
keeps its records in JSON files beside its loader (`<app>/demo/2021.json`):
data, not code. The loader reads them with `read()` and writes them through
the app's models with the helpers here, which find every row by its natural
key first (`ensure`), so a second run changes nothing.

A record is a dict of field names to JSON values; `values()` turns dates,
times, datetimes ("2021-03-02T10:00:00+09:00") and decimals into Python
values through the model's own fields (`Field.to_python`).
"""

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models


def read(module_file: str, name: str = "2021") -> Any:
    """The JSON file `name`.json in the folder of the module `module_file`."""
    path = Path(module_file).resolve().parent / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8"))


CONVERTED = (
    models.DateField,
    models.TimeField,
    models.DecimalField,
)  # DateTimeField is a DateField


def values(model: type[models.Model], record: dict) -> dict:
    """`record` with its date, time, datetime and decimal values as Python values."""
    result = {}
    for name, value in record.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:  # a relation's `<name>_id`
            field = None
        if isinstance(field, CONVERTED) and isinstance(value, str):
            value = field.to_python(value)
        result[name] = value
    return result


def ensure(
    model: type[models.Model], record: dict, keys: Iterable[str], **fixed
) -> tuple[models.Model, bool]:
    """get_or_create: `keys` (of the record) and `fixed` find the row, the rest
    of the record is what a new row gets."""
    record = values(model, record)
    keys = set(keys)
    lookup = {**{k: v for k, v in record.items() if k in keys}, **fixed}
    defaults = {k: v for k, v in record.items() if k not in keys}
    return model.objects.get_or_create(**lookup, defaults=defaults)


def ensure_all(
    model: type[models.Model],
    records: Iterable[dict],
    keys: Iterable[str],
    *,
    order: str | None = None,
    start: int = 0,
    **fixed,
) -> list[models.Model]:
    """`ensure` for each record; `order` names the field that gets its position."""
    keys = list(keys)
    rows = []
    for index, record in enumerate(records, start=start):
        if order:
            record = {**record, order: index}
        rows.append(ensure(model, record, keys, **fixed)[0])
    return rows


def create(model: type[models.Model], record: dict, **fixed) -> models.Model:
    """One new row (saved on its own, so its history and signals follow)."""
    return model.objects.create(**values(model, {**record, **fixed}))


def create_all(
    model: type[models.Model],
    records: Iterable[dict],
    *,
    order: str | None = None,
    start: int = 0,
    **fixed,
) -> list[models.Model]:
    """One bulk insert of the records (for rows whose parent was just created)."""
    rows = []
    for index, record in enumerate(records, start=start):
        record = {**record, order: index} if order else record
        rows.append(model(**values(model, {**record, **fixed})))
    return model.objects.bulk_create(rows)


def indicator_sources(data: dict) -> dict[tuple[str, str], str]:
    """The data file's "indicators" ({"unit", "indicator", "source"} records)
    as `center.services.use_indicator_sources` takes them."""
    return {(row["unit"], row["indicator"]): row["source"] for row in data["indicators"]}
