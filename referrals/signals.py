from django.db.models.signals import post_save
from django.dispatch import receiver

from core.models import User

from .grants import sync_investigator_group


@receiver(post_save, sender=User)
def _keep_investigator_groups_in_step(sender, instance, raw=False, update_fields=None, **kwargs):
    relevant = {"organisation", "organisation_id", "is_investigator", "is_active"}
    if raw or (update_fields is not None and not relevant & set(update_fields)):
        return  # e.g. a sign-in saving last_login
    sync_investigator_group(instance)
