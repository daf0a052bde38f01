"""A mail backend for the worker-kill test: each message becomes one file in
$TRUST_MAIL_DIR; the first call ever (per directory) stalls so the test can
kill the worker while it holds the outbox row."""

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, messages):
        directory = Path(os.environ["TRUST_MAIL_DIR"])
        marker = directory / "stalled"
        if not marker.exists():
            marker.write_text(str(os.getpid()))
            time.sleep(120)  # killed here
        for message in messages:
            (directory / f"{uuid.uuid4().hex}.eml").write_bytes(message.message().as_bytes())
        return len(messages)
