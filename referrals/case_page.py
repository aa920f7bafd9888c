"""The referrals section of the case page (registered with complaints.case_page)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from complaints.case_page import CaseSection, case_sections
from complaints.models import Complaint
from complaints.permissions import ComplaintAccess

from . import forms, selectors
from .services import REFERABLE, investigation_referable


def referrals_section(
    request: HttpRequest, complaint: Complaint, access: ComplaintAccess
) -> dict[str, Any] | None:
    """Who may screen the case sees its referrals and refers it; nobody else."""
    if not access.screen:
        return None
    investigations, assistance = selectors.referrals_of_complaint(complaint)
    return {
        "investigations": investigations,
        "assistance": assistance,
        "refer_form": forms.InvestigationReferForm(),
        "may_refer_investigation": investigation_referable(complaint),
        # Screened as trafficking, no aid worker implicated: not for investigators.
        "trafficking_track": complaint.classification in REFERABLE
        and not investigation_referable(complaint),
        "assist_form": forms.AssistanceReferForm(
            survivors=[p for p in complaint.persons.all() if p.is_survivor],
            consented=consented_services(complaint),
        ),
    }


def consented_services(complaint: Complaint) -> set[str]:
    """The services some survivor of the case consented to, from the consents the case
    page already read (no query)."""
    return {
        consent.scope
        for consent in complaint.consents.all()
        if consent.given and consent.withdrawn_at is None
    }


case_sections.register(
    CaseSection(
        name="referrals", template="referrals/_case_section.html", context=referrals_section
    )
)
