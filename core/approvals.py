"""Where a password may be set outside the separation-of-duties rule's own services.

`core.services` sets or resets passwords through the rule (core.permissions); around its
own writes it opens `credential_write_allowed()`. Any other write of a new password to an
account holding a case role (Django's `changepassword` command, the shell, a form saved
without the service) is refused by the guard in core.signals, so no path bypasses the
rule. Django re-hashing a password at sign-in is not a new password and passes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_allowed: ContextVar[bool] = ContextVar("amana_credential_write_allowed", default=False)


@contextmanager
def credential_write_allowed() -> Iterator[None]:
    token = _allowed.set(True)
    try:
        yield
    finally:
        _allowed.reset(token)


def credential_write_is_allowed() -> bool:
    return _allowed.get()
