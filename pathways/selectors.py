"""Reads of the service map and the information windows, in a fixed number of queries.

Places are a tree three levels deep (admin1 > admin2 > site, `core.models.Location`): a
point covering a place covers every place beneath it, so the points serving a place are
those covering it or one of its ancestors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Value
from django.utils.translation import get_language

from core.models import Location, Organisation

from . import caching
from .codes import (
    PUBLISHABLE_FIELDS,
    Accessibility,
    AgesServed,
    Cost,
    Language,
    ServiceType,
    SexesServed,
    Topic,
)
from .models import InfoWindow, InfoWindowText, ServicePoint

LocationRef = Location | int | None
_LOCATIONS = Prefetch("locations", queryset=Location.objects.select_related("parent__parent"))


def _pk(location: LocationRef) -> int | None:
    return location.pk if isinstance(location, Location) else location


def _self_and_ancestors(location_id: int) -> QuerySet[Location, Any]:
    """The place and the places above it (one subquery; no query of its own)."""
    return Location.objects.filter(
        Q(pk=location_id) | Q(children=location_id) | Q(children__children=location_id)
    ).values("pk")


def _area(location_id: int) -> QuerySet[Location, Any]:
    """The place, the places above it and the places within it."""
    return Location.objects.filter(
        Q(pk=location_id)
        | Q(children=location_id)
        | Q(children__children=location_id)
        | Q(parent=location_id)
        | Q(parent__parent=location_id)
    ).values("pk")


def _active_points() -> QuerySet[ServicePoint]:
    return ServicePoint.objects.filter(is_active=True, organisation__is_active=True)


# --- Referral pathways -----------------------------------------------------------------


def map_covers(service: str) -> bool:
    """Whether the map lists any active point for the service, anywhere."""
    return _active_points().filter(service=service).exists()


def providers_for(service: str, location: LocationRef) -> QuerySet[Organisation]:
    """The organisations to offer for an assistance referral for `service` at `location`:
    those with an active point for the service covering the place or one above it (any
    place when `location` is None). While the map lists no point for the service at all,
    every active network-member organisation (`map_covers` tells which case it is), so a
    deployment that has not drawn its map yet keeps working. One lazy query."""
    points = _active_points().filter(service=service)
    location_id = _pk(location)
    serving = (
        points
        if location_id is None
        else points.filter(locations__in=_self_and_ancestors(location_id))
    )
    return Organisation.objects.filter(
        Q(is_active=True)
        & (Q(pk__in=serving.values("organisation_id")) | (Q(network_member=True) & ~Exists(points)))
    ).order_by("acronym")


@dataclass
class ProviderMap:
    """Every service's providers at one place, for a referral form (`provider_map`)."""

    # service -> [(organisation id, acronym)] serving the place, for services on the map
    serving: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    # services with at least one active point anywhere
    mapped: set[str] = field(default_factory=set)
    # the fallback for a service not on the map: active network members
    everyone: list[tuple[int, str]] = field(default_factory=list)

    def allows(self, service: str, organisation_id: int) -> bool:
        if service not in self.mapped:
            return True
        return any(pk == organisation_id for pk, _acronym in self.serving.get(service, []))


def provider_map(location: LocationRef) -> ProviderMap:
    """What `providers_for` gives, for every service at once, in one query (a row per
    active organisation and service point, the point marked when it covers the place)."""
    location_id = _pk(location)
    covers: Any = Value(True)
    if location_id is not None:
        covers = Exists(
            ServicePoint.locations.through.objects.filter(
                servicepoint_id=OuterRef("service_points__pk"),
                location_id__in=_self_and_ancestors(location_id),
            )
        )
    rows = (
        Organisation.objects.filter(is_active=True)
        .annotate(
            point_service=F("service_points__service"),
            point_active=F("service_points__is_active"),
            covers=covers,
        )
        .order_by("acronym")
        .values_list("pk", "acronym", "network_member", "point_service", "point_active", "covers")
    )
    result = ProviderMap()
    seen: set[int] = set()
    for pk, acronym, member, service, active, covering in rows:
        if member and pk not in seen:
            result.everyone.append((pk, acronym))
        seen.add(pk)
        if service and active:
            result.mapped.add(service)
            offered = result.serving.setdefault(service, [])
            if covering and (pk, acronym) not in offered:
                offered.append((pk, acronym))
    return result


# --- The internal map ----------------------------------------------------------------------


def service_point_list(
    *, service: str = "", location: LocationRef = None, active_only: bool = False
) -> QuerySet[ServicePoint]:
    """Points (with their organisation and places), optionally of one service and of those
    serving a place (covering it, a place above it or one within it). Two queries."""
    points = ServicePoint.objects.select_related("organisation").prefetch_related(_LOCATIONS)
    if active_only:
        points = points.filter(is_active=True, organisation__is_active=True)
    if service:
        points = points.filter(service=service)
    location_id = _pk(location)
    if location_id is not None:
        points = points.filter(
            pk__in=ServicePoint.objects.filter(locations__in=_area(location_id)).values("pk")
        )
    return points.order_by("service", "organisation__acronym", "name")


def location_choices() -> QuerySet[Location]:
    return Location.objects.filter(is_active=True).select_related("parent__parent")


def _labels(values: list[str], choices: Any) -> str:
    names = dict(choices)
    return ", ".join(str(names.get(value, value)) for value in values)


def public_facts(point: ServicePoint) -> list[tuple[str, str]]:
    """The published fields of a point as (label, text), in the current language."""
    shown = set(point.published_fields)
    values = {
        "locations": lambda: "; ".join(str(place) for place in point.locations.all()),
        "address": lambda: point.address,
        "hours": lambda: point.hours,
        "languages": lambda: _labels(point.languages, Language.choices),
        "ages_served": lambda: str(AgesServed(point.ages_served).label),
        "sexes_served": lambda: str(SexesServed(point.sexes_served).label),
        "accessibility": lambda: ". ".join(
            part
            for part in (
                _labels(point.accessibility, Accessibility.choices),
                point.accessibility_note,
            )
            if part
        ),
        "cost": lambda: str(Cost(point.cost).label),
        "contact_phone": lambda: point.contact_phone,
        "contact_email": lambda: point.contact_email,
    }
    facts = []
    for name, label in PUBLISHABLE_FIELDS:
        if name in shown:
            text = values[name]()
            if text:
                facts.append((str(label), text))
    return facts


def _public_points(location_id: int | None) -> list[dict[str, Any]]:
    points = service_point_list(location=location_id, active_only=True).filter(is_published=True)
    return [
        {
            "name": point.name,
            "organisation": point.organisation.name,
            "service": str(ServiceType(point.service).label),
            "facts": public_facts(point),
        }
        for point in points
    ]


def published_points(location: LocationRef = None) -> list[dict[str, Any]]:
    """The public list: published active points (of a place, when given), only their
    published fields, as plain data. Cached per place and language."""
    location_id = _pk(location)
    return caching.cached(
        f"points:{location_id or 'all'}:{get_language()}", lambda: _public_points(location_id)
    )


# --- Information windows ------------------------------------------------------------------


LANGUAGES = [code for code, _name in settings.LANGUAGES]


def info_windows_for_staff() -> list[Any]:
    """Every window with `texts_by_language` and `missing` (languages without a text)."""
    windows: list[Any] = list(
        InfoWindow.objects.select_related("location__parent__parent").prefetch_related("texts")
    )
    for window in windows:
        window.texts_by_language = {text.language: text for text in window.texts.all()}
        window.missing = [code for code in LANGUAGES if code not in window.texts_by_language]
    return windows


def _window_data(window: InfoWindow, texts: dict[str, InfoWindowText], language: str) -> dict:
    text = texts.get(language) or texts.get(settings.LANGUAGE_CODE)
    return {
        "slug": window.slug,
        "route": window.route,
        "location": str(window.location) if window.location_id else "",
        "location_id": window.location_id,
        "hotline": window.hotline,
        "topics": window.topic_labels(),
        "shows_points": Topic.SERVICE_POINTS in window.topics,
        "title": text.title if text else window.slug,
        "body": text.body if text else "",
        "language": text.language if text else settings.LANGUAGE_CODE,
        "fallback": text is None or text.language != language,
    }


def _public_index(language: str) -> list[dict]:
    windows = (
        InfoWindow.objects.filter(is_published=True)
        .select_related("location__parent__parent")
        .prefetch_related(
            Prefetch(
                "texts",
                queryset=InfoWindowText.objects.filter(
                    language__in={language, settings.LANGUAGE_CODE}
                ),
            )
        )
    )
    return [
        _window_data(window, {text.language: text for text in window.texts.all()}, language)
        for window in windows
    ]


def public_index(language: str) -> list[dict]:
    """Published windows in `language` (or English, flagged), cached per language."""
    return caching.cached(f"index:{language}", lambda: _public_index(language))


def _public_window(slug: str, language: str) -> dict | None:
    window = (
        InfoWindow.objects.filter(slug=slug, is_published=True)
        .select_related("location__parent__parent")
        .first()
    )
    if window is None:
        return None
    texts = {
        text.language: text
        for text in InfoWindowText.objects.filter(
            window=window, language__in={language, settings.LANGUAGE_CODE}
        )
    }
    data = _window_data(window, texts, language)
    data["points"] = _public_points(window.location_id) if data["shows_points"] else []
    return data


def public_window(slug: str, language: str) -> dict | None:
    """A published window's page data in `language` (or English, flagged), with the
    published service points of its place when it shows them; None if not published.
    Cached per window and language (`caching`)."""
    return caching.cached(f"window:{slug}:{language}", lambda: _public_window(slug, language))
