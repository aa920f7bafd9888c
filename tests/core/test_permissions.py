"""An object a user may not see answers 404, exactly like one that does not exist.

Per-object grants are django-guardian rows in direct foreign-key tables, given to a user
or to a group (e.g. one agency's investigators), and revoked with effect on the next
request.
"""

import re
import uuid

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from guardian.shortcuts import assign_perm, remove_perm

from tests.testapp.models import Dossier, DossierGroupObjectPermission, DossierUserObjectPermission

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier():
    return Dossier.objects.create(title="case 17", narrative="n")


def url(pk):
    return reverse("test-dossier", args=[pk])


def get(client, user, pk):
    if user is not None:
        client.force_login(user)
    return client.get(url(pk))


# persona -> status for a dossier granted to nobody
MATRIX = {
    "focal_a": 404,
    "focal_b": 404,
    "coordinator": 200,
    "investigator_a": 404,
    "provider": 404,
    "analyst": 404,
    "admin": 404,
    None: 404,  # anonymous
}


@pytest.mark.parametrize(("persona", "status"), MATRIX.items())
def test_who_sees_an_ungranted_object(client, personas, dossier, persona, status):
    response = get(client, personas.get(persona), dossier.pk)
    assert response.status_code == status


@pytest.mark.parametrize("persona", [p for p, s in MATRIX.items() if s == 404])
def test_a_hidden_object_looks_exactly_like_a_missing_one(client, personas, dossier, persona):
    hidden = get(client, personas.get(persona), dossier.pk)
    missing = client.get(url(uuid.uuid4()))
    garbage = client.get(url("not-a-uuid"))
    assert hidden.status_code == missing.status_code == garbage.status_code == 404
    assert page(hidden) == page(missing) == page(garbage)


def page(response) -> str:
    """The page without its per-response CSRF token and the echo of its own address."""
    return re.sub(r'name="(csrfmiddlewaretoken|next)" value="[^"]+"', "", response.content.decode())


def test_a_user_grant_opens_one_object_and_its_revocation_closes_it_at_once(
    client, personas, dossier
):
    investigator = personas["investigator_a"]
    other = Dossier.objects.create(title="other", narrative="n")
    assign_perm("testapp.read_dossier", investigator, dossier)
    assert DossierUserObjectPermission.objects.filter(content_object=dossier).count() == 1
    assert get(client, investigator, dossier.pk).status_code == 200
    assert get(client, investigator, other.pk).status_code == 404

    remove_perm("testapp.read_dossier", investigator, dossier)
    assert client.get(url(dossier.pk)).status_code == 404


def test_a_group_grant_opens_the_object_to_every_member(client, personas, dossier):
    group = Group.objects.create(name="agency-a-case-team")
    personas["investigator_a"].groups.add(group)
    assign_perm("testapp.read_dossier", group, dossier)
    assert DossierGroupObjectPermission.objects.filter(content_object=dossier).count() == 1
    assert get(client, personas["investigator_a"], dossier.pk).status_code == 200
    assert get(client, personas["focal_b"], dossier.pk).status_code == 404

    personas["investigator_a"].groups.remove(group)
    assert get(client, personas["investigator_a"], dossier.pk).status_code == 404


def test_a_superuser_flag_alone_opens_nothing(client, agency_a, dossier):
    from core.factories import UserFactory

    root = UserFactory(organisation=agency_a, is_superuser=True, is_staff=True)
    assert get(client, root, dossier.pk).status_code == 404
