import os
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

try:
    application = get_wsgi_application()
except ImproperlyConfigured as exc:
    # One clear line in the server log instead of a traceback.
    print(f"amana: configuration error: {exc}", file=sys.stderr)
    raise SystemExit(1) from None
