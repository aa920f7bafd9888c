"""Writes to modules, sessions and attendance; each validates, saves and audits in one
transaction."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_log
from core.errors import ApplicationError
from core.models import User

from .models import AttendanceCount, Material, Module, Participant, Session
from .permissions import module_access, session_access


@transaction.atomic
def module_save(
    *, actor: User, module: Module, materials: Sequence[tuple[str, str]] = ()
) -> Module:
    adding = module._state.adding
    module.full_clean()
    module.save()
    Material.objects.bulk_create(
        Material(module=module, title=title, url=url) for title, url in materials
    )
    audit_log(
        actor=actor,
        action="module.create" if adding else "module.update",
        obj=module,
        role=module_access(actor).role,
    )
    return module


@transaction.atomic
def session_save(*, actor: User, session: Session) -> Session:
    """Rules: the last day is not before the first; a community session holds no names."""
    adding = session._state.adding
    if session.ends_on and session.ends_on < session.starts_on:
        raise ApplicationError(
            "dates.end_before_start", _("The last day is before the first."), field="ends_on"
        )
    if not adding and session.anonymous and session.participants.exists():
        raise ApplicationError(
            "session.named_participants",
            _("This session has named participants; a community session cannot."),
            status=409,
        )
    if adding:
        session.created_by = actor
    session.full_clean(exclude=["created_by"])
    session.save()
    audit_log(
        actor=actor,
        action="session.create" if adding else "session.update",
        obj=session,
        role=session_access(actor, session).role,
    )
    return session


@transaction.atomic
def session_set_status(*, actor: User, session: Session, status: str) -> Session:
    if status not in Session.Status.values:
        raise ApplicationError("session.bad_status", _("Choose a status."))
    session.status = status
    session.save(update_fields=["status"])
    audit_log(
        actor=actor,
        action="session.status",
        obj=session,
        role=session_access(actor, session).role,
        detail={"status": status},
    )
    return session


def _check_scores(pre: int | None, post: int | None) -> None:
    if post is not None and pre is None:
        raise ApplicationError(
            "participant.post_without_pre",
            _("A post-test score needs the pre-test score too."),
            field="pre_score",
        )
    for value in (pre, post):
        if value is not None and not 0 <= value <= 100:
            raise ApplicationError(
                "participant.score_range", _("Scores are percentages from 0 to 100.")
            )


@transaction.atomic
def participant_add(*, actor: User, session: Session, participant: Participant) -> Participant:
    """Rules: community sessions keep counts only, never names; a post-test score needs
    a pre-test score; scores are 0 to 100."""
    if session.anonymous:
        raise ApplicationError(
            "session.community_names",
            _("Community sessions keep counts by sex and age, never names."),
        )
    _check_scores(participant.pre_score, participant.post_score)
    participant.session = session
    if participant.focal_point and not participant.organisation:
        participant.organisation = participant.focal_point.organisation
    participant.full_clean()
    participant.save()
    audit_log(
        actor=actor,
        action="participant.add",
        obj=session,
        role=session_access(actor, session).role,
        detail={"participant": participant.pk},
    )
    return participant


@transaction.atomic
def counts_record(
    *, actor: User, session: Session, total: int, cells: dict[tuple[str, str], int]
) -> int:
    """Replace the session's counts. Rule: the cells add up to the total given."""
    if any(n < 0 for n in cells.values()):
        raise ApplicationError("counts.negative", _("Counts cannot be negative."))
    counted = sum(cells.values())
    if counted != total:
        raise ApplicationError(
            "counts.total_mismatch",
            _("The counts by sex and age add up to %(counted)s, not to the total of %(total)s.")
            % {"counted": counted, "total": total},
        )
    session.counts.all().delete()
    AttendanceCount.objects.bulk_create(
        AttendanceCount(session=session, sex=sex, age_group=age, count=n)
        for (sex, age), n in cells.items()
        if n
    )
    audit_log(
        actor=actor,
        action="session.counts",
        obj=session,
        role=session_access(actor, session).role,
        detail={"total": total},
    )
    return total
