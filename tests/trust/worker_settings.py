"""Settings for the real Celery worker started by test_faults (a killed
worker and its successor): the project's settings, a mail backend that
writes files (so duplicates can be counted) and that stalls on its first
use (so the worker can be killed mid-task), and a short visibility timeout
so Redis hands the unacknowledged task to the next worker quickly (the
production transport options otherwise stay as they are)."""

from portal.settings import *  # noqa: F403
from portal.settings import CELERY_BROKER_TRANSPORT_OPTIONS

EMAIL_BACKEND = "tests.trust.slow_mail.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,
    "visibility_timeout": 3,
    "unacked_mutex_expire": 5,
}
