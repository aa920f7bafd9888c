"""An investigation still under way holds its case open (registered with
complaints.closure)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from complaints.closure import ClosureCheck, closure_checks
from complaints.models import Complaint

from .models import OPEN_INVESTIGATION


def _investigation_under_way(complaint: Complaint) -> str | None:
    open_referrals = complaint.investigation_referrals.filter(
        withdrawn_at__isnull=True, status__in=OPEN_INVESTIGATION
    )
    if open_referrals.exists():
        return _(
            "A referral for investigation is still open: close the case once it reports its "
            "outcome, or withdraw it."
        )
    return None


closure_checks.register(ClosureCheck("investigation_under_way", _investigation_under_way))
