"""pytest: local defaults, faster hashing, mail kept in memory."""

from .local import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = False
AMANA_DEMO_ALLOWED = True
INSTALLED_APPS = [*INSTALLED_APPS, "tests.testapp"]  # noqa: F405
ROOT_URLCONF = "tests.testapp.urls"
# Tests clear the cache between tests; never let that touch a shared Redis.
# Tests publish to an in-process broker; the real-worker tests start their own.
CELERY_BROKER_URL = "memory://"
CELERY_BROKER_TRANSPORT_OPTIONS = {}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Attachments stay in memory, never in the demo's var/attachments; tests of the file layout
# point the alias at a temporary folder.
STORAGES = {
    **STORAGES,  # noqa: F405
    "attachments": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
}
