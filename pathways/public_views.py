"""The public information pages (/info/): no sign-in, data cached (`caching`)."""

import segno
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import selectors


def _language() -> str:
    return (get_language() or "en").split("-")[0]


def index(request):
    return render(
        request, "pathways/public/index.html", {"windows": selectors.public_index(_language())}
    )


def services(request):
    """Published service points (of one place with ?location=), published fields only."""
    location_id = request.GET.get("location") or None
    try:
        location_id = int(location_id) if location_id else None
    except ValueError:
        raise Http404 from None
    return render(
        request,
        "pathways/public/services.html",
        {"points": selectors.published_points(location_id)},
    )


def _window(slug):
    window = selectors.public_window(slug, _language())
    if window is None:
        raise Http404
    return window


def window(request, slug):
    return render(request, "pathways/public/window.html", {"window": _window(slug)})


def poster(request, slug):
    """An A4 poster: the hotline large, and a QR code (inline SVG) to the report form."""
    window = _window(slug)
    report_url = request.build_absolute_uri(reverse("public:report"))
    qr = segno.make(report_url, error="m").svg_inline(
        scale=6, border=2, title=_("Report form"), light="#fff"
    )
    return render(
        request,
        "pathways/public/poster.html",
        {"window": window, "report_url": report_url, "qr": qr},
    )
