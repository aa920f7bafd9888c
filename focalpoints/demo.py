"""Demo data for `manage.py seed_demo`: a few invented focal points, a meeting and an
assessment, so the registry, the directory and the dashboard have something to show."""

from datetime import timedelta

from django.utils import timezone

from core.models import Organisation, User

from . import services
from .models import CoreStandard, FocalPoint, Meeting

PEOPLE = [
    ("UNRRA", "Leyla Demir (demo)", "+90 342 555 0101", ["tr", "ar", "en"]),
    ("UNCFC", "Omar Haddad (demo)", "+90 342 555 0102", ["ar", "en"]),
    ("GAI", "Ana Pérez (demo)", "+90 342 555 0103", ["es", "en", "tr"]),
]


def load(stdout) -> None:
    if FocalPoint.objects.exists():
        return
    coordinator = User.objects.filter(username="coordinator").first()
    organisations = {org.acronym: org for org in Organisation.objects.all()}
    if coordinator is None or not all(acronym in organisations for acronym, *_ in PEOPLE):
        return
    today = timezone.localdate()
    for acronym, name, phone, languages in PEOPLE:
        services.focal_point_save(
            actor=coordinator,
            focal_point=FocalPoint(
                organisation=organisations[acronym],
                name=name,
                email=f"{name.split()[0].lower()}@example.org",
                phone=phone,
                publish_phone=True,
                languages=languages,
                appointed_on=today - timedelta(days=200),
                psea_in_tor=True,
            ),
        )
    meeting = services.meeting_save(
        actor=coordinator,
        meeting=Meeting(
            held_on=today - timedelta(days=7), title="Monthly PSEA network meeting (demo)"
        ),
        attendees=list(organisations.values()),
    )
    services.action_point_add(
        actor=coordinator,
        meeting=meeting,
        description="Name an alternate focal point",
        owner=organisations["HBA"],
        due_on=today + timedelta(days=2),
    )
    results = dict.fromkeys(CoreStandard.values, ("met", ""))
    results["investigation"] = ("partly", "Relies on head office")
    services.assessment_create(
        actor=coordinator,
        organisation=organisations["HBA"],
        assessed_on=today - timedelta(days=30),
        results=results,
        code_of_conduct_prohibits_sea=True,
        agreement_has_psea_clause=True,
        plan=[("Train a local investigator", today + timedelta(days=120))],
    )
    stdout.write("Demo focal points, meeting and assessment created.")
