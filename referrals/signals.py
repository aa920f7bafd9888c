from typing import Any

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from complaints import codes
from complaints.models import Consent
from complaints.signals import case_closed, case_deleting, consent_ended
from core.models import User
from notifications.services import notice_queue

from .grants import revoke, sync_grants
from .models import AssistanceReferral, AssistanceStatus, InvestigationReferral

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


# Consents that gave an investigator the survivor's identity.
IDENTITY_SCOPES = {codes.ConsentScope.INVESTIGATION, codes.ConsentScope.SHARE_IDENTITY}


@receiver(consent_ended)
def _tell_the_holders_access_ended(sender, complaint, survivor, scope, **kwargs):
    """Access ends by itself (the access functions read the current consents); here the
    holders are told that it ended, never why: the provider of each referral for that
    service, the investigators of each open referral when the identity was shared."""
    now = timezone.now()
    # The identity was shared only while both consents stood: the one that ended, and
    # the other one, still current. Otherwise the investigators had nothing to lose.
    other = (IDENTITY_SCOPES - {scope}).pop() if scope in IDENTITY_SCOPES else None
    had_identity = (
        other is not None
        and Consent.objects.standing().filter(survivor=survivor, scope=other).exists()
    )
    if had_identity:
        for referral in InvestigationReferral.objects.filter(
            complaint=complaint, withdrawn_at__isnull=True
        ):
            notice_queue(kind="access_ended", subject=referral, due_at=now)
    for referral in AssistanceReferral.objects.filter(survivor=survivor, service=scope).exclude(
        status__in=[AssistanceStatus.DECLINED, AssistanceStatus.DECLINED_BY_SURVIVOR]
    ):
        notice_queue(kind="access_ended", subject=referral, due_at=now)


@receiver(case_closed)
def _give_back_a_closed_case(sender, complaint, **kwargs):
    """A closed case is no longer any agency's to read: its referral grants go."""
    for referral in InvestigationReferral.objects.filter(complaint=complaint).select_related(
        "organisation"
    ):
        revoke(complaint, referral.organisation)


@receiver(case_deleting)
def _delete_a_purged_cases_referrals(sender, complaint, **kwargs):
    """A purged case's referrals go with it (their figures are kept by reports first)."""
    for referral in InvestigationReferral.objects.filter(complaint=complaint).select_related(
        "organisation"
    ):
        revoke(complaint, referral.organisation)
    AssistanceReferral.objects.filter(complaint=complaint).delete()
    InvestigationReferral.objects.filter(complaint=complaint).delete()
