import itertools

import pytest
from django.core.exceptions import ValidationError

from complaints import codes, services
from complaints.models import Complaint, Person
from core.models import AuditEvent

from .conftest import CANARY_NAME, intake_data

pytestmark = pytest.mark.django_db


def test_a_submitted_intake_is_received_with_its_persons_and_consents(personas, log_complaint):
    complaint = log_complaint(personas["focal_a"])
    assert complaint.status == codes.Status.RECEIVED
    assert complaint.receiving_organisation.acronym == "AGA"
    assert complaint.reference.startswith("AM-")
    survivor = Person.objects.get(complaint=complaint, is_survivor=True)
    assert survivor.is_complainant  # one person, two roles
    assert survivor.name == CANARY_NAME
    assert survivor.data_key_id == complaint.data_key_id
    current = {c.scope: c.given for c in complaint.consents.all()}
    assert current["investigation"] is True
    assert current["share_identity"] is False
    assert AuditEvent.objects.filter(
        action="complaint.submit", object_id=str(complaint.pk)
    ).exists()


def test_references_are_random_not_sequential(personas, log_complaint):
    import re

    references = [log_complaint(personas["focal_a"]).reference for _ in range(8)]
    assert len(set(references)) == 8
    assert all(
        re.fullmatch(r"AM-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}", r) for r in references
    )
    # One reference says nothing about the next: consecutive ones differ almost everywhere.
    for first, second in itertools.pairwise(references):
        same = sum(
            a == b
            for a, b in zip(first[3:].replace("-", ""), second[3:].replace("-", ""), strict=True)
        )
        assert same <= 4


def test_a_child_survivor_makes_a_high_priority_child_case(personas, log_complaint):
    from complaints.services import PersonData

    complaint = log_complaint(
        personas["focal_a"],
        persons=[PersonData(roles={"survivor"}, values={"age_group": "12-17"})],
    )
    assert complaint.is_child_case
    assert complaint.priority == codes.Priority.HIGH


@pytest.mark.parametrize(
    "fields",
    [
        {"subcategory": "sex_with_minor"},  # the survivor's age is unknown
        {"category": "other_misconduct", "subcategory": "physical_abuse", "is_child_case": True},
    ],
)
def test_the_subcategory_or_the_tick_makes_a_child_case_whatever_the_ages(
    personas, log_complaint, fields
):
    from complaints.services import PersonData

    complaint = log_complaint(
        personas["focal_a"],
        priority="low",
        persons=[PersonData(roles={"survivor"}, values={"age_group": "unknown"})],
        **fields,
    )
    assert complaint.is_child_case
    assert complaint.priority == codes.Priority.HIGH
    assert complaint.need_to_know


def test_the_same_submission_key_creates_one_complaint(personas):
    import uuid

    key = uuid.uuid4()
    first = services.complaint_intake(
        actor=personas["focal_a"], data=intake_data(), submit=True, submission_key=key
    )
    second = services.complaint_intake(
        actor=personas["focal_a"], data=intake_data(), submit=True, submission_key=key
    )
    assert first.pk == second.pk
    assert Complaint.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"narrative": ""}, "Describe what happened"),
        ({"incident_date_precision": "exact"}, "Give the date of the incident"),
        ({"category": "other_misconduct"}, "subcategory belongs to sexual exploitation"),
    ],
)
def test_a_submission_with_gaps_is_refused_with_a_clear_message(personas, fields, message):
    with pytest.raises(ValidationError, match=message):
        services.complaint_intake(
            actor=personas["focal_a"], data=intake_data(**fields), submit=True
        )
    assert Complaint.objects.count() == 0


def test_a_draft_may_be_incomplete_and_is_finished_later(personas):
    draft = services.complaint_intake(
        actor=personas["focal_a"], data=intake_data(narrative=""), submit=False
    )
    assert draft.status == codes.Status.DRAFT
    done = services.complaint_intake(
        actor=personas["focal_a"], data=intake_data(), submit=True, complaint=draft
    )
    assert done.pk == draft.pk
    assert done.status == codes.Status.RECEIVED
    assert done.persons.count() == 2


def test_identity_consent_needs_investigation_consent(personas):
    from complaints.services import PersonData

    data = intake_data(
        persons=[
            PersonData(
                roles={"survivor"},
                values={},
                consents={"share_identity": True, "investigation": False},
            )
        ]
    )
    with pytest.raises(ValidationError, match="needs consent to refer for investigation"):
        services.complaint_intake(actor=personas["focal_a"], data=data, submit=True)


def test_an_intake_with_many_persons_does_not_reload_its_key_for_each(personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from complaints.services import PersonData

    persons = [PersonData(roles={"survivor"}, values={"name": f"S{n}"}) for n in range(10)]
    with CaptureQueriesContext(connection) as captured:
        services.complaint_intake(
            actor=personas["focal_a"], data=intake_data(persons=persons), submit=True
        )
    reads_of_keys = [
        q["sql"] for q in captured if q["sql"].startswith("SELECT") and "core_datakey" in q["sql"]
    ]
    assert reads_of_keys == []
