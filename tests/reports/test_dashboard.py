import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints import services as complaint_services
from complaints.models import Complaint
from referrals import services
from referrals.models import AssistanceReferral, InvestigationReferral

from ..complaints.conftest import intake_data

pytestmark = pytest.mark.django_db


def test_the_dashboard_shows_sla_overdue_and_assistance(client, personas, referral, assistance):
    services.investigation_acknowledge(actor=personas["investigator_a"], referral=referral)
    services.assistance_respond(actor=personas["provider"], referral=assistance, status="provided")
    late = complaint_services.complaint_intake(
        actor=personas["focal_b"], data=intake_data(), submit=True
    )
    complaint_services.complaint_screen(
        actor=personas["coordinator"], complaint=late, classification="sea", priority="high",
        implicated_organisation=referral.organisation,
    )  # fmt: skip
    Complaint.objects.filter(pk=late.pk).update(received_at=timezone.now() - timedelta(days=3))
    overdue = services.investigation_refer(
        actor=personas["coordinator"], complaint=Complaint.objects.get(pk=late.pk)
    )
    InvestigationReferral.objects.filter(pk=overdue.pk).update(
        acknowledgement_due_at=timezone.now() - timedelta(hours=1)
    )

    client.force_login(personas["coordinator"])
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert 'data-metric="within24">50%' in page  # one of two SEA allegations referred in time
    assert late.reference in page.split("Overdue first")[1].split("</section>")[0]
    assert "Service provided" in page


def _bulk_referrals(personas, count):
    complaint = Complaint.objects.first()
    now = timezone.now()
    complaints = []
    for _ in range(count):
        complaints.append(
            complaint_services.complaint_intake(
                actor=personas["focal_b"], data=intake_data(), submit=True
            )
        )
    Complaint.objects.filter(pk__in=[c.pk for c in complaints]).update(classification="sea")
    InvestigationReferral.objects.bulk_create(
        InvestigationReferral(
            complaint=c, organisation=complaint.implicated_organisation, referred_by=personas["coordinator"],
            acknowledgement_due_at=now - timedelta(hours=n % 3),
        )
        for n, c in enumerate(complaints)
    )  # fmt: skip
    survivor_of = {c.pk: c.persons.filter(is_survivor=True).first() for c in complaints}
    provider = personas["provider"].organisation
    AssistanceReferral.objects.bulk_create(
        AssistanceReferral(
            complaint=c, data_key_id=c.data_key_id, survivor=survivor_of[c.pk], service="medical",
            provider=provider, referred_by=personas["coordinator"], response_due_at=now - timedelta(hours=1),
        )
        for c in complaints
    )  # fmt: skip


# The dashboard: 1 session, 2 user, 3 investigations by agency and stage, 4 overdue
# investigations, 5 overdue assistance, 6 SEA complaints and their first referral,
# 7 acknowledgement times, 8 assistance by status, 9 complaints by month, 10 focal
# points' training status, 11 people reached, 12 member organisations, 13 their focal
# points (none here, so no query for their places), 14 assessments, 15 open action points,
# 16 overdue action points, 17 user's organisation (menu), 18 savepoint, 19 session save,
# 20 release. The investigator's inbox: 1 session, 2 user, 3 has the agency an active
# investigator, 4 count, 5 user's organisation (menu), 6 referrals page, 7 savepoint,
# 8 session save, 9 release. The provider's inbox: the same without 3.
@pytest.mark.parametrize(
    ("persona", "address", "queries"),
    [
        ("coordinator", "reports:dashboard", 20),
        ("investigator_a", "referrals:investigations", 9),
        ("provider", "referrals:assistance-inbox", 8),
    ],
)
def test_each_dashboard_costs_the_same_with_1_or_200_referrals(
    client, personas, referral, assistance, persona, address, queries, django_assert_num_queries
):
    client.force_login(personas[persona])
    with django_assert_num_queries(queries):
        assert client.get(reverse(address)).status_code == 200
    _bulk_referrals(personas, 199)
    with django_assert_num_queries(queries):
        assert client.get(reverse(address)).status_code == 200


def test_the_24_hour_figure_counts_only_what_could_be_referred(
    client, personas, referral, agency_a, settings
):
    """Counting fairly: an unknown-affiliation case and a case without consent (not
    referred) are reported apart, not as late (DOMAIN.md section 9)."""
    from complaints.services import PersonData
    from reports.aggregates import stats_rebuild

    unknown = complaint_services.complaint_intake(
        actor=personas["focal_b"], data=intake_data(), submit=True
    )
    complaint_services.complaint_screen(
        actor=personas["coordinator"], complaint=unknown, classification="sea",
        priority="high", implicated_unknown=True,
    )  # fmt: skip
    refusing = [
        PersonData(
            roles={"survivor"},
            values={"age_group": "26-59"},
            consents={"investigation": False, "statistics": True},
        )
    ]
    no_consent = complaint_services.complaint_intake(
        actor=personas["focal_b"], data=intake_data(persons=refusing), submit=True
    )
    complaint_services.complaint_screen(
        actor=personas["coordinator"], complaint=no_consent, classification="sea",
        priority="high", implicated_organisation=agency_a,
    )  # fmt: skip
    client.force_login(personas["coordinator"])
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert re.search(r'data-metric="within24">\s*100%', page)
    assert "of 1 SEA allegations that could be referred" in page
    assert "1 with the affiliation unknown, 1 without consent and not referred" in page

    for counted in (referral.complaint, unknown):  # statistics count consenting survivors
        complaint_services.consent_record(
            actor=personas["coordinator"], complaint=counted,
            survivor=counted.persons.get(is_survivor=True), scope="statistics", given=True,
            given_by="survivor",
        )  # fmt: skip
    settings.AMANA_STATS_THRESHOLD = 1
    stats_rebuild()
    from reports.models import StatCell

    cells = StatCell.objects.filter(dimension="sea_referred_24h", organisation__isnull=True)
    counts = dict.fromkeys(("yes", "no", "not_referable"), 0)
    for cell in cells:
        counts[cell.key] += cell.count
    assert counts == {"yes": 1, "no": 0, "not_referable": 2}
    stats = client.get(reverse("stats-referrals")).json()
    rows = {row["key"]: row["count"] for row in stats["sea_not_referable"]["rows"]}
    assert rows["no"] == 0  # no late case: no noise is invented where there is none
