"""Pages of the reports app. Their paths are kept from before the app existed (an
integration or a bookmark must not notice): see config/urls.py."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
]
