from django.urls import path

from . import views

app_name = "trainings"

urlpatterns = [
    path("", views.session_list, name="sessions"),
    path("sessions/new/", views.session_new, name="session-new"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/status/", views.session_status, name="session-status"),
    path(
        "sessions/<int:pk>/certificates/<int:participant_pk>/",
        views.certificate,
        name="certificate",
    ),
    path("modules/", views.modules, name="modules"),
    path("reports/", views.reports, name="reports"),
]
