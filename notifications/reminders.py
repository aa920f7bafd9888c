"""The unusual-reading alert (core.audit.unusual_reading_flag), told to the people who
watch the trail: the coordinators and auditors, never the reader themself nor anyone
recused from one of the cases read. One notice per flag, so once per burst."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.audit import UNUSUAL_READING, burst_cases, recused_from_any
from core.models import AuditEvent, User
from core.roles import ROLE_FIELDS, Role

from .registry import Delivery, Due, ReminderKind, reminder_kinds

# Flags older than this are not looked at again (the notice was made long before).
LOOK_BACK = timedelta(days=2)


def _flags(now: datetime) -> Iterator[Due]:
    flags = AuditEvent.objects.filter(action=UNUSUAL_READING, at__gte=now - LOOK_BACK, at__lte=now)
    return ((flag, flag.at) for flag in flags.order_by())


def _to_watchers(flag: AuditEvent, stage: str) -> Delivery:
    reader_id = int(flag.object_id)
    watchers = User.objects.filter(
        Q(**{ROLE_FIELDS[Role.COORDINATOR]: True}) | Q(**{ROLE_FIELDS[Role.AUDITOR]: True}),
        is_active=True,
    ).exclude(pk__in={reader_id, *recused_from_any(burst_cases(flag))})
    first = datetime.fromisoformat(flag.detail["first_read"]).date()
    last = datetime.fromisoformat(flag.detail["last_read"]).date()
    query = urlencode({"actor": reader_id, "date_from": first, "date_to": last})
    with translation.override(settings.LANGUAGE_CODE):  # as the rest of the notice
        # An account id and counts: no name, no case.
        label = gettext("account #%(id)s read %(cases)s cases in %(minutes)s minutes") % {
            "id": reader_id,
            "cases": flag.detail["cases"],
            "minutes": flag.detail["minutes"],
        }
    return Delivery(users=watchers, link=f"{reverse('audit-trail')}?{query}", label=label)


reminder_kinds.register(
    ReminderKind(
        "unusual_reading",
        _("Unusual reading of cases"),
        _to_watchers,
        due_items=_flags,
    )
)
