"""A small cost for each anonymous submission, instead of a shared cap (issue 12).

As GlobaLeaks does for its whistleblowers, the server hands the page a challenge and the
reporter's browser finds a nonce whose SHA-256 hash of "<challenge>:<nonce>" starts with
`bits` zero bits (hashcash): about 2**bits hashes, a second or two on a cheap phone,
started while the reporter is still writing (core/static/amana/proof_of_work.js). The
server checks it with one hash and accepts each challenge once.

Challenges are signed, not stored: showing the form fills no cache. Only a proof that
checks out is counted as load, and the work asked grows with that load (one bit, i.e.
twice the work, each time it doubles past `LOAD_STEP` reports an hour), up to
`MAX_EXTRA_BITS` more, so a flood costs its sender more and more while a reporter waits
seconds at most. Refused or forged proofs count against no one.
"""

import hashlib
import logging
import math
import secrets

from django.conf import settings
from django.core import signing
from django.core.cache import cache

from . import ratelimit

logger = logging.getLogger(__name__)

SALT = "amana.proof-of-work"
HOUR = 60 * 60
LIFETIME = 6 * HOUR  # a reporter may take long to write, or leave the page open
LOAD_BUCKET = "pow-load"
LOAD_STEP = 50  # verified reports an hour before the work asked doubles
MAX_EXTRA_BITS = 4  # at most 16 times the base work: still seconds on a phone
MAX_NONCE_LENGTH = 20


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def bits_for_load(load: int) -> int:
    """The zero bits asked when `load` proofs were verified in the past hour."""
    extra = int(math.log2(1 + load / LOAD_STEP))
    return settings.AMANA_PUBLIC_POW_BITS + min(MAX_EXTRA_BITS, extra)


def challenge_issue() -> str:
    """A fresh challenge, signed with the work it asks for."""
    bits = bits_for_load(ratelimit.hits(LOAD_BUCKET, "all"))
    return _signer().sign_object({"i": secrets.token_urlsafe(12), "b": bits})


def _open(challenge: str) -> dict | None:
    try:
        value = _signer().unsign_object(challenge, max_age=LIFETIME)
    except signing.BadSignature:  # forged, altered or expired
        return None
    if not isinstance(value, dict) or not isinstance(value.get("b"), int):
        return None
    return value


def bits_of(challenge: str) -> int:
    """The zero bits a valid challenge asks for (0 for anything else)."""
    value = _open(challenge)
    return value["b"] if value else 0


def verify(challenge: str, nonce: str) -> bool:
    """True once for a valid, unexpired challenge and a nonce that solves it; the
    challenge is spent then, and counted as load."""
    if not challenge or not nonce.isdigit() or len(nonce) > MAX_NONCE_LENGTH:
        return False
    value = _open(challenge)
    if value is None:
        return False
    digest = hashlib.sha256(f"{challenge}:{nonce}".encode()).digest()
    if int.from_bytes(digest, "big") >> (256 - value["b"]):
        return False
    try:
        fresh = cache.add(f"pow:spent:{value['i']}", 1, timeout=LIFETIME)
    except Exception:
        # The cache (Redis) is down: a report must still be saved, so let it through.
        logger.warning("proof-of-work cache unavailable; challenge not spent")
        return True
    if fresh:
        ratelimit.hit(LOAD_BUCKET, "all", window_seconds=HOUR)
    return bool(fresh)
