from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny

from .views import ComplaintDetailApi, ComplaintListCreateApi

urlpatterns = [
    path("complaints/", ComplaintListCreateApi.as_view(), name="api-complaints"),
    path("complaints/<str:reference>/", ComplaintDetailApi.as_view(), name="api-complaint"),
    # The schema describes endpoints, never data: integrators may read it before signing in.
    path("schema/", SpectacularAPIView.as_view(permission_classes=[AllowAny]), name="api-schema"),
]
