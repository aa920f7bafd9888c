from django.urls import path

from . import apikey_views

urlpatterns = [
    path("", apikey_views.integration_keys, name="account-keys"),
    path("<int:pk>/revoke/", apikey_views.integration_key_revoke, name="account-key-revoke"),
]
