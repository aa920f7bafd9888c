"""Demo data for `manage.py seed_demo`: modules, a held focal-point training and a
community awareness session, so the reports have something to show."""

from datetime import timedelta

from django.utils import timezone

from core.models import Organisation, User
from focalpoints.models import FocalPoint

from . import services
from .models import Module, Participant, Session


def load(stdout) -> None:
    if Module.objects.exists():
        return
    coordinator = User.objects.filter(username="coordinator").first()
    host = Organisation.objects.filter(acronym="UNRRA").first()
    if coordinator is None or host is None:
        return
    basics = services.module_save(
        actor=coordinator,
        module=Module(title="PSEA basics", audiences=["staff", "partners"], duration_minutes=120),
    )
    roles = services.module_save(
        actor=coordinator,
        module=Module(
            title="Focal-point roles and receiving complaints",
            audiences=["focal_points"],
            trains_focal_points=True,
        ),
    )
    today = timezone.localdate()
    session = services.session_save(
        actor=coordinator,
        session=Session(
            module=roles,
            starts_on=today - timedelta(days=40),
            organisation=host,
            facilitator_organisation=host,
            facilitator="PSEA coordinator",
            audience="focal_points",
            language="en",
        ),
    )
    services.session_set_status(actor=coordinator, session=session, status=Session.Status.HELD)
    for focal_point in FocalPoint.objects.filter(is_active=True)[:2]:
        services.participant_add(
            actor=coordinator,
            session=session,
            participant=Participant(
                name=focal_point.name, focal_point=focal_point, pre_score=55, post_score=85
            ),
        )
    awareness = services.session_save(
        actor=coordinator,
        session=Session(
            module=basics,
            starts_on=today - timedelta(days=12),
            organisation=host,
            facilitator_organisation=host,
            audience="community",
            language="ar",
            place="Community centre (demo)",
            key_messages=["aid_is_free", "how_to_report"],
        ),
    )
    services.session_set_status(actor=coordinator, session=awareness, status=Session.Status.HELD)
    services.counts_record(
        actor=coordinator,
        session=awareness,
        total=46,
        cells={
            ("female", "18-25"): 14,
            ("female", "26-59"): 12,
            ("male", "18-25"): 9,
            ("male", "26-59"): 6,
            ("female", "12-17"): 5,
        },
    )
    stdout.write("Demo trainings created.")
