"""`make run`: the embedded demo. Works with no environment at all."""

from .base import *  # noqa: F403
from .base import DEMO_BLIND_INDEX_KEY, DEMO_KEYRING, _load_keys, env

SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-demo-only-secret-key-never-use-in-production")
AMANA_KEYRING, AMANA_BLIND_INDEX_KEY = _load_keys(DEMO_KEYRING, DEMO_BLIND_INDEX_KEY)
AMANA_DEMO_ALLOWED = True
# Serve static files straight from the apps, no collectstatic needed.
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None
STORAGES = {
    **STORAGES,  # noqa: F405  (keeps base's "attachments")
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
