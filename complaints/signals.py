"""Signals other apps listen to, so this app never imports them."""

from django.dispatch import Signal

# A survivor's consent for one scope ended (withdrawn, or replaced by a refusal). Sent
# inside the transaction of the change, with `complaint`, `survivor` and `scope`; the
# holders of what it allowed (referrals) end their access and tell whoever held it.
consent_ended = Signal()

# A case was closed (sent inside the closure's transaction, with `complaint`): whoever held
# it for a referral gives it back.
case_closed = Signal()

# A case is being purged at the end of its retention period. Both are sent inside the
# purge's transaction, with `complaint`, in this order: on `case_purging` apps above keep
# what they must, everything still there to read (reports: the statistics' counts); on
# `case_deleting` they delete their own rows about it (referrals), then the case goes.
case_purging = Signal()
case_deleting = Signal()
