from django.contrib import admin
from django.urls import include, path

from complaints.stats import views as stats_views
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
    path("api/v1/", include("complaints.stats.urls")),
    path("api/v1/docs/", stats_views.ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("stats/keys/", stats_views.api_keys, name="stats-keys"),
    path("stats/keys/<int:pk>/revoke/", stats_views.api_key_revoke, name="stats-key-revoke"),
]
