"""The complaint's status machine (complaints/status.py), walked both ways: every allowed
transition from every source status, every refused one, and who may make them."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from complaints import codes, services
from complaints.models import Complaint
from complaints.status import PUBLIC_STATUS, TRANSITIONS
from core.errors import ApplicationError
from referrals import services as referral_services

from .conftest import intake_data

pytestmark = pytest.mark.django_db

Status = codes.Status
ALLOWED = [
    (name, source) for name, transition in TRANSITIONS.items() for source in transition.sources
]
REFUSED = [
    (name, status)
    for name, transition in TRANSITIONS.items()
    for status in Status.values
    if status not in transition.sources
]


def in_status(personas, status: str) -> Complaint:
    """A complaint logged by focal point A, put in `status` directly (the test's set-up)."""
    complaint = services.complaint_intake(
        actor=personas["focal_a"], data=intake_data(), submit=status != Status.DRAFT
    )
    Complaint.objects.filter(pk=complaint.pk).update(status=status)
    return Complaint.objects.get(pk=complaint.pk)


def allowed_actor(personas, name: str):
    return personas["focal_a"] if name == "submit" else personas["coordinator"]


def test_the_table_names_every_status_and_the_reporter_reads_each_one():
    reached = {t.target for t in TRANSITIONS.values()} | {
        s for t in TRANSITIONS.values() for s in t.sources
    }
    assert reached == set(Status.values)
    assert set(PUBLIC_STATUS) == set(Status.values)


@pytest.mark.parametrize(("name", "source"), ALLOWED)
def test_every_allowed_transition_moves_the_status_and_records_its_time(personas, name, source):
    complaint = in_status(personas, source)
    transition = TRANSITIONS[name]
    services.complaint_transition(
        actor=allowed_actor(personas, name), complaint=complaint, name=name
    )
    stored = Complaint.objects.get(pk=complaint.pk)
    assert stored.status == transition.target
    if transition.records:
        assert getattr(stored, transition.records) is not None


@pytest.mark.parametrize(("name", "status"), REFUSED)
def test_every_other_transition_is_refused_and_changes_nothing(personas, name, status):
    complaint = in_status(personas, status)
    with pytest.raises(ApplicationError) as refused:
        services.complaint_transition(
            actor=allowed_actor(personas, name), complaint=complaint, name=name
        )
    assert (refused.value.code, refused.value.status) == ("status.not_allowed", 409)
    assert Complaint.objects.get(pk=complaint.pk).status == status


@pytest.mark.parametrize("name", [n for n in TRANSITIONS if n != "submit"])
@pytest.mark.parametrize("who", ["focal_a", "focal_b", "investigator_a", "analyst", "admin"])
def test_only_who_may_screen_moves_a_case(personas, name, who):
    source = sorted(TRANSITIONS[name].sources)[0]
    complaint = in_status(personas, source)
    with pytest.raises(ApplicationError) as refused:
        services.complaint_transition(actor=personas[who], complaint=complaint, name=name)
    assert (refused.value.code, refused.value.status) == ("status.forbidden", 403)
    assert Complaint.objects.get(pk=complaint.pk).status == source


def test_a_recused_coordinator_moves_nothing(personas):
    complaint = in_status(personas, Status.SCREENED)
    other = type(personas["coordinator"]).objects.create(
        username="coordinator_2",
        organisation=personas["coordinator"].organisation,
        is_coordinator=True,
    )
    services.complaint_recuse(actor=other, complaint=complaint, user=personas["coordinator"])
    complaint = Complaint.objects.get(pk=complaint.pk)
    with pytest.raises(ApplicationError, match="may not"):
        services.complaint_transition(
            actor=personas["coordinator"], complaint=complaint, name="close"
        )


def test_only_the_author_submits_a_draft(personas):
    draft = in_status(personas, Status.DRAFT)
    for who in ("focal_b", "coordinator"):
        with pytest.raises(ApplicationError) as refused:
            services.complaint_transition(actor=personas[who], complaint=draft, name="submit")
        assert refused.value.code == "status.forbidden"


def test_referrals_move_the_status_through_the_machine(personas, agency_a):
    complaint = services.complaint_intake(
        actor=personas["focal_b"], data=intake_data(), submit=True
    )
    services.complaint_screen(
        actor=personas["coordinator"], complaint=complaint, classification="sea",
        priority="high", implicated_organisation=agency_a,
    )  # fmt: skip
    referral = referral_services.investigation_refer(
        actor=personas["coordinator"], complaint=complaint
    )
    assert Complaint.objects.get(pk=complaint.pk).status == Status.REFERRED
    # A referred case is no longer screened: the machine refuses, with one clear message.
    with pytest.raises(ApplicationError, match="can no longer be screened"):
        services.complaint_screen(
            actor=personas["coordinator"], complaint=Complaint.objects.get(pk=complaint.pk),
            classification="sea", priority="high", implicated_organisation=agency_a,
        )  # fmt: skip
    referral_services.investigation_withdraw(
        actor=personas["coordinator"], referral=referral, reason="wrong_affiliation"
    )
    # No open referral left: back to the coordinator's "screened", to be referred again.
    assert Complaint.objects.get(pk=complaint.pk).status == Status.SCREENED


def test_a_reporter_whose_report_was_referred_reads_that_it_was_passed_on(
    client, personas, agency_a
):
    data = intake_data(entry_point=codes.EntryPoint.WEB_FORM)
    complaint, code = services.public_report_create(data=data)
    services.complaint_screen(
        actor=personas["coordinator"], complaint=complaint, classification="sea",
        priority="high", implicated_organisation=agency_a,
    )  # fmt: skip
    referral_services.investigation_refer(actor=personas["coordinator"], complaint=complaint)
    page = client.post(reverse("public:follow_up"), {"code": code}).content.decode()
    assert "passed to the people who must act on it" in page
    assert "waiting to be reviewed" not in page


def test_no_code_but_the_transition_service_writes_a_complaints_status():
    root = Path(__file__).resolve().parents[2]
    writes = re.compile(r"complaint\w*\.status\s*=[^=]|Complaint\.objects.*update\([^)]*status=")
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for app in ("core", "notifications", "complaints", "referrals", "reports")
        for path in (root / app).rglob("*.py")
        if "migrations" not in path.parts and path != root / "complaints" / "services.py"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if writes.search(line)
    ]
    assert offenders == []
