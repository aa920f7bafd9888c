from typing import Any

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from core.models import User

from .grants import sync_grants

# A change to any of these can change who acts for an agency on its referrals.
RELEVANT = {"organisation", "organisation_id", "is_investigator", "is_focal_point", "is_active"}


def _relevant(raw: bool, update_fields: Any) -> bool:
    # Not e.g. a sign-in saving last_login.
    return not raw and (update_fields is None or bool(RELEVANT & set(update_fields)))


@receiver(pre_save, sender=User)
def _remember_the_organisation(sender, instance, raw=False, update_fields=None, **kwargs):
    if instance.pk and _relevant(raw, update_fields):
        instance._previous_organisation_id = (
            User.objects.filter(pk=instance.pk).values_list("organisation_id", flat=True).first()
        )


@receiver(post_save, sender=User)
def _keep_grants_in_step(sender, instance, raw=False, update_fields=None, **kwargs):
    if _relevant(raw, update_fields):
        sync_grants(
            instance,
            previous_organisation_id=getattr(instance, "_previous_organisation_id", None),
        )
