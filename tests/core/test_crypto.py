import base64
import os
from io import StringIO

import pytest
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection

from core import crypto, services
from core.keyring import parse_keyring
from core.models import AuditEvent, DataKey
from tests.testapp.models import Dossier, DossierNote

pytestmark = pytest.mark.django_db

NARRATIVE = "Survivor Amal Haddad said the distributor asked for sex in exchange for food."


def new_key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


def raw_column(model, field: str, pk) -> bytes:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {field} FROM {model._meta.db_table} WHERE id = %s",  # noqa: S608
            [model._meta.pk.get_db_prep_value(pk, connection)],
        )
        return bytes(cursor.fetchone()[0])


def fresh(dossier):
    return Dossier.objects.get(pk=dossier.pk)


def make_dossier(**kwargs):
    return Dossier.objects.create(
        title=kwargs.pop("title", "d"), narrative=kwargs.pop("narrative", NARRATIVE), **kwargs
    )


def test_value_round_trips_and_the_database_holds_no_plaintext():
    dossier = make_dossier(phone="+90 532 123 45 67")
    assert fresh(dossier).narrative == NARRATIVE
    assert fresh(dossier).phone == "+90 532 123 45 67"
    stored = raw_column(Dossier, "narrative", dossier.pk)
    assert b"Amal" not in stored
    assert b"Haddad" not in stored
    assert b"532" not in raw_column(Dossier, "phone", dossier.pk)


def test_token_carries_version_data_key_id_and_nonce():
    dossier = make_dossier()
    token = raw_column(Dossier, "narrative", dossier.pk)
    assert token[0] == crypto.TOKEN_VERSION
    assert token[1:17] == dossier.data_key_id.bytes
    other = make_dossier()
    assert raw_column(Dossier, "narrative", other.pk)[17:29] != token[17:29]  # fresh nonces


def test_each_record_has_its_own_key_and_children_share_their_parents():
    first, second = make_dossier(), make_dossier()
    note = DossierNote.objects.create(dossier=first, text="note")
    assert first.data_key_id != second.data_key_id
    assert DossierNote.objects.get(pk=note.pk).text == "note"
    assert DossierNote.objects.get(pk=note.pk).data_key_id == first.data_key_id


def test_a_value_copied_to_another_row_fails_to_decrypt():
    victim, other = make_dossier(), make_dossier(narrative="other story")
    stolen = raw_column(Dossier, "narrative", victim.pk)
    Dossier.objects.filter(pk=other.pk).update(narrative=stolen)
    with pytest.raises(crypto.DecryptionError):
        fresh(other).narrative  # noqa: B018


def test_a_value_copied_to_another_row_with_the_same_key_fails_to_decrypt():
    dossier = make_dossier()
    first = DossierNote.objects.create(dossier=dossier, text="a")
    second = DossierNote.objects.create(dossier=dossier, text="b")
    DossierNote.objects.filter(pk=second.pk).update(text=raw_column(DossierNote, "text", first.pk))
    with pytest.raises(crypto.DecryptionError):
        DossierNote.objects.get(pk=second.pk).text  # noqa: B018


def test_a_value_copied_to_another_field_fails_to_decrypt():
    dossier = make_dossier(phone="0532")
    Dossier.objects.filter(pk=dossier.pk).update(phone=raw_column(Dossier, "narrative", dossier.pk))
    with pytest.raises(crypto.DecryptionError):
        fresh(dossier).phone  # noqa: B018


def test_a_tampered_value_fails_to_decrypt():
    dossier = make_dossier()
    token = bytearray(raw_column(Dossier, "narrative", dossier.pk))
    token[-1] ^= 1
    Dossier.objects.filter(pk=dossier.pk).update(narrative=bytes(token))
    with pytest.raises(crypto.DecryptionError):
        fresh(dossier).narrative  # noqa: B018


def test_saving_without_changes_keeps_the_token_and_a_change_re_encrypts():
    dossier = fresh(make_dossier())
    before = raw_column(Dossier, "narrative", dossier.pk)
    assert dossier.narrative == NARRATIVE
    dossier.title = "renamed"
    dossier.save()
    assert raw_column(Dossier, "narrative", dossier.pk) == before
    dossier.narrative = "updated story"
    dossier.save()
    assert raw_column(Dossier, "narrative", dossier.pk) != before
    assert fresh(dossier).narrative == "updated story"


def test_deferred_field_loads_and_decrypts():
    dossier = make_dossier()
    assert Dossier.objects.defer("narrative").get(pk=dossier.pk).narrative == NARRATIVE


def test_encrypted_fields_cannot_be_filtered_or_bulk_updated_with_plaintext():
    make_dossier()
    assert Dossier.objects.filter(phone__isnull=True).count() == 1
    with pytest.raises(FieldError):
        list(Dossier.objects.filter(narrative="x"))
    with pytest.raises(TypeError):
        Dossier.objects.update(narrative="plaintext would land unencrypted")


def test_rotation_rewraps_every_key_and_loses_no_value(settings):
    old, new = f"old:{new_key()}", f"new:{new_key()}"
    settings.AMANA_KEYRING = parse_keyring(old)
    dossiers = [make_dossier(narrative=f"story {n}") for n in range(3)]
    shredded = make_dossier()
    services.data_key_shred(actor=None, data_key=shredded.data_key, reason="test")

    settings.AMANA_KEYRING = parse_keyring(f"{new},{old}")
    # While the ring holds both, records are readable before and after rotation.
    assert fresh(dossiers[0]).narrative == "story 0"
    out = StringIO()
    call_command("rotate_keys", stdout=out)
    assert "Re-wrapped 3 data keys under new; 0 left." in out.getvalue()

    settings.AMANA_KEYRING = parse_keyring(new)  # the old key is gone
    assert [fresh(d).narrative for d in dossiers] == ["story 0", "story 1", "story 2"]
    assert set(DataKey.objects.exclude(wrapped_key=None).values_list("kek_id", flat=True)) == {
        "new"
    }
    out = StringIO()
    call_command("rotate_keys", "--check", stdout=out)
    assert out.getvalue().startswith("0 data keys")


def test_a_key_missing_from_the_ring_names_the_variable(settings):
    dossier = make_dossier()
    settings.AMANA_KEYRING = parse_keyring(f"other:{new_key()}")
    with pytest.raises(crypto.DecryptionError, match="AMANA_KEYRING"):
        fresh(dossier).narrative  # noqa: B018


def test_a_shredded_record_is_unreadable_and_the_shredding_is_audited():
    dossier = make_dossier()
    note = DossierNote.objects.create(dossier=dossier, text="n")
    services.data_key_shred(actor=None, data_key=dossier.data_key, reason="retention_expired")
    with pytest.raises(crypto.RecordShredded):
        fresh(dossier).narrative  # noqa: B018
    with pytest.raises(crypto.RecordShredded):
        DossierNote.objects.get(pk=note.pk).text  # noqa: B018
    assert DataKey.objects.get(pk=dossier.data_key_id).wrapped_key is None
    event = AuditEvent.objects.get(action="datakey.shred")
    assert event.detail == {"reason": "retention_expired"}


def test_an_instance_already_in_memory_cannot_read_after_shredding():
    dossier = make_dossier()
    loaded = fresh(dossier)
    services.data_key_shred(actor=None, data_key=loaded.data_key, reason="test")
    with pytest.raises(crypto.RecordShredded):
        loaded.narrative  # noqa: B018


def test_blind_index_matches_normalised_values_without_revealing_them(settings):
    index = crypto.blind_index(
        "+90 532 123 45 67", purpose="phone", normalise=crypto.normalise_phone
    )
    assert index == crypto.blind_index(
        "0532 123 4567", purpose="phone", normalise=crypto.normalise_phone
    )
    assert index != crypto.blind_index(
        "0532 123 4568", purpose="phone", normalise=crypto.normalise_phone
    )
    assert "532" not in index
    name = crypto.blind_index("  José  Álvarez ", purpose="name")
    assert name == crypto.blind_index("jose alvarez", purpose="name")
    assert crypto.blind_index("مُحَمَّد", purpose="name") == crypto.blind_index("محمد", purpose="name")
    assert name != crypto.blind_index("jose alvarez", purpose="perpetrator_name")
    assert crypto.blind_index("", purpose="name") == ""
    settings.AMANA_BLIND_INDEX_KEY = os.urandom(32)
    assert crypto.blind_index("jose alvarez", purpose="name") != name


def test_blind_index_finds_a_match_in_the_database():
    phone_index = crypto.blind_index(
        "0532 123 4567", purpose="phone", normalise=crypto.normalise_phone
    )
    dossier = make_dossier(phone="0532 123 4567", phone_index=phone_index)
    make_dossier(phone="0599 999 9999")
    probe = crypto.blind_index(
        "+90 (532) 123-45-67", purpose="phone", normalise=crypto.normalise_phone
    )
    assert list(Dossier.objects.filter(phone_index=probe)) == [dossier]


def test_a_field_left_out_defaults_to_empty_text():
    dossier = Dossier.objects.create(title="no narrative")
    assert dossier.narrative == ""
    assert fresh(dossier).narrative == ""
    assert fresh(dossier).phone is None
