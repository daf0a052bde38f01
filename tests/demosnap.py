"""The demo's rows, built once per version of the code and copied in
(TEST_DEMO_CACHE=0 turns it off).

`load_demo` costs seconds of CPU (the ORM saves ~15,000 rows one model at a
time) and every test session, every xdist worker and every transactional test
that needs the demo paid it. Here a loader runs for real once; what it changed
is kept in a file: the full content of every table whose rows changed, and
the files it wrote under MEDIA_ROOT. The next time the same loader is asked
for on the same database state, the tables are replaced by those rows
(SQLite: executemany; PostgreSQL: COPY) and the files written back, in a
fraction of the time.

A snapshot is used only when it is certainly what the loader would do:
- its name holds a hash of the code the demo is made of (every file of the
  project's apps and settings but templates and static files, the migrated
  schema's key from tests/dbcache.py) and of today's date (the demo has a few
  rows relative to today);
- and a hash of the database's whole content just before the load (every
  row of every table): a test whose database differs (other rows, other
  ids after a flush) gets its own snapshot, or the real loader.
- A file the loader wrote that is already present with other content means
  the real loader runs (it would have chosen another name).
Rows are copied with the primary keys the real load gave them; PostgreSQL's
sequences are then set past them (SQLite's are rows of sqlite_sequence).
Workers take a lock per snapshot: one loads, the others wait and copy.
"""

import hashlib
import io
import os
import pickle
import tempfile
import time
from pathlib import Path

ENABLED = os.environ.get("TEST_DEMO_CACHE", "1") != "0"
FOLDER = Path(tempfile.gettempdir()) / "portal-test-db"
# Folders of an app that hold no code or data the demo is made of.
NOT_SOURCE = {"templates", "static", "locale", "__pycache__", "tests"}


def _source_files() -> list[Path]:
    from django.apps import apps
    from django.conf import settings

    root = Path(settings.BASE_DIR).resolve()
    folders = {root / settings.ROOT_URLCONF.split(".")[0]}
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if root in path.parents and ".venv" not in path.parts:
            folders.add(path)
    files = []
    for folder in sorted(folders):
        for path in folder.rglob("*"):
            relative = path.relative_to(root)
            if path.is_file() and not NOT_SOURCE & set(relative.parts) and path.suffix != ".pyc":
                files.append(path)
    return sorted(files)


_CODE_KEY: dict[str, str] = {}


def code_key(connection) -> str:
    """The demo's code, the migrated schema, the database engine and today."""
    from django.conf import settings
    from django.utils import timezone

    from tests import dbcache

    if connection.alias not in _CODE_KEY:
        digest = hashlib.sha256(dbcache.cache_key(connection).encode())
        root = Path(settings.BASE_DIR).resolve()
        for path in _source_files():
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
        _CODE_KEY[connection.alias] = digest.hexdigest()[:16]
    return f"{_CODE_KEY[connection.alias]}-{timezone.localdate().isoformat()}"


# Table contents -------------------------------------------------------------


def _tables(connection) -> list[str]:
    names = connection.introspection.table_names(include_views=False)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'")
            if cursor.fetchone():
                names.append("sqlite_sequence")
    return sorted(names)


def _read(connection, table: str):
    """The table's rows as the database stores them: SQLite values without
    Django's converters (each column through an expression, which has no
    declared type), PostgreSQL's COPY text."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"SELECT * FROM {quote(table)} LIMIT 0")
            columns = [column[0] for column in cursor.description]
            expressions = ", ".join(f"coalesce({quote(c)}, NULL)" for c in columns)
            cursor.execute(f"SELECT {expressions} FROM {quote(table)}")
            return columns, [tuple(row) for row in cursor.fetchall()]
        buffer = io.BytesIO()
        cursor.copy_expert(f"COPY {quote(table)} TO STDOUT", buffer)
        return buffer.getvalue()


def _digest(content) -> str:
    if isinstance(content, bytes):
        lines = sorted(content.split(b"\n"))
    else:
        columns, rows = content
        lines = [repr(columns).encode(), *sorted(repr(row).encode() for row in rows)]
    return hashlib.sha256(b"\n".join(lines)).hexdigest()


def _state(connection) -> dict[str, tuple[str, object]]:
    return {
        table: (_digest(content), content)
        for table in _tables(connection)
        for content in [_read(connection, table)]
    }


def _write(connection, tables: dict) -> None:
    from django.apps import apps
    from django.core.management.color import no_style

    quote = connection.ops.quote_name
    # Constraints are deferred (Django creates foreign keys DEFERRABLE
    # INITIALLY DEFERRED): every table is emptied first, then filled.
    order = sorted(tables, key=lambda t: t == "sqlite_sequence")  # that one last
    with connection.cursor() as cursor:
        for table in order:
            cursor.execute(f"DELETE FROM {quote(table)}")
        for table in order:
            content = tables[table]
            if connection.vendor == "sqlite":
                columns, rows = content
                if table == "sqlite_sequence":  # the inserts above added rows to it
                    cursor.execute(f"DELETE FROM {quote(table)}")
                if rows:
                    names = ", ".join(quote(c) for c in columns)
                    marks = ", ".join("?" for _ in columns)
                    connection.connection.executemany(
                        f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows
                    )
            elif content:
                cursor.copy_expert(f"COPY {quote(table)} FROM STDIN", io.BytesIO(content))
        if connection.vendor != "sqlite":
            models = [
                m for m in apps.get_models(include_auto_created=True) if m._meta.db_table in tables
            ]
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)


# Files ----------------------------------------------------------------------


def _media_files() -> dict[str, Path]:
    from django.conf import settings

    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return {}
    return {str(p.relative_to(root)): p for p in root.rglob("*") if p.is_file()}


def _restore_files(files: dict[str, bytes]) -> bool:
    from django.conf import settings

    root = Path(settings.MEDIA_ROOT)
    for relative, data in files.items():
        target = root / relative
        if target.exists() and target.read_bytes() != data:
            return False
    for relative, data in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return True


# Loading --------------------------------------------------------------------


def _supported(connection) -> bool:
    if connection.vendor == "sqlite":
        return True
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        return hasattr(connection.connection.cursor(), "copy_expert")  # psycopg2
    return False


def load(name: str, loader) -> None:
    """Run `loader()` (which fills the default database), or copy in what
    it did the last time it ran on this same database content."""
    from django.db import connection, transaction

    from tests.dbcache import _lock

    if not ENABLED or not _supported(connection):
        loader()
        return
    before = _state(connection)
    base = hashlib.sha256(
        "".join(f"{t}:{d};" for t, (d, _c) in sorted(before.items())).encode()
    ).hexdigest()[:16]
    key = f"demo-{name}-{code_key(connection)}-{connection.vendor}-{base}"
    path = FOLDER / f"{key}.pickle"
    with _lock(key, FOLDER):
        if path.exists():
            saved = pickle.loads(path.read_bytes())
            if _restore_files(saved["files"]):
                with transaction.atomic():
                    _write(connection, saved["tables"])
                return
        # The loader runs exactly as without the cache (its commits and
        # on_commit callbacks included); what it changed is then kept.
        files_before = {k: p.read_bytes() for k, p in _media_files().items()}
        loader()
        after = _state(connection)
        changed = {
            table: content
            for table, (digest, content) in after.items()
            if before.get(table, (None,))[0] != digest
        }
        files = {
            k: data
            for k, p in _media_files().items()
            for data in [p.read_bytes()]
            if files_before.get(k) != data
        }
        FOLDER.mkdir(parents=True, exist_ok=True)
        for old in FOLDER.glob(f"demo-{name}-*"):
            if old.stat().st_mtime < time.time() - 86400:  # an older code's, or yesterday's
                old.unlink(missing_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.partial")
        partial.write_bytes(pickle.dumps({"tables": changed, "files": files}))
        os.replace(partial, path)
