"""An auditor finds who read or changed a victim record by its reference, as for a
complaint; the record's reads count towards the unusual-reading alert."""

import pytest
from django.urls import reverse

from core.audit import case_reads
from core.models import AuditEvent

from .conftest import VictimFactory

pytestmark = pytest.mark.django_db


def test_the_trail_finds_a_victim_records_events_by_its_reference(client, ct_a, auditor, agency_a):
    victim = VictimFactory(organisation=agency_a)
    other = VictimFactory(organisation=agency_a)
    client.force_login(ct_a)
    for record in (victim, other):
        assert client.get(reverse("trafficking:victim", args=[record.reference])).status_code == 200

    client.force_login(auditor)
    page = client.get(reverse("audit-trail"), {"reference": victim.reference.lower()})
    assert page.status_code == 200
    text = page.content.decode()
    assert victim.reference in text and other.reference not in text
    assert "victim.read" in text
    assert "Amira" not in text  # the trail names records, never their content


def test_reading_a_victim_record_counts_as_a_case_read(client, ct_a, agency_a):
    victim = VictimFactory(organisation=agency_a)
    client.force_login(ct_a)
    client.get(reverse("trafficking:victim", args=[victim.reference]))
    assert AuditEvent.objects.filter(case_reads(), object_id=str(victim.pk)).exists()
