from django.urls import include, path

from .views import dossier_detail

urlpatterns = [
    path("test/dossiers/<str:pk>/", dossier_detail, name="test-dossier"),
    path("", include("config.urls")),
]
