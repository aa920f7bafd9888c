"""Sections that apps above complaints add to the case page."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from complaints.case_page import CaseSection, CaseSections, case_sections

pytestmark = pytest.mark.django_db


def test_referrals_add_their_section_for_who_may_screen(client, personas, log_complaint):
    assert "referrals" in case_sections
    complaint = log_complaint(personas["focal_a"])
    client.force_login(personas["coordinator"])
    assert (
        'id="referrals"'
        in client.get(reverse("complaints:detail", args=[complaint.reference])).content.decode()
    )
    client.force_login(personas["focal_a"])
    assert (
        'id="referrals"'
        not in client.get(reverse("complaints:detail", args=[complaint.reference])).content.decode()
    )


def test_a_case_page_section_cannot_overwrite_the_page():
    sections = CaseSections()
    sections.register(CaseSection("greedy", "x.html", lambda request, complaint, access: {"a": 1}))
    with pytest.raises(ImproperlyConfigured, match="greedy"):
        sections.render(None, None, None, {"a": 0})
