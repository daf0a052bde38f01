"""Settings for the portal, read from the environment only (12-factor).

Every variable is documented in `.env.example`. The defaults give an embedded
setup for a laptop: SQLite in the checkout, no broker (tasks run in an
in-process background pool, core.queue), console e-mail.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost"]),
    CSRF_TRUSTED_ORIGINS=(list, []),
    REDIS_URL=(str, ""),
    CELERY_BROKER_URL=(str, ""),
    SECURE_SSL=(bool, False),
    BOOKING_HORIZON_DAYS=(int, 28),
    PERSONAL_DATA_RETENTION_YEARS=(int, 3),
)
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env("DEBUG")
# Production is PORTAL_ENV=production (the Docker image and docker-compose set
# it). There a missing or short SECRET_KEY stops the start. Anywhere else (a
# laptop's `make run`, tests, CI) a missing key is generated once into
# SECRET_KEY_FILE (git-ignored var/secret_key, mode 0600), so sessions survive
# restarts and no two checkouts share a key; `check --deploy` warns about it.
PORTAL_ENV = env("PORTAL_ENV", default="development")
PRODUCTION = PORTAL_ENV == "production"
SECRET_KEY = env("SECRET_KEY", default="")
# (relative to the checkout unless absolute)
SECRET_KEY_FILE = BASE_DIR / env("SECRET_KEY_FILE", default="var/secret_key")
SECRET_KEY_FROM_FILE = not SECRET_KEY
if PRODUCTION and len(SECRET_KEY) < 50:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "PORTAL_ENV=production에서는 SECRET_KEY 환경 변수가 필요합니다 "
        f"(50자 이상, 지금 {len(SECRET_KEY)}자). 예: "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(64))'"
    )
if SECRET_KEY_FROM_FILE:
    from portal.secret_key import local_secret_key

    SECRET_KEY = local_secret_key(SECRET_KEY_FILE)
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "django_celery_beat",
    "simple_history",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_prometheus",
    "core.apps.CoreConfig",
    "center.apps.CenterConfig",
    "consultations",
    "education",
    "programs",
    "outreach",
    "activities",
    "reports",
]

MIDDLEWARE = [
    # Request counts and latency for /metrics (first and last, as django-prometheus asks).
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.request_id.RequestIdMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Every error under /api/ as one JSON shape (above everything that can fail).
    "core.api_errors.ApiErrorMiddleware",
    # A NUL in the query string is dropped (PostgreSQL refuses it in a query).
    "core.querystring.QueryStringNulMiddleware",
    "core.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.SessionIdleRefreshMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "core.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # One submission, one record: repeated POSTs of one form replay the first answer.
    "core.idempotency.IdempotencyMiddleware",
    "outreach.middleware.PageViewCounterMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.cache_headers.PrivatePageCacheMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into the Korean lockout page.
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.portal",
            ],
            # `{% csrf_token %}` also renders the form's idempotency key.
            "builtins": ["core.templatetags.idempotency"],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Persistent connections (one per gunicorn thread), checked before reuse so a
# restarted database is reconnected to, not failed on.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "center:dashboard"
LOGOUT_REDIRECT_URL = "home"

# Korean first.
LANGUAGE_CODE = "ko-kr"
LANGUAGES = [("ko", "한국어")]
# Natural Korean for Django's stock validation messages (see locale/ko/LC_MESSAGES).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["core.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names, each compressed once (core/staticfiles.py); an empty
    # STATICFILES_BACKEND (a copied .env.example) means the default.
    "staticfiles": {
        "BACKEND": env("STATICFILES_BACKEND", default="")
        or (
            "core.staticfiles.CompressedOnceManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# gzip and Brotli copies of the static files (off in `make run`: core/staticfiles.py).
STATIC_COMPRESS = env.bool("STATIC_COMPRESS", default=True)
# Uploaded files live outside the static root and are only served through
# permission-checked views (never by WhiteNoise or a public URL).
# (An empty value, as in a copied .env.example, means the default.)
MEDIA_ROOT = Path(env("MEDIA_ROOT", default="") or BASE_DIR / "var" / "media")
# Where `manage.py backup` writes when given no folder (core.backup).
BACKUP_DIR = Path(env("BACKUP_DIR", default="") or BASE_DIR / "var" / "backups")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

# E-mail: EMAIL_URL, console by default. The scheme chooses the encryption
# (django-environ): STARTTLS on 587 is smtp+tls://user:pass@host:587, TLS from
# the first byte on 465 is smtp+ssl://user:pass@host:465, plain smtp:// only
# inside a trusted network. A query such as ?tls=True switches nothing on
# (core.checks warns about it and about a port that does not fit the scheme).
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_URL_OPTIONS = EMAIL_CONFIG.pop("OPTIONS", {})
vars().update(EMAIL_CONFIG)
# An SMTP server that hangs costs a worker at most this long per attempt.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=15)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="서울시협동조합지원센터 <noreply@localhost>")

# Celery: without a broker the embedded default runs tasks in a small
# in-process thread pool (core.queue.enqueue), after the request commits.
REDIS_URL = env("REDIS_URL")
CELERY_BROKER_URL = env("CELERY_BROKER_URL") or REDIS_URL
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
TASKS_IN_THREADS = CELERY_TASK_ALWAYS_EAGER
TASK_THREADS = env.int("TASK_THREADS", default=2)
# ... and beat's periodic tasks (CELERY_BEAT_SCHEDULE below) run in one web
# process of the machine (core.scheduler, leader by a lock file).
EMBEDDED_BEAT = env.bool("EMBEDDED_BEAT", default=True)
EMBEDDED_BEAT_LOCK_FILE = env("EMBEDDED_BEAT_LOCK_FILE", default="")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = CELERY_BROKER_URL or None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Every task has a time limit; the background jobs (core.tasks.run_job: list
# exports, imports and the annual report, the longest task) have their own.
# Redis hands an unacknowledged task (its worker was killed) to another worker
# after the visibility timeout, so that timeout is a little above the longest
# task: lower and a slow export would run twice, higher (kombu's default is
# an hour) and a killed worker's work waits.
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_TASK_TIME_LIMIT = 5 * 60
JOB_SOFT_TIME_LIMIT = 9 * 60
JOB_TIME_LIMIT = 10 * 60
# A newsletter delivery claimed ('sending') longer ago than a batch may run
# was left by a dead worker: the sweeper puts it back to pending.
NEWSLETTER_STALE_AFTER = CELERY_TASK_TIME_LIMIT + 60
# A queued or running job (core.jobs) untouched for this long has lost its
# task: the page shows it as 중단됨 with 다시 시작 and 취소.
JOB_STALE_AFTER = JOB_TIME_LIMIT + 60
# Requests enqueue with one short connection attempt (core.queue.enqueue);
# the transport's timeouts also bound a broker that vanished without closing
# the connection.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": JOB_TIME_LIMIT + 2 * 60,
    "socket_connect_timeout": 2,
    "socket_timeout": 10,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_REDIS_SOCKET_TIMEOUT = 10
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Each app adds its periodic jobs here (Celery beat with django-celery-beat's
# database scheduler picks them up).
CELERY_BEAT_SCHEDULE: dict = {
    "outreach-roll-up-page-views": {
        "task": "outreach.tasks.roll_up_page_views",
        "schedule": crontab(hour=0, minute=10),
    },
    "outreach-flush-page-views": {"task": "outreach.tasks.flush_page_views", "schedule": 60.0},
    "flush-outbox": {"task": "core.tasks.flush_outbox", "schedule": 60.0},
    "refresh-rollups": {
        "task": "core.tasks.refresh_rollups",
        "schedule": crontab(hour=1, minute=20),
    },
    "sweep-stale-jobs": {"task": "core.tasks.sweep_stale_jobs", "schedule": 5 * 60.0},
    "education-survey-invitations": {
        "task": "education.tasks.send_survey_invitations",
        "schedule": 60 * 60.0,
    },
    # Work left half-done by a dead worker: jobs shown as 중단됨 (sweep-stale-jobs
    # above), newsletter deliveries back to pending and sent (once).
    "outreach-sweep-newsletter-deliveries": {
        "task": "outreach.tasks.sweep_newsletter_deliveries",
        "schedule": 5 * 60.0,
    },
    "purge-idempotency-keys": {
        "task": "core.tasks.purge_idempotency_keys",
        "schedule": 60 * 60.0,
    },
    "destroy-expired-personal-data": {
        "task": "core.tasks.destroy_expired_personal_data",
        "schedule": 24 * 60 * 60.0,
    },
    # Consultations (citizens' side): daily at fixed Seoul times.
    "consultations-booking-reminders": {
        "task": "consultations.tasks.send_booking_reminders",
        "schedule": crontab(hour=9, minute=0),
    },
    "consultations-overdue-questions": {
        "task": "consultations.tasks.notify_overdue_questions",
        "schedule": crontab(hour=8, minute=30, day_of_week="mon-fri"),
    },
    "programs-purge-held-uploads": {
        "task": "programs.tasks.purge_held_uploads",
        "schedule": 60 * 60.0,
    },
    "consultations-destroy-question-documents": {
        "task": "consultations.tasks.destroy_expired_question_documents",
        "schedule": crontab(hour=3, minute=30),
    },
}

if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis cache, with its client objects reused (core.cache).
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that is down answers at once (refused) or within these
            # bounds; the rate limiter then falls back to process memory.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Security; production values come from the environment (see .env.example).
# Content-Security-Policy (django-csp): only our own origin, no inline script
# or style (htmx's indicator <style> is switched off in base.html's
# htmx-config meta and lives in portal.css instead).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    },
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = True
# A failed CSRF check (mostly an expired form) gets a Korean page leading back.
CSRF_FAILURE_VIEW = "core.error_views.csrf_failure"
# Login: django-axes locks a username at a client address for 15 minutes after
# 5 failed logins (the combination, as axes recommends: a stranger cannot lock
# staff out from elsewhere, and the office's shared address is not locked for
# everyone by one person's typos), and an address after 20 failed logins at any
# usernames (password spraying): core.login_limits.LoginLimitHandler gives
# each its own limit. Wrong current passwords on the password-change form count
# too. AxesStandaloneBackend must come first: a locked request never reaches
# the password hasher.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "core.login_limits.LoginLimitHandler"
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=20)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/security/lockout.html"
AXES_VERBOSE = False
# Behind a reverse proxy: the proxies' addresses (IPs or CIDRs, comma-separated);
# X-Forwarded-For is believed only when the request comes from one of them
# (core.privacy.client_ip, used by the rate limits, axes and the access log).
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
AXES_CLIENT_IP_CALLABLE = "core.privacy.axes_client_ip"
# Key of the personal-data access log's HMAC chain, kept out of the database.
# Unset: derived from SECRET_KEY (core.privacy.access_log_key); set it in
# production so that rotating SECRET_KEY does not invalidate the chain.
ACCESS_LOG_KEY = env("ACCESS_LOG_KEY", default="")
# Second factor (django-otp TOTP): superusers must enrol before anything else;
# managers may. core.middleware.SecondFactorMiddleware enforces it.
OTP_REQUIRED_FOR_SUPERUSERS = env.bool("OTP_REQUIRED_FOR_SUPERUSERS", default=True)
OTP_TOTP_ISSUER = "서울시협동조합지원센터"
# Invitation links (core.accounts) are password-reset tokens: valid this long.
PASSWORD_RESET_TIMEOUT = env.int("INVITATION_DAYS", default=3) * 24 * 60 * 60
# Historical records (django-simple-history) are read-only in the admin.
SIMPLE_HISTORY_REVERT_DISABLED = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 30 * 60
# Saved when changed, and at most every 5 minutes while in use, which pushes
# the 30-minute idle expiry on (core.middleware.SessionIdleRefreshMiddleware).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = env.int("SESSION_REFRESH_SECONDS", default=300)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env("SECURE_SSL"):
    SECURE_SSL_REDIRECT = True
    # Probes inside the network (docker healthchecks, monitoring) speak plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz", r"^metrics$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Health and metrics (core.health, core.metrics). /healthz fails when the
# oldest unsent e-mail is older than HEALTH_OUTBOX_MAX_AGE_MINUTES, beat sent
# nothing for HEALTH_BEAT_MAX_AGE_MINUTES, or the media disk has less free.
HEALTH_OUTBOX_MAX_AGE = timedelta(minutes=env.int("HEALTH_OUTBOX_MAX_AGE_MINUTES", default=15))
HEALTH_BEAT_MAX_AGE = timedelta(minutes=env.int("HEALTH_BEAT_MAX_AGE_MINUTES", default=10))
HEALTH_MIN_FREE_DISK_MB = env.int("HEALTH_MIN_FREE_DISK_MB", default=500)
HEALTH_WORKER_PING_TIMEOUT = env.float("HEALTH_WORKER_PING_TIMEOUT", default=1.0)
# /metrics: with `Authorization: Bearer <METRICS_TOKEN>`, or from these addresses.
METRICS_TOKEN = env("METRICS_TOKEN", default="")
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=[])

# Domain settings.
BOOKING_HORIZON_DAYS = env("BOOKING_HORIZON_DAYS")
# One person (phone number, e-mail) may hold this many future bookings; one
# client address may make this many bookings a day (consultations.services).
BOOKING_MAX_ACTIVE_PER_PERSON = env.int("BOOKING_MAX_ACTIVE_PER_PERSON", default=2)
BOOKING_MAX_PER_ADDRESS_PER_DAY = env.int("BOOKING_MAX_PER_ADDRESS_PER_DAY", default=5)
# Staff confirm a booking request within this many business days (told to the citizen).
BOOKING_CONFIRM_BUSINESS_DAYS = env.int("BOOKING_CONFIRM_BUSINESS_DAYS", default=1)
PERSONAL_DATA_RETENTION_YEARS = env("PERSONAL_DATA_RETENTION_YEARS")
# Every link in an e-mail or a file is built on this (core.display.absolute_url), never
# on the host of the request that happened to trigger it.
PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")
# The first year the center's records (and every fiscal-year field) may name.
FIRST_FISCAL_YEAR = 2012
# Upload limits in bytes, one per kind of file (core.uploads reads them).
UPLOAD_MAX_BYTES_DOCUMENT = 10 * 1024 * 1024  # applications, consultation and course documents
UPLOAD_MAX_BYTES_RECEIPT = 5 * 1024 * 1024  # settlement receipts
UPLOAD_MAX_BYTES_WORKBOOK = 5 * 1024 * 1024  # the plan import workbook

# Logs (core.logs): time in Asia/Seoul with its offset, level, logger, request id
# (core.request_id) and user id; JSON lines with LOG_FORMAT=json, readable lines
# otherwise. No names, phone numbers or e-mail addresses.
from core.logs import formatter_class, sentry_before_send  # noqa: E402

LOG_FORMAT = env("LOG_FORMAT", default="text")
# Error mails on a 500 (not in DEBUG): ADMINS=ops@example.org,it@example.org
ADMINS = [("", address) for address in env.list("ADMINS", default=[])]
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
DEFAULT_EXCEPTION_REPORTER_FILTER = "core.logs.PrivateExceptionReporterFilter"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_context": {"()": "core.logs.RequestContextFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "portal": {"()": formatter_class(LOG_FORMAT)},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "portal",
            "filters": ["request_context"],
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "include_html": False,
        },
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {
            "handlers": ["console", "mail_admins"],
            "level": "WARNING",
            "propagate": False,
        },
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint narrates every layout step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
# Optional error reporting (sentry-sdk): set SENTRY_DSN. No personal data is
# sent: send_default_pii off, and core.logs.sentry_before_send scrubs the rest.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=PORTAL_ENV,
        send_default_pii=False,
        before_send=sentry_before_send,
        traces_sample_rate=0.0,
    )
