"""The assistance plan's and the NRM referral's actions under a record's page, and the
provider's pages. A record's reference is matched by its shape (urls_registry.REFERENCE),
a service, visit or referral by its UUID."""

from django.urls import path, re_path

from .urls_registry import REFERENCE
from .views import plans as views

UUID = r"(?P<pk>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"

urlpatterns = [
    re_path(rf"^{REFERENCE}/plan/open/$", views.plan_open, name="plan-open"),
    re_path(rf"^{REFERENCE}/plan/close/$", views.plan_close, name="plan-close"),
    re_path(rf"^{REFERENCE}/plan/services/add/$", views.plan_service_add, name="plan-service-add"),
    re_path(
        rf"^{REFERENCE}/plan/services/{UUID}/consent/$",
        views.plan_service_consent,
        name="plan-service-consent",
    ),
    re_path(
        rf"^{REFERENCE}/plan/services/{UUID}/refer/$",
        views.plan_service_refer,
        name="plan-service-refer",
    ),
    re_path(
        rf"^{REFERENCE}/plan/services/{UUID}/update/$",
        views.plan_service_update,
        name="plan-service-update",
    ),
    re_path(
        rf"^{REFERENCE}/plan/services/{UUID}/withdraw-consent/$",
        views.plan_service_consent_withdraw,
        name="plan-service-withdraw",
    ),
    re_path(
        rf"^{REFERENCE}/plan/follow-ups/schedule/$",
        views.follow_up_schedule,
        name="follow-up-schedule",
    ),
    re_path(
        rf"^{REFERENCE}/plan/follow-ups/{UUID}/record/$",
        views.follow_up_record,
        name="follow-up-record",
    ),
    re_path(rf"^{REFERENCE}/nrm/refer/$", views.nrm_refer, name="nrm-refer"),
    re_path(
        rf"^{REFERENCE}/nrm/{UUID}/acknowledge/$", views.nrm_acknowledge, name="nrm-acknowledge"
    ),
    re_path(rf"^{REFERENCE}/nrm/{UUID}/withdraw/$", views.nrm_withdraw, name="nrm-withdraw"),
    path("nrm/", views.nrm_inbox, name="nrm-inbox"),
    path("services/", views.provider_inbox, name="provider-inbox"),
    path("services/<uuid:pk>/", views.provider_service, name="provider-service"),
    path(
        "services/<uuid:pk>/update/", views.provider_service_update, name="provider-service-update"
    ),
]
