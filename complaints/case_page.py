"""Sections of the case page contributed by apps above complaints.

The case page (`views.complaint_detail`) belongs to this app, but some of what a
coordinator does on it belongs to apps that depend on this one (referrals). Rather than
import them, the page asks the sections registered here: each higher app registers its
own in its `case_page.py` (found by `apps.ComplaintsConfig.ready`), with a template and a
function that returns the section's context, or None to leave it out for this user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

from core.registry import Registry

from .models import Complaint
from .permissions import ComplaintAccess


@dataclass(frozen=True)
class CaseSection:
    name: str
    template: str
    context: Callable[[HttpRequest, Complaint, ComplaintAccess], dict[str, Any] | None]


class CaseSections(Registry[CaseSection]):
    def __init__(self) -> None:
        super().__init__(lambda section: section.name, "case page section")

    def render(
        self,
        request: HttpRequest,
        complaint: Complaint,
        access: ComplaintAccess,
        page: dict[str, Any],
    ) -> None:
        """Add the sections to the page's context: `page["sections"]`, the templates to
        include in order, and the context they need. A section may not overwrite what the
        page or another section put there."""
        page["sections"] = []
        for section in self:
            extra = section.context(request, complaint, access)
            if extra is None:
                continue
            clash = set(extra) & set(page)
            if clash:
                raise ImproperlyConfigured(
                    f"case page section {section.name!r} would overwrite {sorted(clash)}"
                )
            page["sections"].append(section.template)
            page.update(extra)


case_sections = CaseSections()
