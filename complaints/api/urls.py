from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from .views import ComplaintDetailApi, ComplaintListCreateApi

urlpatterns = [
    path("complaints/", ComplaintListCreateApi.as_view(), name="api-complaints"),
    path("complaints/<str:reference>/", ComplaintDetailApi.as_view(), name="api-complaint"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
]
