from django.urls import path

from . import public_views

app_name = "public"

urlpatterns = [
    path("", public_views.information, name="information"),
    path("new/", public_views.report, name="report"),
    path("follow-up/", public_views.follow_up, name="follow_up"),
]
