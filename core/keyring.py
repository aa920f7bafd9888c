"""Parsing of the encryption key material given in the environment.

Pure Python with no Django import, because settings load it before Django is set up.
Every error names the variable, so a bad deployment stops with one clear line.
"""

import base64
import binascii
import re
from dataclasses import dataclass

KEY_BYTES = 32  # AES-256
_KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,16}$")


class KeyRingError(ValueError):
    """The key material in the environment is missing or malformed."""


@dataclass(frozen=True)
class KeyRing:
    """Key-encryption keys by id; `primary_id` wraps new data keys."""

    keys: dict[str, bytes]
    primary_id: str

    @property
    def primary(self) -> bytes:
        return self.keys[self.primary_id]


def _decode_key(value: str, *, variable: str, where: str) -> bytes:
    try:
        raw = base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise KeyRingError(f"{variable}: {where} is not valid base64") from None
    if len(raw) != KEY_BYTES:
        raise KeyRingError(f"{variable}: {where} must decode to {KEY_BYTES} bytes, not {len(raw)}")
    return raw


def parse_keyring(value: str, *, variable: str = "AMANA_KEYRING") -> KeyRing:
    """Parse "id1:base64key,id2:base64key" (newest first) into a KeyRing."""
    if not value or not value.strip():
        raise KeyRingError(f"{variable} is not set (expected 'key_id:base64key[,...]')")
    keys: dict[str, bytes] = {}
    for position, entry in enumerate(value.split(","), start=1):
        key_id, sep, encoded = entry.strip().partition(":")
        where = f"entry {position}"
        if not sep:
            raise KeyRingError(f"{variable}: {where} is not of the form 'key_id:base64key'")
        if not _KEY_ID.match(key_id):
            raise KeyRingError(
                f"{variable}: {where} has an invalid key id (use 1-16 of A-Z a-z 0-9 _ -)"
            )
        if key_id in keys:
            raise KeyRingError(f"{variable}: key id {key_id!r} appears twice")
        keys[key_id] = _decode_key(encoded, variable=variable, where=f"{where} ({key_id})")
    return KeyRing(keys=keys, primary_id=next(iter(keys)))


def parse_blind_index_key(value: str, *, variable: str = "AMANA_BLIND_INDEX_KEY") -> bytes:
    if not value or not value.strip():
        raise KeyRingError(f"{variable} is not set (expected base64 of {KEY_BYTES} bytes)")
    return _decode_key(value, variable=variable, where="the key")
