from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from focalpoints import views as focalpoints_views
from reports import views as reports_views

# A request too large or malformed answers in the error contract (JSON on the API).
handler400 = "core.errors.bad_request"

urlpatterns = [
    path("", include("core.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("complaints/", include("complaints.urls")),
    path("report/", include("complaints.public_urls")),
    # The dashboard and the notifications kept their paths when they left referrals.
    path("referrals/", include("reports.urls")),
    path("referrals/notifications/", include("notifications.urls")),
    path("referrals/", include("referrals.urls")),
    path("trafficking/", include("trafficking.urls")),
    path("pathways/", include("pathways.urls")),
    path("info/", include("pathways.public_urls")),
    path("focal-points/", include("focalpoints.urls")),
    path("trainings/", include("trainings.urls")),
    path("directory/", focalpoints_views.directory, name="directory"),
    # The location list moved to core with its model: old admin links still work.
    re_path(
        r"^manage/complaints/location/(?P<rest>.*)$",
        RedirectView.as_view(
            url="/manage/core/location/%(rest)s", permanent=True, query_string=True
        ),
    ),
    path("manage/", admin.site.urls),
    path("api/v1/", include("core.api.urls")),
    path("api/v1/", include("complaints.api.urls")),
    path("api/v1/", include("reports.api_urls")),
    path("api/v1/", include("trafficking.api_urls")),
    path("api/v1/docs/", reports_views.ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("stats/keys/", reports_views.api_keys, name="stats-keys"),
    path("stats/keys/<int:pk>/revoke/", reports_views.api_key_revoke, name="stats-key-revoke"),
]
