"""The SECRET_KEY outside production: generated once into a git-ignored file.

Imported by the settings, so it uses nothing of Django but the exception.
Production (PORTAL_ENV=production) never comes here: there a missing or short
key stops the start (see the settings' SECRET_KEY block). `check --deploy`
warns when the key came from this file (`core.checks`).
"""

import os
import secrets
import time
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

MIN_LENGTH = 50


def local_secret_key(path: Path) -> str:
    """Return the key kept in `path`, creating it (mode 0600) on first use.

    Safe when several processes start at once: exactly one creates the file
    (O_EXCL); the others read what it wrote."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read(path)
    except OSError as exc:
        raise ImproperlyConfigured(
            f"SECRET_KEY가 없고 {path}에 새 키를 만들 수 없습니다 ({exc}). "
            "환경 변수 SECRET_KEY에 50자 이상의 임의 문자열을 설정하세요."
        ) from exc
    key = secrets.token_urlsafe(64)
    with os.fdopen(fd, "w") as handle:
        handle.write(key + "\n")
    return key


def _read(path: Path) -> str:
    # Another process may have created the file an instant ago and not yet
    # written it.
    for _ in range(50):
        key = path.read_text().strip()
        if key:
            return key
        time.sleep(0.02)
    raise ImproperlyConfigured(f"키 파일 {path}에 내용이 없습니다. 파일을 지우고 다시 시작하세요.")
