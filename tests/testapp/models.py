"""Models that exist only in tests, to exercise the cross-cutting machinery of `core`
before any case model uses it."""

from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from core.crypto import EncryptedModel, EncryptedTextField


class Dossier(EncryptedModel):
    title = models.CharField(max_length=50)
    narrative = EncryptedTextField()
    phone = EncryptedTextField(null=True, blank=True)
    phone_index = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        permissions = [("read_dossier", "Can read the dossier")]


class DossierNote(EncryptedModel):
    """A child record: shares its dossier's data key."""

    data_key_from = "dossier"

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="notes")
    text = EncryptedTextField()


# Direct foreign-key object permissions, as django-guardian's performance guide advises.
class DossierUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Dossier, on_delete=models.CASCADE)


class DossierGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Dossier, on_delete=models.CASCADE)
