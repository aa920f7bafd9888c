"""The complaint's status machine: the one table of allowed transitions.

`services.complaint_transition` is the only code that writes `Complaint.status`; other
apps (referrals) call it and never set the field. Each transition says from which
statuses it starts, where it ends, who may make it and which timestamp it records. What
an anonymous reporter reads about their report derives from the status here too.

    draft --submit--> received --screen--> screened --refer--> referred
                                   screened --forward--> forwarded
                                   referred --unrefer--> screened   (last referral withdrawn)
             received / screened / referred --close--> closed --reopen--> screened
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from .codes import Status
from .models import Complaint
from .permissions import complaint_access


def _author(actor: Any, complaint: Complaint) -> bool:
    """The author of the intake; a public report has no account behind it."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return complaint.source == Complaint.Source.PUBLIC
    return complaint.received_by_id == actor.pk


def _screener(actor: Any, complaint: Complaint) -> bool:
    """Whoever may screen the case (the coordinator, unless recused)."""
    return actor is not None and complaint_access(actor, complaint).screen


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    may: Callable[[Any, Complaint], bool]
    records: str | None = None  # the timestamp field set when it happens


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition("submit", frozenset({Status.DRAFT}), Status.RECEIVED, _author, "submitted_at"),
        Transition(
            "screen",
            frozenset({Status.RECEIVED, Status.SCREENED}),
            Status.SCREENED,
            _screener,
            "screened_at",
        ),
        Transition(
            "refer", frozenset({Status.SCREENED, Status.REFERRED}), Status.REFERRED, _screener
        ),
        Transition("unrefer", frozenset({Status.REFERRED}), Status.SCREENED, _screener),
        Transition(
            "forward", frozenset({Status.SCREENED}), Status.FORWARDED, _screener, "closed_at"
        ),
        Transition(
            "close",
            frozenset({Status.RECEIVED, Status.SCREENED, Status.REFERRED}),
            Status.CLOSED,
            _screener,
            "closed_at",
        ),
        Transition("reopen", frozenset({Status.CLOSED}), Status.SCREENED, _screener),
    ]
}

# What the anonymous reporter reads through the receipt, for every status.
PUBLIC_STATUS: dict[str, Any] = {
    Status.DRAFT: _("Your report has been received and is waiting to be reviewed."),
    Status.RECEIVED: _("Your report has been received and is waiting to be reviewed."),
    Status.SCREENED: _(
        "Your report has been reviewed and passed to the people who must act on it."
    ),
    Status.REFERRED: _(
        "Your report has been reviewed and passed to the people who must act on it."
    ),
    Status.FORWARDED: _("Your report has been handled. Read the feedback below, if any."),
    Status.CLOSED: _("Your report has been handled. Read the feedback below, if any."),
}


def public_status(complaint: Complaint) -> str:
    return str(PUBLIC_STATUS[complaint.status])
