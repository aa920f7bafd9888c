"""The audit trail page (issue 12, point 7): who read or changed which case, when, for
auditors and coordinators only; filtered, paginated, exported as CSV safe to open in a
spreadsheet, never showing what a case says, and itself recorded."""

import csv
import io
from datetime import datetime, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from complaints import codes, services
from complaints.models import Complaint, Person
from core.audit import audit_log
from core.factories import OrganisationFactory, UserFactory
from core.models import AuditEvent
from core.permissions import audit_trail_access
from core.roles import Role
from core.selectors import WITHHELD
from tests.complaints.conftest import CANARY_NAME, CANARY_PHONE, CANARY_STORY, intake_data

pytestmark = pytest.mark.django_db

TRAIL = reverse("audit-trail")
EXPORT = reverse("audit-trail-export")


@pytest.fixture
def auditor(agency_a):
    return UserFactory(username="auditor", organisation=agency_a, roles=[Role.AUDITOR])


@pytest.fixture
def auditor_b(agency_b):
    return UserFactory(username="auditor_b", organisation=agency_b, roles=[Role.AUDITOR])


@pytest.fixture
def complaint(personas):
    return services.complaint_intake(actor=personas["focal_a"], data=intake_data(), submit=True)


def text(response) -> str:
    return (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else response.content.decode()
    )


def exported(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text(response))))


# --- Who may read it: every role x events of their own and of another organisation -----

# The trail is the network's: an auditor or coordinator reads every organisation's events
# (their own and the other), everyone else reads none of them (404, as for no page).
MATRIX = [
    ("auditor", True),
    ("auditor_b", True),
    ("coordinator", True),
    ("focal_a", False),
    ("focal_b", False),
    ("investigator_a", False),
    ("provider", False),
    ("analyst", False),
    ("admin", False),
]


@pytest.mark.parametrize(("who", "sees"), MATRIX)
@pytest.mark.parametrize("url", [TRAIL, EXPORT])
def test_who_reads_the_trail(client, personas, auditor, auditor_b, who, sees, url):
    users = {**personas, "auditor": auditor, "auditor_b": auditor_b}
    own = users[who].organisation
    other = personas["focal_b"] if own != personas["focal_b"].organisation else personas["focal_a"]
    same = UserFactory(username="colleague", organisation=own, roles=[Role.FOCAL_POINT])
    audit_log(actor=same, action="user.login", obj=same)
    audit_log(actor=other, action="user.login", obj=other)
    client.force_login(users[who])
    response = client.get(url)
    if not sees:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    body = text(response)
    assert "colleague" in body  # an event of their own organisation
    assert other.username in body  # and one of the other


def test_signed_out_visitors_are_sent_to_sign_in(client):
    assert client.get(TRAIL).status_code == 302
    assert client.get(EXPORT).status_code == 302


def test_an_inactive_auditor_and_a_superuser_read_nothing(client, auditor):
    auditor.is_active = False
    assert not audit_trail_access(auditor).view
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(superuser)
    assert client.get(TRAIL).status_code == 404
    assert client.get(EXPORT).status_code == 404


def test_only_auditors_and_coordinators_have_the_link(client, personas, auditor):
    for who, link in [(auditor, True), (personas["coordinator"], True), (personas["admin"], False)]:
        client.force_login(who)
        assert (TRAIL in client.get(reverse("home")).content.decode()) is link


def test_an_administrator_cannot_also_be_an_auditor(agency_a):
    user = UserFactory.build(organisation=agency_a, roles=[Role.ADMIN, Role.AUDITOR])
    with pytest.raises(Exception, match="cannot also hold"):
        user.clean()


# --- What it shows ----------------------------------------------------------------------


def test_it_shows_who_read_which_case_when_acting_as_what(client, personas, auditor, complaint):
    coordinator = personas["coordinator"]
    client.force_login(coordinator)
    assert client.get(reverse("complaints:detail", args=[complaint.reference])).status_code == 200
    client.force_login(auditor)
    page = client.get(TRAIL).content.decode()
    assert complaint.reference in page
    assert "complaint.view" in page
    assert "coordinator · Coordinator · AGA" in page
    assert "complaint.submit" in page and "focal_a · Focal point · AGA" in page


def test_it_never_shows_what_a_case_says(client, personas, auditor, complaint):
    """Events hold ids and codes: after intake, reading, screening and recusal the page and
    the export hold none of the case's words. A value that is not a code is withheld."""
    coordinator = personas["coordinator"]
    client.force_login(coordinator)
    client.get(reverse("complaints:detail", args=[complaint.reference]))
    services.complaint_screen(
        actor=coordinator,
        complaint=Complaint.objects.get(pk=complaint.pk),
        classification=codes.Classification.SEA,
        priority=codes.Priority.HIGH,
        implicated_organisation=personas["focal_b"].organisation,
    )
    services.complaint_recuse(actor=coordinator, complaint=complaint, user=personas["focal_b"])
    audit_log(actor=coordinator, action="test.mistake", detail={"note": CANARY_NAME})
    client.force_login(auditor)
    for response in (client.get(TRAIL), client.get(EXPORT)):
        body = text(response)
        for canary in (CANARY_NAME, "Canarywoman", CANARY_PHONE, CANARY_STORY, "canary"):
            assert canary not in body
        assert "note: [withheld]" in body
        assert "classification: sea" in body


def test_filters(client, personas, auditor, complaint):
    other = services.complaint_intake(actor=personas["focal_b"], data=intake_data(), submit=True)
    old = AuditEvent.objects.create(
        at=timezone.now() - timedelta(days=10),
        actor=personas["investigator_a"],
        actor_organisation=personas["investigator_a"].organisation,
        action="referral.investigation.acknowledge",
        object_type="complaints.complaint",
        object_id=str(complaint.pk),
    )
    client.force_login(auditor)

    def rows(**query):
        response = client.get(TRAIL, query)
        assert response.status_code == 200
        return response.content.decode()

    by_case = rows(reference=complaint.reference.lower())
    assert complaint.reference in by_case and other.reference not in by_case
    by_actor = rows(actor=personas["focal_b"].pk)
    assert other.reference in by_actor and complaint.reference not in by_actor
    by_organisation = rows(organisation=personas["focal_a"].organisation.pk)
    assert complaint.reference in by_organisation and other.reference not in by_organisation
    by_action = rows(action="referral.")
    assert "referral.investigation.acknowledge" in by_action
    assert "complaint.submit" not in by_action
    day = timezone.localdate(old.at).isoformat()
    by_dates = rows(date_from=day, date_to=day)
    assert "referral.investigation.acknowledge" in by_dates and "complaint.submit" not in by_dates
    assert "No events match." in rows(reference="AM-XXXX-XXXX")
    assert "The first day comes after the last." in rows(
        date_from="2026-02-02", date_to="2026-01-01"
    )


def test_pages_of_fifty(client, auditor, personas):
    start = timezone.now() - timedelta(hours=1)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            at=start + timedelta(seconds=n), actor=personas["focal_a"], action=f"test.n{n:02}"
        )
        for n in range(60)
    )
    client.force_login(auditor)
    first = client.get(TRAIL, {"action": "test."}).content.decode()
    assert "test.n59" in first and "test.n10" in first and "test.n09" not in first
    assert "Page 1 of 2" in first and "page=2" in first
    second = client.get(TRAIL, {"action": "test.", "page": 2}).content.decode()
    assert "test.n09" in second and "test.n00" in second and "test.n10" not in second


def test_a_recused_coordinator_sees_nothing_of_that_case(client, personas, complaint):
    colleague = UserFactory(
        username="coordinator2", organisation=personas["coordinator"].organisation,
        roles=[Role.COORDINATOR],
    )  # fmt: skip
    services.complaint_recuse(actor=personas["coordinator"], complaint=complaint, user=colleague)
    client.force_login(colleague)
    shown = f'<span class="reference">{complaint.reference}</span>'
    assert shown not in client.get(TRAIL).content.decode()
    by_case = client.get(TRAIL, {"reference": complaint.reference}).content.decode()
    assert shown not in by_case and "No events match." in by_case
    assert str(complaint.pk) not in text(client.get(EXPORT))
    client.force_login(personas["coordinator"])
    assert shown in client.get(TRAIL).content.decode()


# --- Reading it is recorded -----------------------------------------------------------


def test_looking_is_recorded_with_the_filters(client, auditor, personas):
    client.force_login(auditor)
    client.get(TRAIL, {"actor": personas["focal_a"].pk, "action": "complaint.", "page": 1})
    event = AuditEvent.objects.filter(action="audit.view").get()
    assert event.actor == auditor
    assert event.actor_role == "auditor"
    assert event.detail == {"actor": personas["focal_a"].pk, "action": "complaint.", "page": 1}


def test_exporting_is_recorded_with_the_row_count(client, personas):
    coordinator = personas["coordinator"]
    audit_log(actor=personas["focal_a"], action="user.login", obj=personas["focal_a"])
    audit_log(actor=personas["focal_b"], action="user.login", obj=personas["focal_b"])
    client.force_login(coordinator)  # a third sign-in
    rows = exported(client.get(EXPORT, {"action": "user.login"}))
    assert len(rows) == 1 + 3  # the header and the three sign-ins
    event = AuditEvent.objects.filter(action="audit.export").get()
    assert (event.actor, event.actor_role) == (coordinator, "coordinator")
    assert event.detail == {"action": "user.login", "rows": 3}


# --- The export -----------------------------------------------------------------------


def test_the_export_is_a_csv_of_every_matching_row(client, auditor, personas, complaint):
    client.force_login(auditor)
    response = client.get(EXPORT, {"reference": complaint.reference})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-trail-')
    header, *rows = exported(response)
    assert header[:3] == ["When (UTC)", "Account id", "Account"]
    (row,) = rows
    assert row[1:] == [
        str(personas["focal_a"].pk), "focal_a", "focal_point", "AGA", "complaint.submit",
        "complaints.complaint", str(complaint.pk), complaint.reference,
        "attachments: 0; persons: 2; source: staff",
    ]  # fmt: skip
    assert datetime.fromisoformat(row[0]).tzinfo is not None


def test_exported_cells_never_start_a_formula(client, auditor):
    """A spreadsheet runs a cell starting with = + - @ (or a tab or return): such cells are
    exported with a leading apostrophe, so they open as text."""
    evil_org = OrganisationFactory(name="Evil", acronym="=HYPERLINK(1)")
    for name in ("-2+3", "@SUM", "+cmd", "=cmd"):
        user = UserFactory(username=name, organisation=evil_org)
        audit_log(actor=user, action="user.login", obj=user)
    AuditEvent.objects.create(action="\tsneaky", detail={"@x": "=1+1"})
    client.force_login(auditor)
    cells = [cell for row in exported(client.get(EXPORT)) for cell in row]
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    for name in ("'-2+3", "'@SUM", "'+cmd", "'=cmd", "'=HYPERLINK(1)", "'\tsneaky"):
        assert name in cells


def test_every_event_of_the_demo_journeys_holds_codes_only(client, auditor):
    """The check behind "never shows identifying data": after the demo's intakes,
    screenings, referrals and answers, every detail value in the trail is an id, a code,
    a date or a number (nothing is withheld), and no person's name, phone or story is in
    the export."""
    call_command("seed_demo", stdout=io.StringIO())
    words = [
        value
        for person in Person.objects.all()
        for value in (person.name, person.phone, person.address)
        if value
    ] + [complaint.narrative[:30] for complaint in Complaint.objects.all()]
    assert len(words) >= 6
    client.force_login(auditor)
    body = text(client.get(EXPORT))
    assert body.count("\n") > 20
    assert WITHHELD not in body
    for word in words:
        assert word not in body
