"""Account pages under /accounts/: the second factor and the account requests."""

from django.urls import path

from . import account_views

urlpatterns = [
    path("second-factor/", account_views.second_factor_verify, name="second-factor"),
    path("second-factor/enrol/", account_views.second_factor_enrol, name="second-factor-enrol"),
    path(
        "second-factor/recovery-codes/",
        account_views.second_factor_recovery_codes,
        name="second-factor-recovery-codes",
    ),
    # Not under second-factor/: those pages are open before the code is entered.
    path("recovery-codes/new/", account_views.recovery_codes_renew, name="recovery-codes-renew"),
    path("requests/", account_views.account_requests, name="account-requests"),
    path(
        "requests/<int:pk>/decide/",
        account_views.account_request_decide,
        name="account-request-decide",
    ),
]
