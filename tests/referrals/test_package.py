"""The referral package (issue 11, point 7): an investigator or the coordinator exports one
case, as the referred agency may see it, as a printable, paginated PDF laid out like the
inter-agency SEA referral form, watermarked with who exported it and when, audited."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from complaints import services as complaint_services
from complaints.services import PersonData
from core.factories import UserFactory
from core.models import AuditEvent
from core.roles import Role
from referrals import services

from ..complaints.conftest import CANARY_NAME, CANARY_PHONE, CANARY_STORY, intake_data
from .conftest import screen_new_sea_case

pytestmark = pytest.mark.django_db


def pages_of(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    # Without the bidi isolates around values (they are invisible on the page).
    return [
        page.extract_text().replace("\u2068", "").replace("\u2069", "") for page in reader.pages
    ]


def export(client, user, referral):
    client.force_login(user)
    return client.get(reverse("referrals:package", args=[referral.pk]))


def test_the_investigator_exports_the_case_as_the_form_without_the_withheld_identity(
    client, personas, referral
):
    response = export(client, personas["investigator_a"], referral)
    assert response["Content-Disposition"] == (
        f'attachment; filename="referral-{referral.complaint.reference}.pdf"'
    )
    assert response["Cache-Control"] == "no-store"
    text = "\n".join(pages_of(response))
    for part in [
        "SEA incident referral",
        referral.complaint.reference,
        "1. The referral",
        str(referral.organisation),  # referred to
        "2. The complaint",
        "3. What happened",
        CANARY_STORY,
        "4. The implicated entity",
        "Alleged Perp",
        "5. Survivor, complainant and witnesses",
        "6. What the survivor consented to share",
        "No consent to share their identity",
        "Exported by investigator_a",
    ]:
        assert part in text, part
    # The survivor consented to the investigation, not to sharing her identity.
    assert CANARY_NAME not in text
    assert CANARY_PHONE not in text
    assert "Withheld" in text


def test_the_coordinator_exports_what_the_agency_sees_not_what_she_sees(client, personas, referral):
    case_page = export(client, personas["coordinator"], referral)
    text = "\n".join(pages_of(case_page))
    assert "Exported by coordinator" in text
    assert CANARY_STORY in text
    assert CANARY_NAME not in text  # the coordinator sees it; the agency does not


def test_with_her_consent_to_share_the_survivor_is_named_and_reachable(client, personas, agency_a):
    complaint = complaint_services.complaint_intake(
        actor=personas["focal_b"],
        data=intake_data(
            persons=[
                PersonData(
                    roles={"survivor", "complainant"},
                    values={"name": CANARY_NAME, "phone": CANARY_PHONE, "age_group": "26-59"},
                    consents={"investigation": True, "share_identity": True},
                ),
                PersonData(roles={"witness"}, values={"name": "Wanda Witness"}),
                PersonData(roles={"perpetrator"}, values={"name": "Alleged Perp"}),
            ]
        ),
        submit=True,
    )
    complaint_services.complaint_screen(
        actor=personas["coordinator"], complaint=complaint, classification="sea",
        priority="high", implicated_organisation=agency_a,
    )  # fmt: skip
    referral = services.investigation_refer(actor=personas["coordinator"], complaint=complaint)
    text = "\n".join(pages_of(export(client, personas["investigator_a"], referral)))
    assert CANARY_NAME in text
    assert CANARY_PHONE in text
    assert "Consented to take part and to share their identity" in text
    assert "Wanda Witness" not in text  # only her own identity


def test_every_export_is_audited_with_its_role_and_whether_identities_were_in_it(
    client, personas, referral
):
    export(client, personas["investigator_a"], referral)
    export(client, personas["coordinator"], referral)
    events = AuditEvent.objects.filter(action="complaint.export").order_by("id")
    assert [(e.actor.username, e.actor_role) for e in events] == [
        ("investigator_a", "investigator"),
        ("coordinator", "coordinator"),
    ]
    assert all(e.object_id == str(referral.complaint.pk) for e in events)
    assert events[0].detail == {"referral": referral.pk, "identity": False, "format": "pdf"}


def test_a_long_case_runs_over_pages_each_marked_with_its_number_and_the_exporter(
    client, personas, agency_a
):
    story = "\n".join(f"Paragraph {n}: {CANARY_STORY} " * 3 for n in range(80))
    complaint = complaint_services.complaint_intake(
        actor=personas["focal_b"], data=intake_data(narrative=story), submit=True
    )
    complaint_services.complaint_screen(
        actor=personas["coordinator"], complaint=complaint, classification="sea",
        priority="high", implicated_organisation=agency_a,
    )  # fmt: skip
    referral = services.investigation_refer(actor=personas["coordinator"], complaint=complaint)
    pages = pages_of(export(client, personas["investigator_a"], referral))
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert "Exported by investigator_a" in text
        assert "Confidential" in text
    assert "Paragraph 79" in pages[-1] or "Paragraph 79" in pages[-2]


def test_in_arabic_the_package_is_arabic_and_the_phone_keeps_its_order(client, personas, agency_a):
    complaint = complaint_services.complaint_intake(
        actor=personas["focal_b"],
        data=intake_data(
            persons=[
                PersonData(
                    roles={"survivor"},
                    values={"name": CANARY_NAME, "phone": "+963 900 000 111"},
                    consents={"investigation": True, "share_identity": True},
                )
            ]
        ),
        submit=True,
    )
    complaint_services.complaint_screen(
        actor=personas["coordinator"], complaint=complaint, classification="sea",
        priority="high", implicated_organisation=agency_a,
    )  # fmt: skip
    referral = services.investigation_refer(actor=personas["coordinator"], complaint=complaint)
    client.force_login(personas["investigator_a"])
    with translation.override("ar"):
        response = client.get(
            reverse("referrals:package", args=[referral.pk]), HTTP_ACCEPT_LANGUAGE="ar"
        )
    text = "\n".join(pages_of(response))
    assert "SEA incident referral" not in text
    # The number is isolated from the Arabic around it: its digits stay in their order.
    assert "963 900 000 111" in text


@pytest.mark.parametrize(
    "who", ["focal_a", "focal_b", "provider", "analyst", "admin", "investigator_b"]
)
def test_nobody_else_can_export_it(client, personas, referral, investigator_b, who):
    user = investigator_b if who == "investigator_b" else personas[who]
    assert export(client, user, referral).status_code == 404
    assert not AuditEvent.objects.filter(action="complaint.export").exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, referral):
    response = client.get(reverse("referrals:package", args=[referral.pk]))
    assert response.status_code == 302 and "/login" in response["Location"]


def test_a_recused_coordinator_cannot_export_it(client, personas, referral, agency_a):
    other = UserFactory(username="other", organisation=agency_a, roles=[Role.COORDINATOR])
    complaint_services.complaint_recuse(
        actor=other, complaint=referral.complaint, user=personas["coordinator"]
    )
    assert export(client, personas["coordinator"], referral).status_code == 404


def test_a_withdrawn_referral_has_no_package(client, personas, referral):
    services.investigation_withdraw(
        actor=personas["coordinator"], referral=referral, reason="duplicate"
    )
    assert export(client, personas["investigator_a"], referral).status_code == 404
    response = export(client, personas["coordinator"], referral)
    assert response.status_code == 409
    assert b"withdrawn" in response.content


def test_the_referral_page_offers_the_package(client, personas, referral):
    client.force_login(personas["investigator_a"])
    page = client.get(reverse("referrals:investigation", args=[referral.pk])).content.decode()
    assert reverse("referrals:package", args=[referral.pk]) in page


def test_a_second_investigator_of_the_agency_gets_the_same_view(client, personas, agency_a):
    colleague = UserFactory(username="colleague", organisation=agency_a, roles=[Role.INVESTIGATOR])
    complaint = screen_new_sea_case(personas, agency_a)
    referral = services.investigation_refer(actor=personas["coordinator"], complaint=complaint)
    text = "\n".join(pages_of(export(client, colleague, referral)))
    assert "Exported by colleague" in text and CANARY_NAME not in text
