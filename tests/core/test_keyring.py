import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.keyring import KeyRingError, parse_blind_index_key, parse_keyring

ROOT = Path(__file__).resolve().parents[2]


def key(raw: bytes = b"k" * 32) -> str:
    return base64.b64encode(raw).decode()


def test_first_key_is_primary_and_all_are_kept():
    ring = parse_keyring(f"new:{key(b'n' * 32)}, old:{key(b'o' * 32)}")
    assert ring.primary_id == "new"
    assert ring.primary == b"n" * 32
    assert ring.keys["old"] == b"o" * 32


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "AMANA_KEYRING is not set"),
        ("nocolon", "AMANA_KEYRING: entry 1 is not of the form"),
        ("k1:!!!notbase64", "AMANA_KEYRING: entry 1 (k1) is not valid base64"),
        (f"k1:{key(b'short')}", "must decode to 32 bytes, not 5"),
        (f"bad id:{key()}", "invalid key id"),
        (f"k1:{key()},k1:{key()}", "appears twice"),
    ],
)
def test_malformed_keyring_names_the_variable_and_the_fault(value, message):
    with pytest.raises(KeyRingError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_keyring(value)


def test_blind_index_key_must_be_32_bytes():
    assert parse_blind_index_key(key()) == b"k" * 32
    with pytest.raises(KeyRingError, match="AMANA_BLIND_INDEX_KEY"):
        parse_blind_index_key(key(b"x" * 8))


def run_manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("AMANA_", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_malformed_keyring_stops_startup_with_one_clear_line():
    result = run_manage("check", AMANA_KEYRING="k1:not-base64!")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert lines == ["amana: configuration error: AMANA_KEYRING: entry 1 (k1) is not valid base64"]
