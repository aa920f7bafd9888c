"""Factories and personas of the victim-of-trafficking registry (issue 14).

Shared by the registry, plans, CTDC and statistics tests: keep the names stable.

- `VictimFactory(organisation=..., created_by=..., **fields)`: a presumed victim, adult,
  with the Palermo elements filled in; `VictimFactory(child=True)` gives a child
  (age band 9-17, minor when exploited) without means.
- `AssistancePlanFactory(victim=...)`, `PlanServiceFactory(plan=..., provider=...)`
  (planned, no consent); `PlanServiceFactory(referred=True, ...)` gives a service referred
  to its provider with the person's consent (what lets a provider see the record).
- `FollowUpFactory(plan=...)`, `NrmReferralFactory(victim=..., authority=...)`.

Fixtures: `ct_a` / `ct_b` (counter-trafficking officers of agencies A and B), `auditor`,
`natc` (the national anti-trafficking commission, a government body), `victim_a` (a
record managed by agency A), `victim_b` (by agency B), `ct_personas` (`personas` plus
ct_a, ct_b and auditor), and `log_complaint`/`intake_data` from the complaints tests.
"""

import datetime

import factory
import pytest
from django.utils import timezone

from core.factories import OrganisationFactory, UserFactory
from core.models import Organisation
from core.roles import Role
from trafficking import codes
from trafficking.models import AssistancePlan, FollowUp, NrmReferral, PlanService, Victim

from ..complaints.conftest import intake_data, log_complaint  # noqa: F401  (fixtures)


class VictimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Victim

    class Params:
        child = factory.Trait(
            age_band=codes.AgeBand.AGE_9_17,
            majority_at_exploitation=codes.Majority.MINOR,
            majority_at_entry=codes.Majority.MINOR,
            means=[],
        )

    organisation = factory.SubFactory(OrganisationFactory)
    created_by = None
    name = "Amira Testvictim"
    alias = "Mira"
    phone = "+90 555 000 1122"
    notes = "Met at the bus station; speaks Arabic and some Turkish."
    gender = codes.Gender.FEMALE
    age_band = codes.AgeBand.AGE_24_26
    majority_at_exploitation = codes.Majority.ADULT
    majority_at_entry = codes.Majority.ADULT
    citizenship = factory.LazyFunction(lambda: ["SYR"])
    exploitation_countries = factory.LazyFunction(lambda: ["TUR"])
    transit_countries = factory.LazyFunction(list)
    acts = factory.LazyFunction(lambda: [codes.Act.RECRUITMENT.value])
    means = factory.LazyFunction(lambda: [codes.Means.DECEPTION.value])
    purposes = factory.LazyFunction(lambda: [codes.Purpose.FORCED_LABOUR.value])
    labour_sectors = factory.LazyFunction(lambda: [codes.LabourSector.AGRICULTURE.value])
    sexual_exploitation_types = factory.LazyFunction(list)
    means_of_control = factory.LazyFunction(lambda: [codes.MeansOfControl.DEBT_BONDAGE.value])
    recruiter_relations = factory.LazyFunction(lambda: [codes.RecruiterRelation.FRIEND.value])
    duration = codes.Duration.MONTHS_1_6


class AssistancePlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssistancePlan

    victim = factory.SubFactory(VictimFactory)
    created_by = factory.SubFactory(UserFactory, roles=[Role.COUNTER_TRAFFICKING])
    needs_assessment = "Needs a safe place to stay and legal advice."
    assessed_on = factory.LazyFunction(timezone.localdate)


class PlanServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanService

    class Params:
        referred = factory.Trait(
            status=codes.PlanServiceStatus.REFERRED,
            consented=True,
            consent_given_by="survivor",
            consent_recorded_at=factory.LazyFunction(timezone.now),
        )

    plan = factory.SubFactory(AssistancePlanFactory)
    service = "shelter"  # pathways.codes.ServiceType
    provider = factory.SubFactory(OrganisationFactory)
    needs = "A room for one adult woman."


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    plan = factory.SubFactory(AssistancePlanFactory)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))


class NrmReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NrmReferral

    victim = factory.SubFactory(VictimFactory)
    authority = factory.LazyFunction(
        lambda: OrganisationFactory(
            name="National Anti-Trafficking Commission",
            acronym="NATC",
            type=Organisation.Type.GOVERNMENT,
        )
    )
    consent_given_by = "survivor"
    shares_identity = False
    referred_by = factory.SubFactory(UserFactory, roles=[Role.COUNTER_TRAFFICKING])
    acknowledgement_due_at = factory.LazyFunction(
        lambda: timezone.now() + datetime.timedelta(days=7)
    )


@pytest.fixture
def ct_a(agency_a):
    return UserFactory(
        username="ct_a", organisation=agency_a, roles=[Role.COUNTER_TRAFFICKING],
        email="ct_a@example.org",
    )  # fmt: skip


@pytest.fixture
def ct_b(agency_b):
    return UserFactory(
        username="ct_b", organisation=agency_b, roles=[Role.COUNTER_TRAFFICKING],
        email="ct_b@example.org",
    )  # fmt: skip


@pytest.fixture
def auditor(agency_a):
    return UserFactory(username="auditor", organisation=agency_a, roles=[Role.AUDITOR])


@pytest.fixture
def natc(db):
    return OrganisationFactory(
        name="National Anti-Trafficking Commission",
        acronym="NATC",
        type=Organisation.Type.GOVERNMENT,
    )


@pytest.fixture
def ct_personas(personas, ct_a, ct_b, auditor):
    return {**personas, "ct_a": ct_a, "ct_b": ct_b, "auditor": auditor}


@pytest.fixture
def victim_a(agency_a, ct_a):
    return VictimFactory(organisation=agency_a, created_by=ct_a)


@pytest.fixture
def victim_b(agency_b, ct_b):
    return VictimFactory(organisation=agency_b, created_by=ct_b)
