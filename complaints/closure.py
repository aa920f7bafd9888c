"""What may hold a case open, registered by the apps above complaints (e.g. referrals: an
investigation still under way), so the closure service asks without importing them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.registry import Registry

from .models import Complaint


@dataclass(frozen=True)
class ClosureCheck:
    name: str
    # The reason the case cannot be closed yet, or None.
    blocks: Callable[[Complaint], str | None]


closure_checks: Registry[ClosureCheck] = Registry(lambda check: check.name, "closure check")
