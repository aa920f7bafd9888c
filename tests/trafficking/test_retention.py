"""A victim record keeps its identity for the registry's retention period after its plan
closed (or after the person was assessed not to be a victim); then its data key is
destroyed, its codes stay for the statistics, and no one opens it again."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from core.crypto import RecordShredded
from core.models import AuditEvent, DataKey
from trafficking import codes, permissions
from trafficking.models import Victim
from trafficking.services.retention import victim_purge, victims_purge_expired

from .conftest import AssistancePlanFactory, VictimFactory

pytestmark = pytest.mark.django_db
DAYS = 30


def _closed_plan(victim, *, days_ago):
    return AssistancePlanFactory(
        victim=victim,
        status=codes.PlanStatus.CLOSED,
        closed_at=timezone.now() - timedelta(days=days_ago),
        closure_reason=codes.PlanClosure.REINTEGRATED,
    )


@override_settings(AMANA_REGISTRY_RETENTION_DAYS=DAYS)
def test_a_record_whose_plan_closed_long_enough_ago_loses_its_identity_and_keeps_its_codes(
    agency_a, ct_a
):
    victim = VictimFactory(organisation=agency_a, purposes=["sexual", "forced_labour"])
    _closed_plan(victim, days_ago=DAYS + 1)
    kept = VictimFactory(organisation=agency_a)
    _closed_plan(kept, days_ago=DAYS - 1)
    open_plan = VictimFactory(organisation=agency_a)
    AssistancePlanFactory(victim=open_plan)

    assert victims_purge_expired() == 1

    victim = Victim.objects.get(pk=victim.pk)
    assert victim.purged_at is not None
    assert DataKey.objects.get(pk=victim.data_key_id).wrapped_key is None
    with pytest.raises(RecordShredded):
        _ = victim.name
    assert victim.purposes == ["sexual", "forced_labour"]  # still counted
    assert AuditEvent.objects.filter(action="victim.purge", object_id=str(victim.pk)).exists()
    assert Victim.objects.get(pk=kept.pk).name == "Amira Testvictim"
    assert Victim.objects.get(pk=open_plan.pk).purged_at is None


@override_settings(AMANA_REGISTRY_RETENTION_DAYS=DAYS)
def test_a_person_assessed_not_to_be_a_victim_is_purged_after_the_period(agency_a):
    victim = VictimFactory(organisation=agency_a, status=codes.IdentificationStatus.NOT_A_VICTIM)
    Victim.objects.filter(pk=victim.pk).update(updated_at=timezone.now() - timedelta(days=DAYS + 1))
    presumed = VictimFactory(organisation=agency_a)
    Victim.objects.filter(pk=presumed.pk).update(updated_at=timezone.now() - timedelta(days=900))

    assert victims_purge_expired() == 1
    assert Victim.objects.get(pk=victim.pk).purged_at is not None
    assert Victim.objects.get(pk=presumed.pk).purged_at is None  # no plan yet: kept


@override_settings(AMANA_REGISTRY_RETENTION_DAYS=DAYS)
def test_a_record_not_due_is_refused(agency_a):
    victim = VictimFactory(organisation=agency_a)
    AssistancePlanFactory(victim=victim)
    with pytest.raises(Exception, match="not due") as refused:
        victim_purge(victim=victim)
    assert refused.value.status == 409
    assert Victim.objects.get(pk=victim.pk).purged_at is None


@override_settings(AMANA_REGISTRY_RETENTION_DAYS=DAYS)
def test_no_one_opens_a_purged_record_again(client, agency_a, ct_a, personas):
    victim = VictimFactory(organisation=agency_a)
    _closed_plan(victim, days_ago=DAYS + 1)
    victims_purge_expired()
    victim = Victim.objects.get(pk=victim.pk)

    for user in (ct_a, personas["coordinator"]):
        assert permissions.victim_access(user, victim) == permissions.NONE
        assert not Victim.objects.filter(permissions.victim_scope(user), pk=victim.pk).exists()
    client.force_login(personas["coordinator"])
    assert client.get(reverse("trafficking:victim", args=[victim.reference])).status_code == 404
