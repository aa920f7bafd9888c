from django.urls import path

from . import views

app_name = "referrals"

urlpatterns = [
    path(
        "refer/<str:reference>/investigation/",
        views.investigation_refer,
        name="refer-investigation",
    ),
    path("refer/<str:reference>/assistance/", views.assistance_refer, name="refer-assistance"),
    path("investigations/", views.investigation_inbox, name="investigations"),
    path("investigations/<int:pk>/", views.investigation_detail, name="investigation"),
    path("investigations/<int:pk>/package.pdf", views.investigation_package, name="package"),
    path(
        "investigations/<int:pk>/acknowledge/", views.investigation_acknowledge, name="acknowledge"
    ),
    path("investigations/<int:pk>/report/", views.investigation_report, name="report"),
    path("investigations/<int:pk>/withdraw/", views.investigation_withdraw, name="withdraw"),
    path(
        "investigations/<int:pk>/request-consent/",
        views.investigation_request_consent,
        name="request-consent",
    ),
    path("investigations/<int:pk>/reroute/", views.investigation_reroute, name="reroute"),
    path("assistance/", views.assistance_inbox, name="assistance-inbox"),
    path("assistance/<uuid:pk>/", views.assistance_detail, name="assistance"),
    path("assistance/<uuid:pk>/respond/", views.assistance_respond, name="respond"),
]
