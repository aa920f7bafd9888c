"""Demo data for `manage.py seed_demo`: the first demo SEA complaint screened and referred
to the demo investigator's agency, and its survivor referred to the demo provider."""

from complaints import codes
from complaints import services as complaint_services
from complaints.models import Complaint
from core.models import Organisation, User

from . import services
from .models import InvestigationReferral


def load(stdout) -> None:
    if InvestigationReferral.objects.exists():
        return
    coordinator = User.objects.filter(username="coordinator").first()
    agency = Organisation.objects.filter(acronym="UNCFC").first()
    provider = Organisation.objects.filter(acronym="SHHC").first()
    complaint = (
        Complaint.objects.filter(category=codes.Category.SEA, status=codes.Status.RECEIVED)
        .order_by("received_at")
        .first()
    )
    if not (coordinator and agency and provider and complaint):
        return
    complaint_services.complaint_screen(
        actor=coordinator,
        complaint=complaint,
        classification=codes.Classification.SEA,
        priority=codes.Priority.HIGH,
        implicated_organisation=agency,
    )
    services.investigation_refer(actor=coordinator, complaint=complaint)
    survivor = complaint.persons.filter(is_survivor=True).first()
    services.assistance_refer(
        actor=coordinator,
        complaint=complaint,
        survivor=survivor,
        service="medical",
        provider=provider,
        needs="Would like a female doctor. (Invented demo data.)",
    )
    stdout.write("Demo referrals created.")
