"""Health of the services Amana needs: the database and the Celery broker."""

import os

from django.conf import settings
from django.db import connection
from kombu import Connection


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def broker_ok() -> bool:
    url = settings.CELERY_BROKER_URL
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    if url.startswith("filesystem"):
        # The embedded broker is a pair of folders: healthy when both can be written.
        folders = {options.get("data_folder_in"), options.get("data_folder_out")}
        return all(folder and os.access(folder, os.W_OK) for folder in folders)
    try:
        with Connection(url, connect_timeout=2, transport_options=options) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
            if url.startswith(("redis", "rediss")):
                conn.default_channel.client.ping()
        return True
    except Exception:
        return False
