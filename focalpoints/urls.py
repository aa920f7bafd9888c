from django.urls import path

from . import views

app_name = "focalpoints"

urlpatterns = [
    path("", views.registry, name="registry"),
    path("export.csv", views.registry_csv, name="registry-csv"),
    path("add/", views.focal_point_edit, name="add"),
    path("<int:pk>/edit/", views.focal_point_edit, name="edit"),
    path("<int:pk>/end/", views.focal_point_end, name="end"),
    path("meetings/", views.meetings, name="meetings"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("assessments/", views.assessments, name="assessments"),
    path("assessments/<int:pk>/", views.assessment, name="assessment"),
    path("safe-hiring/", views.safe_hiring, name="safe-hiring"),
]
