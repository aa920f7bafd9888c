from django.contrib import admin
from django.urls import include, path

from focalpoints import views as focalpoints_views

urlpatterns = [
    path("", include("core.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("complaints/", include("complaints.urls")),
    path("report/", include("complaints.public_urls")),
    path("referrals/", include("referrals.urls")),
    path("focal-points/", include("focalpoints.urls")),
    path("trainings/", include("trainings.urls")),
    path("directory/", focalpoints_views.directory, name="directory"),
    path("manage/", admin.site.urls),
    path("api/v1/", include("core.api.urls")),
    path("api/v1/", include("complaints.api.urls")),
]
