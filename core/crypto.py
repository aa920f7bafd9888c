"""Encryption at rest for identifying and narrative fields: the one module that does it.

Why our own and not a library: the Django encrypted-field packages (django-cryptography,
django-fernet-fields, django-encrypted-model-fields, django-pgcrypto-fields) are either
unmaintained for Django 5 or encrypt every row under one process-wide key, with no
associated data and no per-record keys. We need envelope encryption so that a record can be
crypto-shredded and keys rotated without re-encrypting data, and associated data so a
ciphertext copied to another row or field is useless. It is small enough to own: AES-GCM
from `cryptography` does the cryptography; this module only arranges keys and bytes.

Design
- Each protected record (a complaint and everything under it) has a `DataKey`: 32 random
  bytes, stored wrapped (AES-GCM) by a key-encryption key (KEK) from `AMANA_KEYRING`.
- A field value is encrypted with its record's data key. The stored token is
  `version (1 byte) | data key id (16 bytes) | nonce (12 bytes) | ciphertext+tag`, and the
  associated data names the model, field and primary key.
- Rotation re-wraps data keys under the newest KEK (`manage.py rotate_keys`); field values
  are untouched, so it is quick and needs no downtime.
- Shredding erases the wrapped data key; every value under it becomes unreadable.
- A blind index (HMAC-SHA256 under `AMANA_BLIND_INDEX_KEY`, over normalised text) lets
  exact matches (duplicates) be found without decrypting anything.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import struct
import unicodedata
import uuid
from collections.abc import Callable
from typing import Any, NoReturn

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django import forms
from django.conf import settings
from django.db import models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.lookups import Lookup
from django.db.models.query_utils import DeferredAttribute
from django.utils import timezone

from .keyring import KeyRing
from .models import DataKey

TOKEN_VERSION = 1
_HEADER = struct.Struct(">B16s12s")  # version, data key id, nonce
_NONCE_BYTES = 12


class CryptoError(Exception):
    """Base of every failure of this module; never carries plaintext."""


class DecryptionError(CryptoError):
    """The token is damaged, or belongs to another record, field or key."""


class RecordShredded(CryptoError):
    """The record's data key was destroyed: its content is gone for good."""


def keyring() -> KeyRing:
    return settings.AMANA_KEYRING


# --- Data keys ----------------------------------------------------------------------


def _wrap_aad(data_key_id: uuid.UUID) -> bytes:
    return b"amana/datakey/v1/" + data_key_id.bytes


def _wrap(data_key_id: uuid.UUID, plain_key: bytes, ring: KeyRing) -> bytes:
    nonce = os.urandom(_NONCE_BYTES)
    return nonce + AESGCM(ring.primary).encrypt(nonce, plain_key, _wrap_aad(data_key_id))


def _unwrap(data_key: DataKey, ring: KeyRing) -> bytes:
    if data_key.wrapped_key is None:
        raise RecordShredded(f"data key {data_key.pk} was shredded")
    kek = ring.keys.get(data_key.kek_id)
    if kek is None:
        raise DecryptionError(f"key {data_key.kek_id!r} is not in AMANA_KEYRING")
    wrapped = bytes(data_key.wrapped_key)
    try:
        return AESGCM(kek).decrypt(
            wrapped[:_NONCE_BYTES], wrapped[_NONCE_BYTES:], _wrap_aad(data_key.pk)
        )
    except InvalidTag:
        raise DecryptionError(f"data key {data_key.pk} does not unwrap") from None


def data_keys_build(count: int) -> list[DataKey]:
    """`count` new random data keys, wrapped by the primary KEK, NOT saved (bulk-insert
    them before the records that use them: an import). Each keeps its plain key cached,
    so the records' fields are sealed without unwrapping it again."""
    ring = keyring()
    keys = []
    for _index in range(count):
        plain = AESGCM.generate_key(bit_length=256)
        data_key = DataKey(id=uuid.uuid4(), kek_id=ring.primary_id)
        data_key.wrapped_key = _wrap(data_key.pk, plain, ring)
        data_key._amana_plain_key = plain  # type: ignore[attr-defined]  # _plain_key's cache
        keys.append(data_key)
    return keys


def data_key_create() -> DataKey:
    """A new random data key for a new protected record, wrapped by the primary KEK."""
    (data_key,) = data_keys_build(1)
    data_key.save(force_insert=True)
    return data_key


def _plain_key(data_key: DataKey) -> bytes:
    # Cached on the instance only: a shredded key stops working for every new load.
    cached = getattr(data_key, "_amana_plain_key", None)
    if cached is None:
        cached = _unwrap(data_key, keyring())
        data_key._amana_plain_key = cached  # type: ignore[attr-defined]  # a cache, not a field
    return cached


def data_key_shred(data_key: DataKey) -> None:
    """Destroy the key: everything encrypted under it is unrecoverable from now on."""
    DataKey.objects.filter(pk=data_key.pk).update(wrapped_key=None, shredded_at=timezone.now())
    data_key.wrapped_key = None
    data_key.__dict__.pop("_amana_plain_key", None)


def data_keys_rewrap(*, batch_size: int = 500) -> int:
    """Re-wrap every data key not under the primary KEK; returns how many were re-wrapped.

    Safe while the app runs: each key is swapped with a conditional UPDATE, so a key
    shredded or rotated meanwhile is left alone, and readers accept any KEK in the ring.
    """
    ring = keyring()
    done = 0
    while True:
        batch = list(
            DataKey.objects.exclude(kek_id=ring.primary_id)
            .filter(wrapped_key__isnull=False)
            .order_by("pk")[:batch_size]
        )
        if not batch:
            return done
        for data_key in batch:
            new_wrapped = _wrap(data_key.pk, _unwrap(data_key, ring), ring)
            with transaction.atomic():
                done += DataKey.objects.filter(
                    pk=data_key.pk, kek_id=data_key.kek_id, wrapped_key__isnull=False
                ).update(kek_id=ring.primary_id, wrapped_key=new_wrapped, rotated_at=timezone.now())


# --- Values ---------------------------------------------------------------------------


def associated_data(model: type[models.Model] | models.Model, field_name: str, pk: object) -> bytes:
    """Binds a token to one field of one row: copied anywhere else, it fails to decrypt."""
    return f"amana/{model._meta.label_lower}/{field_name}/{pk}".encode()


def encrypt(data_key: DataKey, plaintext: bytes, *, aad: bytes) -> bytes:
    nonce = os.urandom(_NONCE_BYTES)
    header = _HEADER.pack(TOKEN_VERSION, data_key.pk.bytes, nonce)
    return header + AESGCM(_plain_key(data_key)).encrypt(nonce, plaintext, header + aad)


def decrypt(data_key: DataKey, token: bytes, *, aad: bytes) -> bytes:
    token = bytes(token)
    if len(token) < _HEADER.size + 16:
        raise DecryptionError("token is too short")
    version, key_id, nonce = _HEADER.unpack_from(token)
    if version != TOKEN_VERSION:
        raise DecryptionError(f"unknown token version {version}")
    if key_id != data_key.pk.bytes:
        raise DecryptionError("token belongs to another record's key")
    header = token[: _HEADER.size]
    try:
        return AESGCM(_plain_key(data_key)).decrypt(nonce, token[_HEADER.size :], header + aad)
    except InvalidTag:
        raise DecryptionError("token does not match this record and field") from None


# --- Blind index ------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")


def normalise_text(value: str) -> str:
    """Case, accents (Latin and Arabic diacritics), width and spacing do not matter; nor
    does Turkish dotless i (U+0131), which people type or omit at random in names."""
    decomposed = unicodedata.normalize("NFKD", value)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", stripped.casefold().replace("\u0131", "i")).strip()


def normalise_phone(value: str) -> str:
    """Digits only, last nine: +90 532 123 45 67 and 0532 123 4567 match."""
    digits = "".join(c for c in unicodedata.normalize("NFKC", value) if c.isdigit())
    return digits[-9:]


def blind_index(
    value: str | None, *, purpose: str, normalise: Callable[[str], str] = normalise_text
) -> str:
    """Keyed HMAC of the normalised value, separated by purpose; "" for an empty value."""
    normalised = normalise(value or "")
    if not normalised:
        return ""
    message = purpose.encode() + b"\x00" + normalised.encode()
    return hmac.new(settings.AMANA_BLIND_INDEX_KEY, message, hashlib.sha256).hexdigest()


# --- Model fields -----------------------------------------------------------------------


class _Sealed(bytes):
    """A token as loaded from the database, not yet decrypted."""


class _EncryptedAttribute(DeferredAttribute):
    """Holds plaintext on the instance; decrypts a loaded token on first read."""

    # `instance` is an EncryptedModel (Any: the base class takes any model).
    def __get__(self, instance: Any, cls: type[models.Model] | None = None) -> Any:
        if instance is None:
            return self
        value = super().__get__(instance, cls)
        if isinstance(value, _Sealed):
            field = self.field
            plaintext = decrypt(
                instance.data_key,
                value,
                aad=associated_data(field.model, field.attname, instance.pk),
            ).decode()
            instance.__dict__[field.attname] = plaintext
            instance.__dict__.setdefault("_amana_sealed", {})[field.attname] = (value, plaintext)
            return plaintext
        return value

    def __set__(self, instance: Any, value: Any) -> None:
        if isinstance(value, bytes | memoryview):
            value = _Sealed(value)
        instance.__dict__[self.field.attname] = value


class EncryptedTextField(models.BinaryField):
    """Text stored as an AES-GCM token; the model must inherit `EncryptedModel`.

    Cannot be filtered on (except isnull) nor set with `QuerySet.update()`: match on a
    blind index instead.
    """

    descriptor_class = _EncryptedAttribute

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("editable", True)
        super().__init__(*args, **kwargs)

    def get_default(self) -> Any:
        # BinaryField's default is b"", which would read as a (broken) token.
        if self.has_default():
            return super().get_default()
        return None if self.null else ""

    def get_lookup(self, lookup_name: str) -> type[Lookup] | None:
        return super().get_lookup(lookup_name) if lookup_name == "isnull" else None

    def from_db_value(
        self, value: bytes | memoryview | None, expression: Any, connection: BaseDatabaseWrapper
    ) -> _Sealed | None:
        return None if value is None else _Sealed(value)

    def pre_save(self, model_instance: Any, add: bool) -> Any:
        value = model_instance.__dict__.get(self.attname)
        if value is None or isinstance(value, _Sealed):
            return value
        unchanged = model_instance.__dict__.get("_amana_sealed", {}).get(self.attname)
        if unchanged and unchanged[1] == value:
            return unchanged[0]  # read but not changed: keep the token as it is
        return encrypt(
            model_instance.data_key,
            str(value).encode(),
            aad=associated_data(self.model, self.attname, model_instance.pk),
        )

    def get_db_prep_value(
        self, value: Any, connection: BaseDatabaseWrapper, prepared: bool = False
    ) -> Any:
        if isinstance(value, str):
            raise TypeError(f"{self.attname} is encrypted: save it through the model")
        return super().get_db_prep_value(value, connection, prepared)

    def to_python(self, value: Any) -> Any:
        return value

    def value_to_string(self, obj: models.Model) -> NoReturn:
        raise TypeError(f"{self.attname} is encrypted and is never serialised")

    # Narrower than Field.formfield: keywords only (as ModelForms call it), always a CharField.
    def formfield(self, **kwargs: Any) -> forms.Field:  # type: ignore[override]
        options: dict[str, Any] = {
            "required": not self.blank,
            "widget": forms.Textarea,
            "label": self.verbose_name,
        }
        options.update(kwargs)
        options.pop("max_length", None)
        return forms.CharField(**options)


class EncryptedModel(models.Model):
    """Base of every model with encrypted fields.

    Its primary key is a UUID made before the first save, so the associated data can name
    the row. On first save a root record gets a new data key; a child record names its
    parent in `data_key_from` and shares the parent's key (everything under a complaint
    is shredded with it).
    """

    data_key_from: str | None = None

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    data_key = models.ForeignKey(
        DataKey, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.data_key_id is None:
            parent = getattr(self, self.data_key_from) if self.data_key_from else None
            self.data_key = parent.data_key if parent is not None else data_key_create()
        super().save(*args, **kwargs)
