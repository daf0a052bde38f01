"""SECRET_KEY (issue 12.2): production (PORTAL_ENV=production) refuses to start
without a long key; a laptop works with no configuration, with a key generated
once into a git-ignored file; `check --deploy` warns about such a key.

Each case starts a fresh interpreter, as the settings are read once."""

import hashlib
import os
import stat
import subprocess
import sys
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
PRINT_KEY = (
    "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"
)


def _run(args, tmp_path, **env_vars):
    drop = ("DJANGO_ALLOW_ASYNC_UNSAFE",)
    env = {k: v for k, v in os.environ.items() if k not in drop}
    # An empty SECRET_KEY also stops a developer's .env from supplying one.
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        SECRET_KEY="",
        PORTAL_ENV="",
        SECRET_KEY_FILE=str(tmp_path / "var" / "secret_key"),
    )
    env.update(env_vars)
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_without_a_key_refuses_to_start(tmp_path):
    result = _run(["-c", PRINT_KEY], tmp_path, PORTAL_ENV="production")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr and "50자 이상" in result.stderr
    assert not (tmp_path / "var" / "secret_key").exists()


def test_production_with_a_short_key_refuses_to_start(tmp_path):
    result = _run(["-c", PRINT_KEY], tmp_path, PORTAL_ENV="production", SECRET_KEY="x" * 49)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "지금 49자" in result.stderr


def test_production_with_a_long_key_starts_and_uses_it(tmp_path):
    key = "k" * 30 + "0123456789abcdefghij"
    result = _run(["-c", PRINT_KEY], tmp_path, PORTAL_ENV="production", SECRET_KEY=key)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == key


def test_laptop_without_configuration_generates_one_private_key_once(tmp_path):
    first = _run(["-c", PRINT_KEY], tmp_path)
    assert first.returncode == 0, first.stderr
    key = first.stdout.strip()
    path = tmp_path / "var" / "secret_key"
    assert path.read_text().strip() == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(key) >= 50
    # Not the old key derived from the install path (the same in every image).
    assert key != hashlib.sha256(str(BASE_DIR).encode()).hexdigest() + "-local"
    second = _run(["-c", PRINT_KEY], tmp_path)
    assert second.stdout.strip() == key, "the key survives restarts"
    other = _run(["-c", PRINT_KEY], tmp_path / "other-checkout")
    assert other.stdout.strip() != key, "no two checkouts share a key"


def test_check_deploy_warns_about_a_generated_key(tmp_path):
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        tmp_path,
        DEBUG="False",
        SECURE_SSL="True",
        ALLOWED_HOSTS="portal.seoulcoop.example",
    )
    assert result.returncode != 0
    assert "center.W001" in result.stdout + result.stderr


def test_default_key_file_is_ignored_by_git():
    path = Path("var") / "secret_key"  # the default SECRET_KEY_FILE
    result = subprocess.run(
        ["git", "check-ignore", "-q", str(path)], cwd=BASE_DIR, capture_output=True
    )
    assert result.returncode == 0, f"{path} must be git-ignored"
