"""The victim registry's pages. A record's reference ("VT-7KQ9-XW3D") is matched by its
shape, so the other areas' routes under /trafficking/ are never taken for one."""

from django.urls import path, re_path

from .views import registry as views

REFERENCE = r"(?P<reference>VT-[A-Z0-9]{4}-[A-Z0-9]{4})"

urlpatterns = [
    path("", views.victim_list, name="victims"),
    path("new/", views.victim_new, name="victim-new"),
    path(
        "from-complaint/<str:reference>/",
        views.victim_from_complaint,
        name="victim-from-complaint",
    ),
    re_path(rf"^{REFERENCE}/$", views.victim_detail, name="victim"),
    re_path(rf"^{REFERENCE}/edit/$", views.victim_edit, name="victim-edit"),
    re_path(rf"^{REFERENCE}/identify/$", views.victim_identify, name="victim-identify"),
    re_path(rf"^{REFERENCE}/assign/$", views.victim_assign, name="victim-assign"),
]
