"""A migrated test database, built once and copied (TEST_DB_CACHE=0 turns it off).

Migrating an empty database costs about 40 s of CPU (Django renders the model
states of ~80 migrations), and every pytest run, and every xdist worker of one,
paid it. The migrated database is kept, keyed by a hash of everything the
migrations are made of: every installed app's migration files, the project
modules they import, the Django version and the database engine. A new or
edited migration changes the key, so a stale copy is never used.

- SQLite (in-memory test database): the copy is a file in the temporary
  directory, loaded into memory with SQLite's backup API (milliseconds).
- Workers of one run (and runs side by side) take a lock per key: the first
  migrates and keeps the copy, the others wait for it and copy it.
- PostgreSQL: the copy is a template database `<name>_tpl_<key>` next to the
  test database; the test database is created from it (`CREATE DATABASE …
  TEMPLATE …`, a file copy on the server). Older templates of the same name
  are dropped when a new one is made.

After a copy, post_migrate is sent as after `migrate`, so the reference rows
the apps seed from code (apps.py) are current even when only that code changed.
`--reuse-db` and `--create-db` keep pytest-django's own behaviour.
"""

import ast
import fcntl
import hashlib
import os
import sqlite3
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ENABLED = os.environ.get("TEST_DB_CACHE", "1") != "0"


def _local_modules(path: Path, root: Path) -> set[Path]:
    """Files of the project's own modules a migration imports."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module]
        for name in names:
            base = root.joinpath(*name.split("."))
            for candidate in (base.with_suffix(".py"), base / "__init__.py"):
                if candidate.is_file():
                    found.add(candidate)
    return found


def cache_key(connection) -> str:
    import django
    from django.apps import apps
    from django.conf import settings

    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    digest.update(f"{django.get_version()}|{connection.vendor}|{sys.version_info[:2]}".encode())
    digest.update(f"{settings.INSTALLED_APPS}|{settings.AUTH_USER_MODEL}".encode())
    sources: set[Path] = set()
    for config in apps.get_app_configs():
        folder = Path(config.path) / "migrations"
        if folder.is_dir():
            for path in folder.glob("*.py"):
                sources.add(path)
                if path.is_relative_to(root):
                    sources |= _local_modules(path, root)
    for path in sorted(sources):
        digest.update(str(path.relative_to(path.anchor)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _after_copy(creation, verbosity, serialize):
    """What create_test_db does after `migrate`."""
    from django.core.management.sql import emit_post_migrate_signal

    emit_post_migrate_signal(max(verbosity - 1, 0), False, creation.connection.alias)
    if serialize:
        creation.connection._test_serialized_contents = creation.serialize_db_to_string()


def _sqlite(creation, original, key, verbosity, autoclobber, serialize, keepdb):
    from django.conf import settings

    folder = Path(tempfile.gettempdir()) / "portal-test-db"
    path = folder / f"{key}.sqlite3"
    connection = creation.connection
    if not path.exists():
        name = original(creation, verbosity, autoclobber, serialize, keepdb)
        folder.mkdir(exist_ok=True)
        partial = folder / f"{key}.{os.getpid()}.partial"
        target = sqlite3.connect(partial)
        connection.ensure_connection()
        connection.connection.backup(target)
        target.close()
        os.replace(partial, path)
        return name
    name = creation._get_test_db_name()
    creation._create_test_db(verbosity, autoclobber, keepdb)
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = name
    connection.settings_dict["NAME"] = name
    connection.ensure_connection()
    source = sqlite3.connect(path)
    source.backup(connection.connection)
    source.close()
    _after_copy(creation, verbosity, serialize)
    return name


def _postgres(creation, original, key, verbosity, autoclobber, serialize, keepdb):
    from django.conf import settings
    from django.db.utils import DatabaseError

    connection = creation.connection
    prefix = f"{settings.DATABASES[connection.alias]['NAME']}_tpl_"
    template = f"{prefix}{key}"
    name = creation._get_test_db_name()
    quote = connection.ops.quote_name

    def run(sql, params=None):
        with creation._nodb_cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else None

    if run("SELECT 1 FROM pg_database WHERE datname = %s", [template]):
        run(f"DROP DATABASE IF EXISTS {quote(name)}")
        for attempt in range(20):
            try:  # another worker copying the same template holds it briefly
                run(f"CREATE DATABASE {quote(name)} TEMPLATE {quote(template)}")
                break
            except DatabaseError:
                if attempt == 19:
                    raise
                time.sleep(0.5)
        connection.close()
        settings.DATABASES[connection.alias]["NAME"] = name
        connection.settings_dict["NAME"] = name
        connection.ensure_connection()
        _after_copy(creation, verbosity, serialize)
        return name
    name = original(creation, verbosity, autoclobber, serialize, keepdb)
    connection.close()
    try:
        run(f"CREATE DATABASE {quote(template)} TEMPLATE {quote(name)}")
    except DatabaseError:
        pass  # another worker made it first
    for (old,) in run(
        "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s",
        [prefix.replace("_", r"\_") + "%", template],
    ):
        try:
            run(f"DROP DATABASE IF EXISTS {quote(old)}")
        except DatabaseError:
            pass  # in use by another run: dropped next time
    connection.ensure_connection()
    return name


@contextmanager
def _lock(key: str, folder: Path | None = None):
    """An exclusive lock on this machine, per cache key (released on exit,
    also when the process dies)."""
    folder = folder or Path(tempfile.gettempdir()) / "portal-test-db"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"{key}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def install():
    """Wrap Django's create_test_db with the cache (pytest_configure calls it)."""
    if not ENABLED:
        return
    from django.db.backends.base.creation import BaseDatabaseCreation

    original = BaseDatabaseCreation.create_test_db
    if getattr(original, "_cached", False):
        return

    def create_test_db(self, verbosity=1, autoclobber=False, serialize=True, keepdb=False):
        vendor = self.connection.vendor
        memory = vendor == "sqlite" and self.is_in_memory_db(self._get_test_db_name())
        from django.conf import settings

        no_migrations = type(settings.MIGRATION_MODULES).__name__ == "DisableMigrations"
        if keepdb or no_migrations or self.connection.settings_dict["TEST"].get("MIGRATE") is False:
            return original(self, verbosity, autoclobber, serialize, keepdb)
        if memory:
            build = _sqlite
        elif vendor == "postgresql":
            build = _postgres
        else:
            return original(self, verbosity, autoclobber, serialize, keepdb)
        key = cache_key(self.connection)
        # One process migrates, the others (xdist workers) wait and copy its
        # result: a cold cache (CI, a new migration) costs one migration, not
        # one per worker.
        with _lock(key):
            return build(self, original, key, verbosity, autoclobber, serialize, keepdb)

    create_test_db._cached = True
    BaseDatabaseCreation.create_test_db = create_test_db
