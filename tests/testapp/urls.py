from django.urls import include, path

from config.urls import handler400  # noqa: F401  (the site's error handlers hold here too)

from .views import RefuseApi, dossier_detail, refuse

urlpatterns = [
    path("test/dossiers/<str:pk>/", dossier_detail, name="test-dossier"),
    path("test/refuse/", refuse, name="test-refuse"),
    path("test/api/refuse/", RefuseApi.as_view(), name="test-refuse-api"),
    path("", include("config.urls")),
]
