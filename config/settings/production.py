"""Production: refuses to start without real secrets; `check --deploy` is clean."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import _load_keys, env

if len(SECRET_KEY) < 50 or "demo" in SECRET_KEY or "insecure" in SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is missing or too weak (set at least 50 random characters)"
    )
AMANA_KEYRING, AMANA_BLIND_INDEX_KEY = _load_keys(None, None)
for _key_id, _key in AMANA_KEYRING.keys.items():
    if _key.startswith(b"demo-only"):
        raise ImproperlyConfigured(f"AMANA_KEYRING: key {_key_id!r} is the public demo key")
if AMANA_BLIND_INDEX_KEY.startswith(b"demo-only"):
    raise ImproperlyConfigured("AMANA_BLIND_INDEX_KEY is the public demo key")

DEBUG = False
AMANA_DEMO_ALLOWED = False

# The container health check calls /healthz on localhost over plain HTTP.
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "127.0.0.1", "localhost"]  # noqa: F405
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
CSRF_COOKIE_HTTPONLY = True

# Errors go to the log (no request bodies, see base.LOGGING), never to a page.
ADMINS = []
