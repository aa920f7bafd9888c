from django.urls import path

from . import public_views

app_name = "info"

urlpatterns = [
    path("", public_views.index, name="index"),
    path("services/", public_views.services, name="services"),
    path("<slug:slug>/", public_views.window, name="window"),
    path("<slug:slug>/poster/", public_views.poster, name="poster"),
]
