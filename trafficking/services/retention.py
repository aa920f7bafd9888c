"""The end of a victim record's retention period (trafficking/retention.py)."""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import services as core_services
from core.audit import audit_log
from core.errors import ApplicationError

from .. import retention
from ..models import Victim

logger = logging.getLogger(__name__)
SYSTEM = "system"  # the audit role of the scheduled purge


@transaction.atomic
def victim_purge(*, victim: Victim, now: datetime | None = None) -> Victim:
    """Destroy the record's identity at the end of its retention period.

    Rules: only a record whose period is over, checked again under a row lock (409
    "retention.not_due" otherwise). Its data key is shredded, so its name, phone, notes,
    needs assessment, services' needs and visit notes can never be read again (in a
    backup neither); its links to the complaint and person that identified it are cut;
    its codes stay, de-identified, for the statistics and the CTDC export. No one opens it
    again (permissions.may_touch_victim). Audited, with codes only.
    """
    moment = now or timezone.now()
    locked = (
        Victim.objects.select_for_update()
        .filter(pk=victim.pk, purged_at__isnull=True)
        .select_related("data_key")
        .first()
    )
    due = retention.purge_due_at(locked) if locked is not None else None
    if locked is None or due is None or due > moment:
        raise ApplicationError(
            "retention.not_due", _("This record is not due for deletion."), status=409
        )
    audit_log(
        actor=None,
        action="victim.purge",
        obj=locked,
        role=SYSTEM,
        detail={"reason": "retention_expired", "status": locked.status},
    )
    Victim.objects.filter(pk=locked.pk).update(purged_at=moment, complaint=None, person=None)
    core_services.data_key_shred(actor=None, data_key=locked.data_key, reason="retention_expired")
    locked.purged_at = moment
    return locked


def victims_purge_expired(*, now: datetime | None = None) -> int:
    """Purge every record whose period is over; each in its own transaction, so one that
    fails (or whose plan was reopened meanwhile) holds up no other. Returns how many."""
    moment = now or timezone.now()
    purged = 0
    for victim in retention.due_by(moment).only("pk").iterator():
        try:
            victim_purge(victim=victim, now=moment)
        except ApplicationError:
            logger.info("victim record %s no longer due for deletion", victim.pk)
            continue
        purged += 1
    return purged
