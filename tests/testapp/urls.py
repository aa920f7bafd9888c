from django.urls import include, path

from .views import dossier_detail, refuse

urlpatterns = [
    path("test/dossiers/<str:pk>/", dossier_detail, name="test-dossier"),
    path("test/refuse/", refuse, name="test-refuse"),
    path("", include("config.urls")),
]
