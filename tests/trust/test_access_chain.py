"""The access log's chain under concurrent writers (issue 11 item 8).

Four separate processes append 100 entries each through
`core.privacy.log_access` against the test database; afterwards every
entry must link to its true predecessor."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from core.privacy import PersonalDataAccess, verify_chain

ROOT = Path(__file__).resolve().parents[2]

WORKER = """
import sys
import django
django.setup()
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from core.privacy import log_access

name, count = sys.argv[1], int(sys.argv[2])
sys.stdout.write("ready\\n")
sys.stdout.flush()
sys.stdin.readline()  # start together
for i in range(count):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1")
    request.user = AnonymousUser()
    log_access(request, None, "view", subject=f"{name} #{i}")
"""


def _database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_four_processes_writing_at_once_keep_the_chain_intact():
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, f"w{n}", "100"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(4)
    ]
    for worker in workers:
        assert worker.stdout.readline().strip() == "ready"
    for worker in workers:
        worker.stdin.write("go\n")
        worker.stdin.flush()
    for worker in workers:
        worker.stdin.close()
        assert worker.wait(timeout=240) == 0
    assert PersonalDataAccess.objects.count() == 400
    assert verify_chain() == []
    # Every entry has its own predecessor: no fork in the chain.
    prev = list(PersonalDataAccess.objects.values_list("prev_hash", flat=True))
    assert len(set(prev)) == 400
