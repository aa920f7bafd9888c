"""The victim registry's section of a complaint's case page (registered with
complaints.case_page): for a complaint screened or categorised as trafficking, its victim
records the user may see, and "Register a victim from this complaint" for whoever may
screen the complaint and register victims (the coordinator)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from complaints.case_page import CaseSection, case_sections
from complaints.models import Complaint
from complaints.permissions import ComplaintAccess

from .permissions import may_register_victims
from .selectors.registry import victims_of_complaint
from .services.registry import complaint_screened_as_trafficking


def victims_section(
    request: HttpRequest, complaint: Complaint, access: ComplaintAccess
) -> dict[str, Any] | None:
    if not access.content or not complaint_screened_as_trafficking(complaint):
        return None
    may_register = access.screen and may_register_victims(request.user)
    records = victims_of_complaint(request.user, complaint)
    if not records and not may_register:
        return None
    return {"victim_records": records, "may_register_victim": may_register}


case_sections.register(
    CaseSection(
        name="trafficking",
        template="trafficking/_case_section.html",
        context=victims_section,
    )
)
