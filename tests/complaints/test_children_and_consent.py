"""Who may consent for a survivor (issue 11, point 2; DOMAIN.md section 9): an adult for
themself; for a child, a caregiver (with the assent of a child of 12 to 17) or, where no
safe caregiver exists, a documented best-interests determination; never the child alone,
never a caregiver named as an alleged perpetrator."""

import pytest
from django.urls import reverse

from complaints import services
from complaints.models import BestInterestsDetermination, Consent
from complaints.services import PersonData
from core.errors import ApplicationError
from core.models import AuditEvent

from .conftest import intake_data

pytestmark = pytest.mark.django_db

ADULT, CHILD, YOUNG_CHILD, UNKNOWN = "26-59", "12-17", "0-11", "unknown"


def case_with(personas, age_group, perpetrator="Musa Karim"):
    data = intake_data(
        persons=[
            PersonData(roles={"survivor"}, values={"name": "S", "age_group": age_group}),
            PersonData(roles={"perpetrator"}, values={"name": perpetrator}),
        ]
    )
    complaint = services.complaint_intake(actor=personas["focal_a"], data=data, submit=True)
    return complaint, complaint.persons.get(is_survivor=True)


def consent(personas, complaint, survivor, given_by, **extra):
    return services.consent_record(
        actor=personas["coordinator"], complaint=complaint, survivor=survivor,
        scope="medical", given=True, given_by=given_by, **extra,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("age_group", "given_by", "extra", "refusal"),
    [
        (YOUNG_CHILD, "survivor", {}, "consent.child_alone"),
        (CHILD, "survivor", {}, "consent.child_alone"),
        (CHILD, "caregiver", {"caregiver_name": "Amira"}, "consent.assent_missing"),
        (CHILD, "caregiver", {"child_assent": True}, "consent.caregiver_unnamed"),
        (ADULT, "caregiver", {"caregiver_name": "Amira"}, "consent.adult_by_caregiver"),
        (ADULT, "best_interests", {}, "consent.adult_best_interests"),
        (YOUNG_CHILD, "best_interests", {}, "consent.best_interests_missing"),
        (
            YOUNG_CHILD,
            "caregiver",
            {"caregiver_name": "  musa KARIM "},  # the same name, however typed
            "consent.caregiver_implicated",
        ),
    ],
)
def test_a_consent_from_the_wrong_person_is_refused(personas, age_group, given_by, extra, refusal):
    complaint, survivor = case_with(personas, age_group)
    with pytest.raises(ApplicationError) as refused:
        consent(personas, complaint, survivor, given_by, **extra)
    assert refused.value.code == refusal
    assert not Consent.objects.filter(complaint=complaint, scope="medical", given=True).exists()


@pytest.mark.parametrize(
    ("age_group", "given_by", "extra"),
    [
        (ADULT, "survivor", {}),
        (CHILD, "caregiver", {"caregiver_name": "Amira", "child_assent": False}),
        (YOUNG_CHILD, "caregiver", {"caregiver_name": "Amira"}),
        (UNKNOWN, "survivor", {}),
        (UNKNOWN, "caregiver", {"caregiver_name": "Amira"}),
    ],
)
def test_a_consent_from_the_right_person_is_recorded(personas, age_group, given_by, extra):
    complaint, survivor = case_with(personas, age_group)
    recorded = consent(personas, complaint, survivor, given_by, **extra)
    assert recorded.given_by == given_by
    assert recorded.child_assent == extra.get("child_assent")
    assert "Amira" not in str(Consent.objects.filter(pk=recorded.pk).values().get())


def test_a_best_interests_determination_stands_in_for_an_implicated_caregiver(client, personas):
    complaint, survivor = case_with(personas, YOUNG_CHILD)
    client.force_login(personas["coordinator"])
    page = reverse("complaints:detail", args=[complaint.reference])
    client.post(
        reverse("complaints:best-interests", args=[complaint.reference]),
        {
            "survivor": survivor.pk,
            "reason": "caregiver_implicated",
            "notes": "Child-protection officer of SHHC and the coordinator met the child.",
        },
    )
    determination = BestInterestsDetermination.objects.get(complaint=complaint)
    assert determination.reason == "caregiver_implicated"
    assert AuditEvent.objects.filter(action="consent.best_interests").exists()
    client.post(
        reverse("complaints:consent", args=[complaint.reference]),
        {"survivor": survivor.pk, "scope": "medical", "given": "yes", "given_by": "best_interests"},
    )
    assert Consent.objects.get(
        complaint=complaint, scope="medical", withdrawn_at__isnull=True
    ).given_by == ("best_interests")
    shown = client.get(page).content.decode()
    assert "Child-protection officer of SHHC" in shown
    assert "Best-interests determination recorded" in shown  # the timeline


def test_the_case_page_explains_why_a_child_cannot_consent_alone(client, personas):
    complaint, survivor = case_with(personas, YOUNG_CHILD)
    client.force_login(personas["coordinator"])
    response = client.post(
        reverse("complaints:consent", args=[complaint.reference]),
        {"survivor": survivor.pk, "scope": "medical", "given": "yes", "given_by": "survivor"},
        follow=True,
    )
    page = response.content.decode()
    assert "A child never consents alone" in page
    assert 'data-code="consent.child_alone"' in page


def test_an_intake_where_a_young_child_consents_alone_is_refused_with_a_clear_message(
    personas,
):
    data = intake_data(
        persons=[
            PersonData(
                roles={"survivor"},
                values={"age_group": YOUNG_CHILD},
                consents={"medical": True},
                consent_given_by="survivor",
            )
        ]
    )
    with pytest.raises(Exception, match="A child never consents alone"):
        services.complaint_intake(actor=personas["focal_a"], data=data, submit=True)


def test_the_api_takes_a_caregivers_consent_with_the_childs_assent(client, personas):
    client.force_login(personas["focal_a"])
    payload = {
        "entry_point": "hotline",
        "category": "sea",
        "narrative": "Something happened.",
        "persons": [
            {
                "roles": ["survivor"],
                "age_group": CHILD,
                "consents": ["medical"],
                "consent_given_by": "caregiver",
                "consent_child_assent": True,
                "caregiver_name": "Amira",
            }
        ],
    }
    response = client.post(reverse("api-complaints"), payload, content_type="application/json")
    assert response.status_code == 201
    recorded = Consent.objects.get(scope="medical")
    assert (recorded.given_by, recorded.child_assent) == ("caregiver", True)
    alone = {**payload, "persons": [{**payload["persons"][0], "consent_given_by": "survivor"}]}
    refused = client.post(reverse("api-complaints"), alone, content_type="application/json")
    assert refused.status_code == 400
    assert "A child never consents alone" in str(refused.json())


def test_on_a_child_case_of_unknown_age_the_survivor_never_consents_alone(personas):
    data = intake_data(
        subcategory="sex_with_minor",
        persons=[PersonData(roles={"survivor"}, values={"age_group": UNKNOWN})],
    )
    complaint = services.complaint_intake(actor=personas["focal_a"], data=data, submit=True)
    survivor = complaint.persons.get(is_survivor=True)
    with pytest.raises(ApplicationError) as refused:
        consent(personas, complaint, survivor, "survivor")
    assert refused.value.code == "consent.child_alone"
    consent(personas, complaint, survivor, "caregiver", caregiver_name="Amira")


def test_a_caregiver_named_later_as_a_perpetrator_loses_the_consent(personas):
    complaint, survivor = case_with(personas, YOUNG_CHILD, perpetrator="Someone Else")
    given = consent(personas, complaint, survivor, "caregiver", caregiver_name="Uncle Ali")
    services.person_add(
        actor=personas["coordinator"], complaint=complaint,
        data=PersonData(roles={"perpetrator"}, values={"name": "uncle ali"}),
    )  # fmt: skip
    given.refresh_from_db()
    assert given.withdrawn_at is not None


def test_a_reopened_draft_keeps_who_consented(client, personas):
    data = intake_data(
        persons=[
            PersonData(
                roles={"survivor"}, values={"name": "S", "age_group": CHILD},
                consents={"medical": True}, consent_given_by="caregiver",
                consent_child_assent=True, caregiver_name="Amira",
            )
        ]
    )  # fmt: skip
    draft = services.complaint_intake(actor=personas["focal_a"], data=data, submit=False)
    client.force_login(personas["focal_a"])
    page = client.get(reverse("complaints:edit", args=[draft.reference])).content.decode()
    assert '<option value="caregiver" selected>' in page
    assert '<option value="yes" selected>' in page
