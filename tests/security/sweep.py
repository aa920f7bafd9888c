"""Every URL pattern of the app, each with its path parameters filled from the attacker's
world (tests/security/world.py): the objects of another organisation.

`PARAMETERS` maps a pattern's name (or, for a pattern without one, its route) to a
function giving the parameters to try; a pattern with parameters and no entry here fails
`test_every_pattern_with_parameters_has_a_factory`, so a new URL is swept as soon as it
exists. The admin site's model pages are filled generically, from the model they serve.
`OPEN_TO` names the personas for whom an object of the world is theirs to read by
design (network-wide records, the administrator's accounts pages): only they may get a
200 there, and even then no secret may show.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver

from core import services as core_services
from core.models import AccountRequest

from .world import World

PERSONAS = [
    "anonymous", "focal_a", "coordinator", "investigator_a", "provider", "analyst", "admin",
    "ct_a",
]  # fmt: skip
NETWORK = frozenset(PERSONAS) - {"anonymous"}  # every persona's organisation is a network member


@dataclass(frozen=True)
class Pattern:
    route: str  # the full route, e.g. "complaints/<str:reference>/"
    name: str  # "complaints:detail"; "" for an unnamed pattern

    @property
    def key(self) -> str:
        return self.name or self.route

    @property
    def parameters(self) -> list[str]:
        return [a or b for a, b in re.findall(r"\(\?P<(\w+)>|<(?:\w+:)?(\w+)>", self.route)]

    def url(self, values: dict[str, Any]) -> str:
        # Regular-expression groups first: "(?P<name>...)" holds "<name>" too.
        path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values[m.group(1)]), self.route)
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), path)
        return "/" + path.replace("^", "").replace("$", "")

    @property
    def admin_model(self) -> str | None:
        """The model ("core.user") of an admin site page of one object."""
        match = re.match(r"manage/(\w+)/(\w+)/<", self.route)
        return f"{match.group(1)}.{match.group(2)}" if match else None


def patterns(urlconf: str | None = None) -> list[Pattern]:
    def walk(entries: list, prefix: str, namespace: str) -> Iterator[Pattern]:
        for entry in entries:
            if isinstance(entry, URLResolver):
                inner = namespace
                if entry.namespace:
                    inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern):
                name = entry.name or ""
                if name and namespace:
                    name = f"{namespace}:{name}"
                yield Pattern(route=prefix + str(entry.pattern), name=name)

    return list(walk(get_resolver(urlconf).url_patterns, "", ""))


Values = list[dict[str, Any]]


def _cases(w: World) -> Values:
    return [{"reference": w.case.reference}, {"reference": w.open_case.reference}]


CASE_PAGES = [
    f"complaints:{name}"
    for name in ("detail", "edit", "submitted", "screen", "forward", "feedback", "recuse", "close",
                 "note", "person-add", "attachments-add", "reopen", "consent", "best-interests",
                 "consent-withdraw")
]  # fmt: skip
INVESTIGATION_PAGES = [
    f"referrals:{name}"
    for name in ("investigation", "acknowledge", "report", "withdraw", "request-consent",
                 "reroute", "package")
]  # fmt: skip

VICTIM_PAGES = [
    f"trafficking:{name}"
    for name in ("victim", "victim-edit", "victim-identify", "victim-assign", "plan-open",
                 "plan-close", "plan-service-add", "follow-up-schedule", "nrm-refer")
]  # fmt: skip
PLAN_SERVICE_PAGES = [
    f"trafficking:plan-service-{name}" for name in ("consent", "refer", "update", "withdraw")
]

PARAMETERS: dict[str, Callable[[World], Values]] = {
    "test-dossier": lambda w: [{"pk": "1"}],  # the test app's own sample view
    **dict.fromkeys(CASE_PAGES, _cases),
    **dict.fromkeys(
        ["complaints:attachment", "complaints:attachment-original"],
        lambda w: [{"reference": w.case.reference, "attachment_id": w.attachment.pk}],
    ),
    "referrals:refer-investigation": _cases,
    "referrals:refer-assistance": _cases,
    **dict.fromkeys(INVESTIGATION_PAGES, lambda w: [{"pk": w.investigation.pk}]),
    "referrals:assistance": lambda w: [{"pk": w.assistance.pk}],
    "referrals:respond": lambda w: [{"pk": w.assistance.pk}],
    "focalpoints:edit": lambda w: [{"pk": w.focal_point.pk}],
    "focalpoints:end": lambda w: [{"pk": w.focal_point.pk}],
    "focalpoints:meeting": lambda w: [{"pk": w.meeting.pk}],
    "focalpoints:assessment": lambda w: [{"pk": w.assessment.pk}],
    "trainings:session": lambda w: [{"pk": w.session.pk}],
    "trainings:session-status": lambda w: [{"pk": w.session.pk}],
    "trainings:certificate": lambda w: [{"pk": w.session.pk, "participant_pk": w.participant.pk}],
    "stats-key-revoke": lambda w: [{"pk": w.api_key.pk}],
    "account-key-revoke": lambda w: [{"pk": w.token.pk}],
    "api-complaint": _cases,
    # The victim registry: agency B's record, identified through `case` (so the recused
    # coordinator is stopped at the gate too), its plan, follow-up and national referral.
    "trafficking:victim-from-complaint": _cases,
    **dict.fromkeys(VICTIM_PAGES, lambda w: [{"reference": w.victim.reference}]),
    "api-victim": lambda w: [{"reference": w.victim.reference}],
    **dict.fromkeys(
        PLAN_SERVICE_PAGES,
        lambda w: [{"reference": w.victim.reference, "pk": w.plan_service.pk}],
    ),
    "trafficking:follow-up-record": lambda w: [
        {"reference": w.victim.reference, "pk": w.follow_up.pk}
    ],
    **dict.fromkeys(
        ["trafficking:nrm-acknowledge", "trafficking:nrm-withdraw"],
        lambda w: [{"reference": w.victim.reference, "pk": w.nrm_referral.pk}],
    ),
    **dict.fromkeys(
        ["trafficking:provider-service", "trafficking:provider-service-update"],
        lambda w: [{"pk": w.plan_service.pk}],
    ),
    # The service map and the information windows (network-wide, not case data).
    **dict.fromkeys(
        ["pathways:service-edit", "pathways:service-deactivate"],
        lambda w: [{"pk": w.extra["service_point"].pk}],
    ),
    "pathways:window-edit": lambda w: [{"slug": w.extra["info_window"].slug}],
    "pathways:window-text": lambda w: [{"slug": w.extra["info_window"].slug, "language": "es"}],
    **dict.fromkeys(
        ["info:window", "info:poster"], lambda w: [{"slug": w.extra["info_window"].slug}]
    ),
    # The admin site: a shortcut to any object's page (cases have none), an old address
    # of the location list, the app index, the catch-all.
    "admin:view_on_site": lambda w: [
        {"content_type_id": ContentType.objects.get_for_model(w.case).pk, "object_id": w.case.pk}
    ],
    "^manage/complaints/location/(?P<rest>.*)$": lambda w: [{"rest": f"{w.location.pk}/change/"}],
    "admin:app_list": lambda w: [{"app_label": "core"}],
    "manage/(?P<url>.*)$": lambda w: [{"url": "complaints/complaint/"}],
    "admin:auth_user_password_change": lambda w: [{"id": w.personas["focal_b"].pk}],
    "admin:core_user_second_factor_reset": lambda w: [{"id": w.personas["focal_b"].pk}],
    "account-request-decide": lambda w: [{"pk": _account_request(w).pk}],
    **dict.fromkeys(
        [
            "admin:core_accountrequest_change",
            "admin:core_accountrequest_history",
            "admin:core_accountrequest_delete",
            "manage/core/accountrequest/<path:object_id>/",
        ],
        lambda w: [{"object_id": _account_request(w).pk}],
    ),
}


def _account_request(w: World) -> Any:
    """A pending request to make agency B's focal point an investigator (separation of
    duties), asked by the administrator: for the coordinators to decide."""
    focal_b = w.personas["focal_b"]
    pending = AccountRequest.objects.filter(user=focal_b).first()
    if pending is not None:
        return pending
    focal_b.is_investigator = True
    return core_services.user_save(actor=w.personas["admin"], user=focal_b, changed=[]).request


# Network-wide records and the pages that manage them, readable by every network member
# (registry, meetings, trainings: no case data), and the accounts pages of the admin site.
OPEN_TO: dict[str, frozenset[str]] = {
    "focalpoints:meeting": NETWORK,
    "trainings:session": NETWORK,
    "trainings:certificate": NETWORK,  # a staff participant's certificate, like the session
    "focalpoints:edit": frozenset({"coordinator"}),
    "focalpoints:end": frozenset({"coordinator"}),
    "focalpoints:assessment": frozenset({"coordinator"}),
    "trainings:session-status": frozenset({"coordinator"}),
    "stats-key-revoke": frozenset({"coordinator"}),  # coordinators keep every API key
    "account-key-revoke": frozenset({"coordinator"}),  # and may revoke any integration key
    "admin:auth_user_password_change": frozenset({"admin"}),
    "admin:core_user_second_factor_reset": frozenset({"admin"}),
    # Coordinators decide account requests (a POST without its tick box changes nothing).
    "account-request-decide": frozenset({"coordinator"}),
    "admin:app_list": frozenset({"admin"}),
    "^manage/complaints/location/(?P<rest>.*)$": NETWORK | {"anonymous"},  # a redirect only
    # Agency B's service point: every staff member reads the map, only the coordinator
    # edits another organisation's point; a published information window is public.
    "pathways:service-edit": frozenset({"coordinator"}),
    "pathways:service-deactivate": frozenset({"coordinator"}),
    "pathways:window-edit": frozenset({"coordinator"}),
    "pathways:window-text": frozenset({"coordinator"}),
    "info:window": NETWORK | {"anonymous"},
    "info:poster": NETWORK | {"anonymous"},
}


def _admin_object(model: str, w: World) -> Any:
    known = {
        "core.user": w.personas["focal_b"],
        "core.organisation": w.personas["focal_b"].organisation,
        "core.location": w.location,
        "auth.group": w.group,
        "axes.accessattempt": w.lockout,
    }
    if model in known:
        return known[model]
    # Any other model the admin site serves (second-factor devices, ...): one of foreign
    # user's, else any.
    model_class = apps.get_model(model)
    if any(f.name == "user" for f in model_class._meta.fields):
        mine = model_class.objects.filter(user=w.personas["focal_b"]).first()
        if mine is not None:
            return mine
    return model_class.objects.first()


def values_for(pattern: Pattern, world: World) -> Values | None:
    """The parameters to try, or None if nobody said how to fill this pattern."""
    if not pattern.parameters:
        return [{}]
    if pattern.key in PARAMETERS:
        return PARAMETERS[pattern.key](world)
    if pattern.admin_model and len(pattern.parameters) == 1:
        obj = _admin_object(pattern.admin_model, world)
        return None if obj is None else [{pattern.parameters[0]: obj.pk}]
    return None


def open_to(pattern: Pattern) -> frozenset[str]:
    if pattern.key in OPEN_TO:
        return OPEN_TO[pattern.key]
    if pattern.admin_model:
        return frozenset({"admin"})  # accounts and reference data: the administrator's
    return frozenset()
