"""The CTDC import and the de-identified export. No path parameter."""

from django.urls import path

from .views import ctdc as views

urlpatterns = [
    path("import/", views.ctdc_import_page, name="ctdc-import"),
    path("export/", views.ctdc_export_page, name="ctdc-export"),
    path("export.csv", views.ctdc_export_csv, name="ctdc-export-csv"),
]
