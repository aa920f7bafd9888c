import pytest
from django.db import DatabaseError, connection, transaction

from core import services
from core.audit import audit_log, audit_trail_for
from core.models import AuditEvent, Organisation
from core.roles import Role

pytestmark = pytest.mark.django_db


def test_an_event_records_who_as_which_role_from_which_organisation(personas, agency_b):
    coordinator = personas["coordinator"]
    event = audit_log(
        actor=coordinator, action="organisation.view", obj=agency_b, role=Role.COORDINATOR
    )
    assert list(audit_trail_for(agency_b)) == [event]
    event.refresh_from_db()
    assert event.actor == coordinator
    assert event.actor_role == "coordinator"
    assert event.actor_organisation == coordinator.organisation
    assert event.object_type == "core.organisation"
    assert event.object_id == str(agency_b.pk)
    assert event.at is not None


def test_the_event_is_written_with_the_change_and_rolled_back_with_it(personas):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.reference_data_save(
            actor=personas["admin"],
            obj=Organisation(name="Rolled back", acronym="RB", type="ingo"),
            changed=["name"],
        )
        raise RuntimeError("the request failed after the save")
    assert not Organisation.objects.filter(acronym="RB").exists()
    assert not AuditEvent.objects.filter(action="organisation.create").exists()


def test_the_event_names_changed_fields_never_their_values(personas):
    org = services.reference_data_save(
        actor=personas["admin"],
        obj=Organisation(name="Secretive Name", acronym="SN", type="ingo"),
        changed=["name", "acronym"],
    )
    event = AuditEvent.objects.get(action="organisation.create", object_id=str(org.pk))
    assert event.detail == {"fields": ["acronym", "name"]}
    assert "Secretive" not in str(event.detail)


def test_events_cannot_be_changed_or_deleted_through_the_orm(personas):
    event = audit_log(actor=personas["coordinator"], action="x.view")
    event.action = "tampered"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).update(action="tampered")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "x.view"


@pytest.mark.postgres
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE core_auditevent SET action = 'tampered'",
        "DELETE FROM core_auditevent",
    ],
)
def test_postgresql_itself_refuses_to_change_audit_rows(personas, sql):
    event = audit_log(actor=personas["coordinator"], action="x.view")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert AuditEvent.objects.get(pk=event.pk).action == "x.view"
