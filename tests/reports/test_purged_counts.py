"""A purged case still counts (issue 12, point 6): its share of the base cells is kept when
it is purged, so no published figure changes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from complaints import services as complaint_services
from complaints.models import Complaint
from referrals import services as referral_services
from reports.aggregates import stats_rebuild
from reports.models import RetainedCell, StatCell

from ..complaints.conftest import intake_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _policy(settings):
    settings.AMANA_OPERATION_TIME_ZONE = "UTC"
    settings.AMANA_RETENTION_DAYS = {"default": 100, "reason": {}, "category": {}}


def grid() -> list[tuple]:
    return sorted(
        StatCell.objects.values_list(
            "dimension", "month", "admin1_id", "organisation_id", "key", "count"
        ),
        key=repr,
    )


def counted_case(personas, agency, provider_org, *, public=False):
    """A counted SEA case (the survivor consented to statistics) with an investigation
    outcome, an assistance referral and feedback, closed."""
    data = intake_data(feedback_channel="none")
    data.persons[0].consents["statistics"] = True
    if public:
        complaint, _code = complaint_services.public_report_create(data=data)
    else:
        complaint = complaint_services.complaint_intake(
            actor=personas["focal_b"], data=data, submit=True
        )
    complaint = complaint_services.complaint_screen(
        actor=personas["coordinator"], complaint=complaint, classification="sea",
        priority="high", implicated_organisation=agency,
    )  # fmt: skip
    referral = referral_services.investigation_refer(
        actor=personas["coordinator"], complaint=complaint
    )
    referral_services.investigation_acknowledge(actor=personas["investigator_a"], referral=referral)
    referral_services.investigation_report(
        actor=personas["investigator_a"], referral=referral, status="substantiated"
    )
    if not public:
        referral_services.assistance_refer(
            actor=personas["coordinator"], complaint=complaint,
            survivor=complaint.persons.get(is_survivor=True), service="medical",
            provider=provider_org, needs="x",
        )  # fmt: skip
    complaint_services.complaint_close(
        actor=personas["coordinator"], complaint=complaint, reason="substantiated",
        feedback="Thank you; action was taken." if public else "",
    )  # fmt: skip
    return complaint


def test_the_statistics_are_the_same_after_a_purge(personas, agency_a, provider_org):
    first = counted_case(personas, agency_a, provider_org)
    counted_case(personas, agency_a, provider_org)
    counted_case(personas, agency_a, provider_org, public=True)
    stats_rebuild()
    before = grid()
    assert ("status", "closed") in {(d, k) for d, _m, _a, _o, k, _n in before}

    Complaint.objects.update(closed_at=timezone.now() - timedelta(days=101))
    Complaint.objects.filter(pk=first.pk).update(closed_at=timezone.now() - timedelta(days=101))
    assert complaint_services.complaints_purge_expired() == 3
    assert Complaint.objects.count() == 0
    assert RetainedCell.objects.exists()

    stats_rebuild()
    assert grid() == before


def test_a_purge_between_rebuilds_adds_to_what_is_kept(personas, agency_a, provider_org):
    """Two cases of the same month and place, purged on two days: their cells add up."""
    one = counted_case(personas, agency_a, provider_org)
    stats_rebuild()
    single = {(d, k): n for d, _m, _a, o, k, n in grid() if o is None}
    Complaint.objects.filter(pk=one.pk).update(closed_at=timezone.now() - timedelta(days=101))
    complaint_services.complaints_purge_expired()
    two = counted_case(personas, agency_a, provider_org)
    Complaint.objects.filter(pk=two.pk).update(closed_at=timezone.now() - timedelta(days=101))
    complaint_services.complaints_purge_expired()
    stats_rebuild()
    doubled = {(d, k): n for d, _m, _a, o, k, n in grid() if o is None}
    assert doubled == {grain: 2 * n for grain, n in single.items()}


def test_a_case_not_counted_leaves_nothing(personas, agency_a):
    complaint = complaint_services.complaint_intake(
        actor=personas["focal_b"], data=intake_data(feedback_channel="none"), submit=True
    )  # the survivor did not consent to statistics
    complaint_services.complaint_screen(
        actor=personas["coordinator"], complaint=complaint, classification="sea",
        priority="high", implicated_organisation=agency_a,
    )  # fmt: skip
    complaint_services.complaint_close(
        actor=personas["coordinator"], complaint=complaint, reason="withdrawn"
    )
    Complaint.objects.update(closed_at=timezone.now() - timedelta(days=101))
    complaint_services.complaints_purge_expired()
    assert not RetainedCell.objects.exists()


def test_a_public_report_is_in_the_networks_grid_once(personas, agency_a, provider_org):
    """A report with no receiving organisation has no organisation's own cells: a second
    network-wide row for it would stand for the network's cell in the API."""
    counted_case(personas, agency_a, provider_org)
    counted_case(personas, agency_a, provider_org, public=True)
    stats_rebuild()
    grains = [(d, m, a, o, k) for d, m, a, o, k, _n in grid()]
    assert len(grains) == len(set(grains))
    network_status = [n for d, _m, _a, o, k, n in grid() if d == "status" and o is None]
    assert network_status == [2]
