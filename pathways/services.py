"""Writes to the service map and the information windows; each validates, saves and
audits in one transaction, and drops the cached public pages once it commits."""

from __future__ import annotations

from collections.abc import Iterable

import nh3
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_log
from core.errors import ApplicationError
from core.models import Location, User

from . import caching
from .codes import PUBLISHABLE_FIELDS, Accessibility, Language, Topic
from .models import InfoWindow, InfoWindowText, ServicePoint
from .permissions import info_window_access, service_point_access

# What a window's text may hold: structure, emphasis and links, nothing else (no image,
# script, style, frame or event attribute; links only to the web, e-mail or a phone).
ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "h2", "h3", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}
# Slugs that would hide a public page of the app behind a window's.
RESERVED_SLUGS = {"services", "add"}


def sanitise(html: str) -> str:
    """The HTML a window may publish (nh3): the tags above; a link keeps only an http,
    https, mailto or tel address and opens with rel="noopener"."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener",
    ).strip()


def _unknown(values: Iterable[str], allowed: Iterable[str]) -> list[str]:
    return sorted(set(values) - set(allowed))


def _forbidden(message: str) -> ApplicationError:
    return ApplicationError("pathways.forbidden", message, status=403)


@transaction.atomic
def service_point_save(
    *,
    actor: User,
    point: ServicePoint,
    locations: Iterable[Location] | None = None,
    changed: Iterable[str] = (),
) -> ServicePoint:
    """Add or change a service point. Rules: the actor may change points of its
    organisation (`service_point_access`: the coordinator any, a keeper their own); the
    point covers at least one place; languages, accessibility and published fields come
    from their code lists."""
    adding = point._state.adding
    access = service_point_access(actor, point)
    if not access.change:
        raise _forbidden(_("You may change only your own organisation's service points."))
    if locations is not None:
        locations = list(locations)
    if (locations is not None and not locations) or (locations is None and adding):
        raise ApplicationError(
            "servicepoint.no_location",
            _("Choose at least one location the service covers."),
            field="locations",
        )
    for name, values, allowed in (
        ("languages", point.languages, Language.values),
        ("accessibility", point.accessibility, Accessibility.values),
        ("published_fields", point.published_fields, [n for n, _label in PUBLISHABLE_FIELDS]),
    ):
        if _unknown(values, allowed):
            raise ApplicationError(
                "servicepoint.unknown_code", _("Choose from the list."), field=name
            )
    point.updated_by = actor
    point.updated_at = timezone.now()
    point.full_clean(exclude=["updated_by"])
    point.save()
    if locations is not None:
        point.locations.set(locations)
    audit_log(
        actor=actor,
        action="servicepoint.create" if adding else "servicepoint.update",
        obj=point,
        role=access.role,
        detail={
            "fields": sorted(changed),
            "organisation": point.organisation.acronym,
            "service": point.service,
        },
    )
    transaction.on_commit(caching.invalidate)
    return point


@transaction.atomic
def service_point_deactivate(*, actor: User, point: ServicePoint) -> ServicePoint:
    """Take a point off the map (referral forms and public pages); the row stays."""
    access = service_point_access(actor, point)
    if not access.change:
        raise _forbidden(_("You may change only your own organisation's service points."))
    point.is_active = False
    point.updated_by = actor
    point.updated_at = timezone.now()
    point.save(update_fields=["is_active", "updated_by", "updated_at"])
    audit_log(
        actor=actor,
        action="servicepoint.deactivate",
        obj=point,
        role=access.role,
        detail={"organisation": point.organisation.acronym, "service": point.service},
    )
    transaction.on_commit(caching.invalidate)
    return point


@transaction.atomic
def info_window_save(*, actor: User, window: InfoWindow, changed: Iterable[str] = ()) -> InfoWindow:
    """Add or change a window's settings. Rules: the coordinator's; the slug is not one
    of the app's own public addresses; the topics come from their list."""
    access = info_window_access(actor)
    if not access.change:
        raise _forbidden(_("Only the coordinator edits the information pages."))
    adding = window._state.adding
    if window.slug in RESERVED_SLUGS:
        raise ApplicationError(
            "infowindow.reserved_slug", _("This address is taken; choose another."), field="slug"
        )
    if _unknown(window.topics, Topic.values):
        raise ApplicationError(
            "infowindow.unknown_topic", _("Choose from the list."), field="topics"
        )
    window.updated_at = timezone.now()
    window.full_clean()
    window.save()
    audit_log(
        actor=actor,
        action="infowindow.create" if adding else "infowindow.update",
        obj=window,
        role=access.role,
        detail={"fields": sorted(changed), "slug": window.slug},
    )
    transaction.on_commit(caching.invalidate)
    return window


@transaction.atomic
def info_text_save(
    *, actor: User, window: InfoWindow, language: str, title: str, body: str
) -> InfoWindowText:
    """Write one language's text of a window. Rules: the coordinator's; a site language;
    the body is sanitised here (`sanitise`), so what is stored is what may be shown."""
    access = info_window_access(actor)
    if not access.change:
        raise _forbidden(_("Only the coordinator edits the information pages."))
    if language not in dict(settings.LANGUAGES):
        raise ApplicationError(
            "infowindow.unknown_language",
            _("Choose one of the site's languages."),
            field="language",
        )
    text = InfoWindowText.objects.filter(window=window, language=language).first()
    adding = text is None
    if text is None:
        text = InfoWindowText(window=window, language=language)
    text.title = title.strip()
    text.body = sanitise(body)
    text.updated_by = actor
    text.updated_at = timezone.now()
    text.full_clean(exclude=["updated_by"])
    text.save()
    audit_log(
        actor=actor,
        action="infowindow.text.create" if adding else "infowindow.text.update",
        obj=window,
        role=access.role,
        detail={"language": language},
    )
    transaction.on_commit(caching.invalidate)
    return text
