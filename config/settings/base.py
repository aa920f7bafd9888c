"""Settings shared by every environment; everything that differs comes from the environment.

Variables are documented in `.env.example`. `local`, `test` and `production` only change
defaults and harden; they never add features.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from core.keyring import KeyRingError, parse_blind_index_key, parse_keyring

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"  # local state of `make run`: SQLite file, broker queue, sent mail

env = environ.Env()

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("AMANA_SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "core.apps.AmanaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "axes",
    # The second factor: TOTP devices (a code usable once) and recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Lowest first; an app imports only apps listed before it (README, "Layout").
    "core",
    "pathways",
    "notifications",
    "complaints",
    "referrals",
    "trafficking",
    "focalpoints",
    "trainings",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A session ends this long after sign-in, however busy (core/credentials.py).
    "core.credentials.AbsoluteSessionLifetimeMiddleware",
    # Slows down sign-in on an account or from a client under attack (core/lockout.py).
    "core.lockout.LoginSlowdownMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    # A signed-in user without a verified second factor reaches only its pages and logout.
    "core.middleware.SecondFactorMiddleware",
    # Last, as its documentation asks: it turns lockouts into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# Embedded default: a SQLite file, so `make run` needs no server. DATABASE_URL switches
# to PostgreSQL (postgres://user@host:5432/name), which CI and production use.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'amana.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The web server, the worker and beat write to one file: write-ahead logging and
    # IMMEDIATE transactions make them wait for each other instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Users, login, sessions -----------------------------------------------------------
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first, so a locked account never reaches the rest
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Idle timeout: the session expires after this long without a request; every request
# renews it. Closing the browser also ends it (shared phones and cyber-cafés).
SESSION_IDLE_MINUTES = env.int("AMANA_SESSION_IDLE_MINUTES", default=30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Absolute lifetime: however busy, a session ends this long after sign-in (a stolen cookie
# kept alive by use dies too). A password change, reset or deactivation ends the user's
# other sessions and API keys at once (core/credentials.py).
AMANA_SESSION_ABSOLUTE_HOURS = env.int("AMANA_SESSION_ABSOLUTE_HOURS", default=12)

# Second factor (core/second_factor.py): the name authenticator apps show beside the code.
OTP_TOTP_ISSUER = env("AMANA_TOTP_ISSUER", default="Amana")

# Lockout per account AND client (core/lockout.py): a client that fails this often on one
# account is locked out of that account for the cool-off, so whoever guesses at a known
# account locks only themself; the owner signs in from their own device. The account as
# a whole is never locked, only slowed down: once it has had AMANA_LOGIN_SLOWDOWN_AFTER
# failures within the hour, from anywhere, each client may try it once per
# AMANA_LOGIN_SLOWDOWN_SECONDS (a turn no other client can take); the same holds for one
# client failing on that many accounts (password spraying). Clients are told apart by a
# keyed hash of their address (behind AMANA_TRUSTED_PROXIES), never the address itself.
AXES_FAILURE_LIMIT = env.int("AMANA_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AMANA_LOGIN_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "core.lockout.client_pseudonym"
AMANA_LOGIN_SLOWDOWN_AFTER = env.int("AMANA_LOGIN_SLOWDOWN_AFTER", default=10)
AMANA_LOGIN_SLOWDOWN_SECONDS = env.int("AMANA_LOGIN_SLOWDOWN_SECONDS", default=30)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False  # core.admin shows lockouts to administrators, minus IPs

# django-guardian: per-object grants (referrals give an agency's investigators one case).
# No anonymous user row: anonymous visitors never hold object permissions here.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False

# --- Encryption keys (see core/crypto.py) ---------------------------------------------
# AMANA_KEYRING: comma-separated "key_id:base64(32 bytes)" key-encryption keys, newest
# first. The first wraps new data keys; the others still unwrap old ones until
# `manage.py rotate_keys` has re-wrapped everything.
# AMANA_BLIND_INDEX_KEY: base64(32 bytes) for the HMAC blind index.
# Both are separate from SECRET_KEY, so leaking one does not leak the other.
DEMO_KEYRING = "demo1:ZGVtby1vbmx5LWtleS1kby1ub3QtdXNlLWluLXByb2Q="
DEMO_BLIND_INDEX_KEY = "ZGVtby1vbmx5LWJsaW5kLWluZGV4LWtleS1OT1BST0Q="


def _load_keys(keyring_default: str | None, blind_default: str | None):
    try:
        keyring = parse_keyring(env.str("AMANA_KEYRING", default=keyring_default or ""))
        blind = parse_blind_index_key(env.str("AMANA_BLIND_INDEX_KEY", default=blind_default or ""))
    except KeyRingError as exc:
        raise ImproperlyConfigured(str(exc)) from None
    return keyring, blind


# --- Celery ---------------------------------------------------------------------------
# Embedded default: kombu's filesystem transport, a folder as the queue, so worker and
# beat run without any server. REDIS_URL switches to Redis.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "filesystem://"
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {"visibility_timeout": 3600}
    if REDIS_URL
    else {
        "data_folder_in": str(VAR_DIR / "broker"),
        "data_folder_out": str(VAR_DIR / "broker"),
        "control_folder": str(VAR_DIR / "broker-control"),
        "store_processed": False,
    }
)
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# A reminder claimed by a worker that died is sent again after this many seconds.
AMANA_REMINDER_LEASE_SECONDS = env.int("AMANA_REMINDER_LEASE_SECONDS", default=300)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True  # a task whose worker dies mid-run is delivered again
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "rebuild-statistics": {
        "task": "reports.tasks.rebuild_statistics",
        "schedule": env.int("AMANA_STATS_REBUILD_SECONDS", default=600),
    },
    "send-reminders": {
        "task": "notifications.tasks.send_reminders",
        "schedule": env.int("AMANA_REMINDER_INTERVAL_SECONDS", default=60),
    },
    # Accounts reading many cases in a short time are flagged (core/audit.py).
    "flag-unusual-reading": {
        "task": "core.tasks.flag_unusual_reading",
        "schedule": env.int("AMANA_READING_ALERT_SCAN_SECONDS", default=300),
    },
    "clear-expired-sessions": {
        "task": "core.tasks.clear_expired_sessions",
        "schedule": 60 * 60,
    },
    # Daily: closed cases past their retention period are purged (complaints/retention.py).
    "purge-expired-cases": {
        "task": "complaints.tasks.purge_expired_cases",
        "schedule": 24 * 60 * 60,
    },
    # Daily: victim records past their retention period lose their identity
    # (trafficking/retention.py).
    "purge-expired-victims": {
        "task": "trafficking.tasks.purge_expired_victims",
        "schedule": 24 * 60 * 60,
    },
}

# --- E-mail ---------------------------------------------------------------------------
# Embedded default: each message is written to a file under var/mail.
EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = env("AMANA_MAIL_DIR", default=str(VAR_DIR / "mail"))
EMAIL_HOST = env("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="Amana <no-reply@amana.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Languages ------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
    ("tr", _("Turkish")),
    ("fr", _("French")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
# The operation's own time zone, for deadlines and display (e.g. Europe/Istanbul).
AMANA_OPERATION_TIME_ZONE = env("AMANA_OPERATION_TIME_ZONE", default="UTC")
# Weekdays that count as working days (Monday = 0), for deadlines in working days.
AMANA_WORKING_DAYS = env.list("AMANA_WORKING_DAYS", cast=int, default=[0, 1, 2, 3, 4])
# Deadline overrides, e.g. {"acknowledgement": (3, "working_days")}; the names are in
# each app's deadlines.py.
AMANA_DEADLINES: dict = {}

# --- Static files ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- API ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Integrations (hotline tools, KoboToolbox webhooks) and statistics readers send
        # "Authorization: Api-Key amk_<prefix>.<secret>" (core/apikeys.py; DRF's plain-text
        # Token is retired). First, so an anonymous call gets 401 with a challenge, the
        # same for every URL.
        "core.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # drf-spectacular's, with the error answers every operation can give (issue 12).
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.AutoSchema",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # DRF's JSON parser, but JSON nested too deeply is a 400, not a 500 (issue 12).
    "DEFAULT_PARSER_CLASSES": [
        "core.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "core.errors.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

# What each API key scope may call: method -> URL names. Anything not listed is refused
# to every key (403), so a new endpoint takes no key until it is added here.
_STATISTICS_API = [
    "api-schema",
    "stats-complaints",
    "stats-referrals",
    "stats-trainings",
    "stats-focal-points",
    "stats-victims",
]
AMANA_API_KEY_SCOPES = {
    "network": {"GET": _STATISTICS_API},
    "organisation": {"GET": _STATISTICS_API},
    # Hotline tools and KoboToolbox webhooks: log complaints as the key's holder.
    "intake": {"GET": ["api-schema", "api-me"], "POST": ["api-complaints"]},
    # Also read back the complaints the holder may see (status, reference).
    "cases": {
        "GET": ["api-schema", "api-me", "api-complaints", "api-complaint"],
        "POST": ["api-complaints"],
    },
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Amana API",
    "DESCRIPTION": "Complaint intake and case data, scoped to the caller's role.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "ENUM_NAME_OVERRIDES": {
        "CountryEnum": "core.codes.COUNTRY_CHOICES",
        "YesNoUnknownEnum": "core.codes.YesNoUnknown",
        "MajorityEnum": "trafficking.codes.Majority",
    },
    # Swagger UI from our own static files, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}

# --- Security headers that hold everywhere ----------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# --- Logging: never log request bodies or identifying data ------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        # Its 4xx/5xx lines carry the full request; the path is all we want to log.
        "django.request": {"level": "ERROR"},
    },
}

# --- Attachments: encrypted files outside any public folder -----------------------------
AMANA_ATTACHMENT_ROOT = env("AMANA_ATTACHMENT_ROOT", default=str(VAR_DIR / "attachments"))
# complaints/attachments.py stores through this alias, one file per attachment named by its
# id. No base_url: no URL maps to these files; they are read back only behind an access check.
STORAGES["attachments"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {
        "location": AMANA_ATTACHMENT_ROOT,
        "directory_permissions_mode": 0o700,
        "file_permissions_mode": 0o600,
    },
}
AMANA_ATTACHMENT_MAX_BYTES = env.int("AMANA_ATTACHMENT_MAX_MB", default=10) * 1024 * 1024
# Uploads stay in memory, whatever their size, so no plaintext copy ever lands in a
# temporary folder: a file past the limit is dropped as it arrives and refused, and the
# files of one request together may not pass AMANA_UPLOAD_MAX_REQUEST_MB (memory bound).
FILE_UPLOAD_HANDLERS = ["complaints.attachments.MemoryOnlyUploadHandler"]
AMANA_UPLOAD_MAX_REQUEST_BYTES = env.int("AMANA_UPLOAD_MAX_REQUEST_MB", default=30) * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 20
# An image is decoded only if it has at most this many pixels (frames included): a small
# file that would expand to gigabytes (a decompression bomb) is refused unopened.
AMANA_ATTACHMENT_MAX_PIXELS = env.int("AMANA_ATTACHMENT_MAX_MEGAPIXELS", default=64) * 1_000_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Retention (DOMAIN.md section 2, step 7; complaints/retention.py) -------------------
# Days a case is kept after it is closed (or forwarded), then purged: its content, persons,
# attachments and data key go; only the statistics' counts and the date of the purge stay.
# A category listed here decides alone (whatever the closure reason); other cases follow
# their closure reason ("forwarded" for a forwarded case), else "default". Why these:
# - substantiated, 10 years: disciplinary appeals, prosecution, paternity and child-support
#   claims and vetting (Misconduct Disclosure Scheme) come years after the closure;
# - not substantiated, lack of information, unattributed, 5 years: a later allegation
#   against the same person may show a pattern (duplicates are matched only while a case
#   exists) and new information reopens the case; an unattributed case is never purged
#   before its re-review date;
# - withdrawn, 2 years; duplicate, 1 year (the original case holds the allegation);
# - forwarded, programme feedback, 1 year; other misconduct, 2 years: the agency concerned
#   keeps its own file.
AMANA_RETENTION_DAYS = {
    "default": env.int("AMANA_RETENTION_DEFAULT_DAYS", default=5 * 365),
    "reason": {
        "substantiated": 10 * 365,
        "unsubstantiated": 5 * 365,
        "no_information": 5 * 365,
        "unattributed": 5 * 365,
        "withdrawn": 2 * 365,
        "duplicate": 365,
        "forwarded": 365,
    },
    "category": {
        "programme_feedback": 365,
        "other_misconduct": 2 * 365,
    },
}
# The coordinators are reminded this many days before a case is purged (they can reopen it).
AMANA_RETENTION_WARNING_DAYS = env.int("AMANA_RETENTION_WARNING_DAYS", default=30)
# Days a victim-of-trafficking record keeps its identity after its assistance plan closed
# (or after the person was assessed not to be a victim); then its data key is destroyed and
# only its codes stay, for statistics (trafficking/retention.py).
AMANA_REGISTRY_RETENTION_DAYS = env.int("AMANA_REGISTRY_RETENTION_DAYS", default=5 * 365)
# The de-identified CTDC export is k-anonymous with this k on its quasi-identifiers
# (trafficking/anonymity.py); CTDC's own release used 11.
AMANA_CTDC_K = env.int("AMANA_CTDC_K", default=5)

# --- Public reporting -------------------------------------------------------------------
# Reports an hour from one client without proof of work (no JavaScript); with it, four
# times as many, so people sharing one address (a camp's Wi-Fi, a carrier's NAT) get through.
AMANA_PUBLIC_REPORTS_PER_HOUR = env.int("AMANA_PUBLIC_REPORTS_PER_HOUR", default=5)
# How many reverse proxies in front of the app append to X-Forwarded-For (0: none). Rate
# limits count per client only if this is right; a wrong value lets clients spoof it.
AMANA_TRUSTED_PROXIES = env.int("AMANA_TRUSTED_PROXIES", default=0)
AMANA_RECEIPT_LOOKUPS_PER_HOUR = env.int("AMANA_RECEIPT_LOOKUPS_PER_HOUR", default=20)
# Proof of work asked of each anonymous report (zero bits of SHA-256, about 2**bits hashes
# in the reporter's browser); core.proof_of_work raises it with load, up to 4 bits more.
AMANA_PUBLIC_POW_BITS = env.int("AMANA_PUBLIC_POW_BITS", default=16)
# Rate-limit counters: in Redis when there is one (shared by every web process).
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# --- Network ----------------------------------------------------------------------------
AMANA_ASSESSMENT_VALID_YEARS = env.int("AMANA_ASSESSMENT_VALID_YEARS", default=5)
# Assessments expiring within this many days are flagged.
AMANA_ASSESSMENT_EXPIRY_WARNING_DAYS = env.int("AMANA_ASSESSMENT_EXPIRY_WARNING_DAYS", default=90)
# Action points due within this many days get a reminder.
AMANA_ACTION_POINT_REMINDER_DAYS = env.int("AMANA_ACTION_POINT_REMINDER_DAYS", default=3)

# Focal points need a refresher this many months after their last focal-point training.
AMANA_REFRESHER_MONTHS = env.int("AMANA_REFRESHER_MONTHS", default=12)

# --- Statistics ---------------------------------------------------------------------------
# Counts below this are suppressed (DOMAIN.md section 7).
AMANA_STATS_THRESHOLD = env.int("AMANA_STATS_THRESHOLD", default=5)
AMANA_STATS_RATE = env("AMANA_STATS_RATE", default="120/min")

# --- Audit trail --------------------------------------------------------------------------
# An account that reads this many distinct cases within this many minutes is flagged to
# the coordinators and auditors, once per burst (core/audit.py).
AMANA_READING_ALERT_CASES = env.int("AMANA_READING_ALERT_CASES", default=25)
AMANA_READING_ALERT_MINUTES = env.int("AMANA_READING_ALERT_MINUTES", default=15)

# Whether `seed_demo` may create demo accounts with published passwords.
AMANA_DEMO_ALLOWED = False
