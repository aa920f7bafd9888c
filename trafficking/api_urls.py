from django.urls import path

from .api import VictimDetailApi, VictimListCreateApi

urlpatterns = [
    path("victims/", VictimListCreateApi.as_view(), name="api-victims"),
    path("victims/<str:reference>/", VictimDetailApi.as_view(), name="api-victim"),
]
