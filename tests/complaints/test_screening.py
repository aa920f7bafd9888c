import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from complaints import codes, services
from complaints.selectors import possible_duplicates, with_duplicate_flag
from complaints.services import PersonData
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


def screen(client, complaint, **data):
    return client.post(reverse("complaints:screen", args=[complaint.reference]), data, follow=True)


def test_the_coordinator_classifies_and_the_sea_lock_follows(
    client, personas, complaint_b, agency_a
):
    client.force_login(personas["coordinator"])
    response = screen(
        client,
        complaint_b,
        classification="sea",
        priority="high",
        implicated_organisation=agency_a.pk,
    )
    assert "Saved." in response.content.decode()
    complaint_b.refresh_from_db()
    assert complaint_b.status == codes.Status.SCREENED
    assert complaint_b.need_to_know
    assert complaint_b.implicated_organisation == agency_a
    event = AuditEvent.objects.get(action="complaint.screen")
    assert event.detail["classification"] == "sea"
    assert event.actor_role == "coordinator"


def test_screening_needs_an_organisation_or_unknown(client, personas, complaint_b):
    client.force_login(personas["coordinator"])
    page = screen(client, complaint_b, classification="sea", priority="high").content.decode()
    assert "Name the implicated organisation or mark it unknown." in page
    complaint_b.refresh_from_db()
    assert complaint_b.status == codes.Status.RECEIVED


def test_non_sea_is_forwarded_and_closed_at_network_level(client, personas, complaint_b, agency_b):
    coordinator = personas["coordinator"]
    services.complaint_screen(
        actor=coordinator, complaint=complaint_b, classification="programme_feedback", priority="low",
        implicated_organisation=agency_b,
    )  # fmt: skip
    assert not complaint_b.need_to_know
    client.force_login(coordinator)
    client.post(
        reverse("complaints:forward", args=[complaint_b.reference]), {"organisation": agency_b.pk}
    )
    complaint_b.refresh_from_db()
    assert complaint_b.status == codes.Status.FORWARDED
    assert complaint_b.forwarded_to == agency_b
    assert complaint_b.closed_at is not None


def test_sea_is_never_forwarded(personas, complaint_b, agency_b):
    services.complaint_screen(
        actor=personas["coordinator"], complaint=complaint_b, classification="sea", priority="high",
        implicated_unknown=True,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="SEA is referred"):
        services.complaint_forward(
            actor=personas["coordinator"], complaint=complaint_b, organisation=agency_b
        )


def test_consent_is_recorded_and_withdrawn_with_who_and_when(personas, complaint_b):
    survivor = complaint_b.persons.get(is_survivor=True)
    consent = services.consent_record(
        actor=personas["coordinator"], complaint=complaint_b, survivor=survivor, scope="legal",
        given=True, given_by="survivor",
    )  # fmt: skip
    assert consent.recorded_by == personas["coordinator"]
    assert consent.recorded_at is not None
    services.consent_withdraw(actor=personas["coordinator"], complaint=complaint_b, consent=consent)
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert consent.withdrawn_by == personas["coordinator"]
    assert not complaint_b.consents.filter(scope="legal", withdrawn_at__isnull=True).exists()


def test_a_referral_scope_without_consent_is_refused(personas, complaint_b):
    survivor = complaint_b.persons.get(is_survivor=True)
    complaint_b.consents.filter(scope="investigation").update(given=False)
    with pytest.raises(ValidationError, match="needs consent to refer for investigation"):
        services.consent_record(
            actor=personas["coordinator"], complaint=complaint_b, survivor=survivor,
            scope="share_identity", given=True, given_by="survivor",
        )  # fmt: skip


def test_possible_duplicates_are_found_by_blind_index(personas, log_complaint, agency_b):
    coordinator = personas["coordinator"]
    same_phone = [
        PersonData(roles={"survivor"}, values={"phone": "0555 010 22 33"})
    ]  # same number, other format
    first = log_complaint(personas["focal_a"])
    second = log_complaint(personas["focal_b"], persons=same_phone)
    other = log_complaint(
        personas["focal_b"],
        persons=[PersonData(roles={"survivor"}, values={"phone": "0555 999 9999"})],
    )
    assert list(possible_duplicates(first, user=coordinator)) == [second]
    flags = {
        c.reference: c.possible_duplicate
        for c in with_duplicate_flag(first.__class__.objects.all())
    }
    assert flags == {first.reference: True, second.reference: True, other.reference: False}


def test_same_perpetrator_name_matches_only_within_one_organisation(
    personas, log_complaint, agency_a, agency_b
):
    def log(name, org):
        perpetrator = PersonData(roles={"perpetrator"}, values={"name": name, "affiliation": org})
        survivor = PersonData(roles={"survivor"}, values={})
        return log_complaint(personas["focal_a"], persons=[survivor, perpetrator])

    first = log("Hasan  YILMAZ", agency_a)
    same = log("hasan y\u0131lmaz", agency_a)  # dotless i, as typed in Turkish
    elsewhere = log("Hasan Yilmaz", agency_b)
    found = set(possible_duplicates(first, user=personas["coordinator"]))
    assert same in found
    assert elsewhere not in found


def test_a_recused_user_sees_nothing_from_the_next_request(client, personas, complaint_b, agency_a):
    from core.factories import UserFactory
    from core.roles import Role

    other = UserFactory(organisation=agency_a, roles=[Role.COORDINATOR])
    client.force_login(other)
    detail = reverse("complaints:detail", args=[complaint_b.reference])
    assert client.get(detail).status_code == 200
    services.complaint_recuse(actor=personas["coordinator"], complaint=complaint_b, user=other)
    assert client.get(detail).status_code == 404
    assert complaint_b.reference not in client.get(reverse("complaints:list")).content.decode()


def test_every_view_is_audited_with_whether_identity_was_shown(client, personas, complaint_b):
    client.force_login(personas["coordinator"])
    client.get(reverse("complaints:detail", args=[complaint_b.reference]))
    event = AuditEvent.objects.filter(action="complaint.view").latest("at")
    assert event.actor == personas["coordinator"]
    assert event.detail == {"identity": True}


def test_the_timeline_shows_each_step(client, personas, complaint_b):
    services.complaint_screen(
        actor=personas["coordinator"], complaint=complaint_b, classification="possible_sea",
        priority="high", implicated_unknown=True,
    )  # fmt: skip
    client.force_login(personas["coordinator"])
    page = client.get(reverse("complaints:detail", args=[complaint_b.reference])).content.decode()
    assert "Submitted" in page
    assert "Screened" in page


def test_consent_is_withdrawn_from_the_detail_page(client, personas, complaint_b):
    consent = complaint_b.consents.get(scope="medical")
    client.force_login(personas["coordinator"])
    page = client.get(reverse("complaints:detail", args=[complaint_b.reference])).content.decode()
    assert reverse("complaints:consent-withdraw", args=[complaint_b.reference]) in page
    address = reverse("complaints:consent-withdraw", args=[complaint_b.reference])
    unconfirmed = client.post(address, {"consent": consent.pk}, follow=True).content.decode()
    assert "Tick the box to confirm." in unconfirmed  # an irreversible step asks first
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    client.post(address, {"consent": consent.pk, "confirm": "on"})
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert AuditEvent.objects.filter(action="consent.withdraw").exists()


def test_consent_for_a_person_of_another_complaint_is_refused(
    client, personas, complaint_b, log_complaint
):
    other = log_complaint(personas["focal_a"]).persons.get(is_survivor=True)
    client.force_login(personas["coordinator"])
    response = client.post(
        reverse("complaints:consent", args=[complaint_b.reference]),
        {"survivor": other.pk, "scope": "legal", "given": "yes", "given_by": "survivor"},
        follow=True,
    )
    assert "Choose a survivor of this complaint." in response.content.decode()
    assert not other.consents.filter(scope="legal").exists()


def test_nothing_is_classified_by_default_and_referral_waits_for_screening(
    client, personas, complaint_b
):
    client.force_login(personas["coordinator"])
    detail = reverse("complaints:detail", args=[complaint_b.reference])
    page = client.get(detail).content.decode()
    assert "Screen the complaint as SEA, possible SEA or trafficking to refer it" in page
    assert reverse("referrals:refer-investigation", args=[complaint_b.reference]) not in page
    page = screen(client, complaint_b, priority="high", implicated_unknown="on").content.decode()
    assert "Classification: This field is required." in page
    complaint_b.refresh_from_db()
    assert complaint_b.classification == ""


def test_forwarding_tells_the_agency_and_shows_it_the_case_without_identities(
    client, personas, log_complaint, agency_a
):
    """Issue 11, point 6: the organisation a non-SEA complaint is forwarded to is told,
    and its focal points see the case (not who complained) to act on it."""
    from notifications.models import Notification
    from notifications.outbox import reminders_send

    from .conftest import CANARY_NAME

    complaint = log_complaint(personas["focal_b"], category="other_misconduct", subcategory="fraud")
    case = reverse("complaints:detail", args=[complaint.reference])
    client.force_login(personas["focal_a"])
    assert client.get(case).status_code == 404  # agency A: not theirs yet
    services.complaint_screen(
        actor=personas["coordinator"], complaint=complaint, classification="other_misconduct",
        priority="medium", implicated_organisation=agency_a,
    )  # fmt: skip
    services.complaint_forward(
        actor=personas["coordinator"], complaint=complaint, organisation=agency_a
    )
    reminders_send()
    notice = Notification.objects.get(user=personas["focal_a"])
    assert complaint.reference in notice.text
    page = client.get(case).content.decode()
    assert "canary-distributor" in page  # what happened
    assert CANARY_NAME not in page  # never who
    assert complaint.reference in client.get(reverse("complaints:list")).content.decode()
    client.force_login(personas["investigator_a"])  # only the agency's focal points
    assert client.get(case).status_code == 404


def test_a_locked_case_is_never_forwarded(personas, log_complaint, agency_a):
    """A child case stays locked even as programme feedback: not forwarded, so no other
    agency's focal points read it."""
    complaint = log_complaint(
        personas["focal_b"], category="programme_feedback", subcategory="", is_child_case=True
    )
    services.complaint_screen(
        actor=personas["coordinator"], complaint=complaint, classification="programme_feedback",
        priority="high", implicated_organisation=agency_a,
    )  # fmt: skip
    assert complaint.need_to_know
    with pytest.raises(ValidationError, match="not forwarded"):
        services.complaint_forward(
            actor=personas["coordinator"], complaint=complaint, organisation=agency_a
        )
