from django.urls import path

from . import views

app_name = "pathways"

urlpatterns = [
    path("services/", views.service_list, name="services"),
    path("services/add/", views.service_point_edit, name="service-add"),
    path("services/print/", views.service_print, name="service-print"),
    path("services/<int:pk>/edit/", views.service_point_edit, name="service-edit"),
    path(
        "services/<int:pk>/deactivate/", views.service_point_deactivate, name="service-deactivate"
    ),
    path("information/", views.info_windows, name="windows"),
    path("information/add/", views.info_window_edit, name="window-add"),
    path("information/<slug:slug>/", views.info_window_edit, name="window-edit"),
    path("information/<slug:slug>/<str:language>/", views.info_text_edit, name="window-text"),
]
