from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .forms import LoginForm

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("core.account_urls")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/keys/", include("core.apikey_urls")),
    path("healthz", views.healthz, name="healthz"),
    path("audit/", views.audit_trail, name="audit-trail"),
    path("audit/export.csv", views.audit_trail_export, name="audit-trail-export"),
]
