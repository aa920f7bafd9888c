from django.urls import path

from . import views

app_name = "complaints"

urlpatterns = [
    path("", views.complaint_list, name="list"),
    path("new/", views.complaint_intake, name="new"),
    path("<str:reference>/", views.complaint_detail, name="detail"),
    path("<str:reference>/edit/", views.complaint_intake, name="edit"),
    path("<str:reference>/submitted/", views.complaint_submitted, name="submitted"),
    path("<str:reference>/screen/", views.complaint_screen, name="screen"),
    path("<str:reference>/forward/", views.complaint_forward, name="forward"),
    path("<str:reference>/feedback/", views.complaint_feedback, name="feedback"),
    path("<str:reference>/recuse/", views.complaint_recuse, name="recuse"),
    path("<str:reference>/close/", views.complaint_close, name="close"),
    path("<str:reference>/notes/", views.complaint_note, name="note"),
    path("<str:reference>/persons/", views.complaint_person_add, name="person-add"),
    path("<str:reference>/attachments/", views.complaint_attachments_add, name="attachments-add"),
    path("<str:reference>/reopen/", views.complaint_reopen, name="reopen"),
    path("<str:reference>/consent/", views.complaint_consent, name="consent"),
    path(
        "<str:reference>/best-interests/",
        views.complaint_best_interests,
        name="best-interests",
    ),
    path(
        "<str:reference>/consent/withdraw/",
        views.complaint_consent_withdraw,
        name="consent-withdraw",
    ),
    path(
        "<str:reference>/attachments/<uuid:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
    path(
        "<str:reference>/attachments/<uuid:attachment_id>/original/",
        views.attachment_original,
        name="attachment-original",
    ),
]
