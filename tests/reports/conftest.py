# Reports read every app: their tests build cases and referrals with the same fixtures.
from ..complaints.conftest import complaint_b, location, log_complaint  # noqa: F401
from ..referrals.conftest import (  # noqa: F401
    assistance,
    investigator_b,
    provider_b,
    referral,
    screened,
)
