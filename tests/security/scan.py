"""Everything an attacker could copy off a server, as text to search: the database (a dump,
and the sessions decoded), the cache (locmem in tests, Redis where configured), the mail
sent."""

from __future__ import annotations

import pickle
import shutil
import subprocess

from django.contrib.sessions.models import Session
from django.core import mail
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection


def _text(value: object) -> str:
    if isinstance(value, bytes | memoryview):
        return bytes(value).decode("latin-1")
    return str(value)


def database_dump() -> str:
    """pg_dump on PostgreSQL when it is installed; otherwise every column of every row of
    every table, read with SQL (text, numbers and blobs alike)."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql" and shutil.which("pg_dump"):
        command = ["pg_dump", "--data-only", "-h", settings["HOST"] or "127.0.0.1",
                   "-p", str(settings["PORT"] or 5432), "-U", settings["USER"], settings["NAME"]]  # fmt: skip
        return subprocess.run(  # a fixed command, no shell
            command, capture_output=True, text=True, check=True, timeout=120
        ).stdout
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            chunks.extend(_text(value) for row in cursor.fetchall() for value in row)
    return "\n".join(chunks)


def sessions() -> str:
    """Session rows are signed and base64-encoded: a dump would hide text they hold."""
    return "\n".join(str(session.get_decoded()) for session in Session.objects.all())


def cache_contents() -> str:
    """Keys and values of the cache: the locmem store in tests, Redis where configured."""
    backend = caches["default"]
    chunks = []
    if isinstance(backend, LocMemCache):
        for key, value in backend._cache.items():
            chunks.append(key)
            try:
                chunks.append(str(pickle.loads(value)))  # noqa: S301 (our own cache)
            except Exception:
                chunks.append(_text(value))
        return "\n".join(chunks)
    client = backend._cache.get_client()
    for key in client.scan_iter():
        chunks.append(_text(key))
        if client.type(key) in (b"string", "string"):
            chunks.append(_text(client.get(key)))
    return "\n".join(chunks)


def mails() -> str:
    chunks = []
    for message in mail.outbox:
        chunks += [message.subject, message.body, " ".join(message.to)]
        chunks += [_text(content) for content, _type in getattr(message, "alternatives", [])]
        chunks += [_text(attachment) for attachment in message.attachments]
    return "\n".join(chunks)
