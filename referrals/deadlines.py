"""Deadlines of the referral steps (computed by notifications.deadlines; each can be
overridden by name in `settings.AMANA_DEADLINES`)."""

from notifications.deadlines import Deadline

SEA_REFERRAL = Deadline("sea_referral", 24, "hours")  # from receipt
ACKNOWLEDGEMENT = Deadline("acknowledgement", 2, "working_days")  # from referral
ASSISTANCE_OFFER_HIGH = Deadline("assistance_referral_high", 24, "hours")  # from receipt
ASSISTANCE_OFFER_MEDIUM = Deadline("assistance_referral_medium", 72, "hours")
PROVIDER_RESPONSE_HIGH = Deadline("provider_response_high", 24, "hours")  # from referral
PROVIDER_RESPONSE_MEDIUM = Deadline("provider_response_medium", 72, "hours")
FEEDBACK = Deadline("feedback", 7, "days")  # from referral, and from the outcome
INVESTIGATION_UPDATE = Deadline("investigation_update", 30, "days")  # from the last update


def provider_response(priority: str) -> Deadline:
    """High-priority cases are answered within the high deadline; low counts as medium."""
    return PROVIDER_RESPONSE_HIGH if priority == "high" else PROVIDER_RESPONSE_MEDIUM
