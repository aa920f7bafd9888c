"""Attachment checks and encrypted storage.

The type is decided by the file's first bytes, never by its name or the browser's word.
Files are stored encrypted under the complaint's data key, named by the attachment's id,
in the "attachments" storage of settings.STORAGES, which no URL maps to.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from core import crypto

# (content type, test on the first bytes)
SIGNATURES = [
    ("image/jpeg", lambda head: head.startswith(b"\xff\xd8\xff")),
    ("image/png", lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
    ("image/webp", lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP"),
    ("application/pdf", lambda head: head.startswith(b"%PDF-")),
    ("audio/mpeg", lambda head: head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3")),
    ("audio/ogg", lambda head: head.startswith(b"OggS")),
    ("audio/wav", lambda head: head[:4] == b"RIFF" and head[8:12] == b"WAVE"),
    ("audio/amr", lambda head: head.startswith(b"#!AMR")),
    ("audio/mp4", lambda head: head[4:8] == b"ftyp"),
]


def detect_type(head: bytes) -> str | None:
    for content_type, matches in SIGNATURES:
        if matches(head):
            return content_type
    return None


def check_upload(upload) -> tuple[bytes, str]:
    """The file's bytes and real type, or a ValidationError the user can act on."""
    limit = settings.AMANA_ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is too large (%(size)s); the limit is %(limit)s.")
            % {
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(limit),
            },
            code="too_large",
        )
    data = upload.read()
    content_type = detect_type(data[:16])
    if content_type is None:
        raise ValidationError(
            _(
                "%(name)s is not a photo (JPEG, PNG, WebP), a PDF or a sound recording "
                "(MP3, M4A, OGG, WAV, AMR), whatever its name says."
            )
            % {"name": upload.name},
            code="bad_type",
        )
    return data, content_type


def _storage() -> Storage:
    # Looked up on each call, so a change to STORAGES (a test's override) takes effect.
    return storages["attachments"]


def _name(attachment) -> str:
    return attachment.pk.hex


def store(attachment, data: bytes) -> None:
    """Encrypt and save; only the ciphertext ever reaches the storage."""
    name = _name(attachment)
    token = crypto.encrypt(
        attachment.data_key, data, aad=crypto.associated_data(attachment, "content", attachment.pk)
    )
    storage = _storage()
    saved = storage.save(name, ContentFile(token))
    if saved != name:
        # The name was taken and the storage picked another one; load() looks only under
        # the attachment's id, so that copy would be lost. Refuse instead.
        storage.delete(saved)
        raise FileExistsError(f"attachment {name} is already stored")


def load(attachment) -> bytes:
    with _storage().open(_name(attachment), "rb") as stored:
        token = stored.read()
    return crypto.decrypt(
        attachment.data_key, token, aad=crypto.associated_data(attachment, "content", attachment.pk)
    )
