"""A canary scan: a full journey through the app, as its users make it (an intake logged
in person with a receipt, screening, a note, feedback, referrals for investigation and
assistance, the investigators' and the provider's answers, an anonymous report and the
reporter's follow-up, an API intake, the notices and their e-mails), then everything an
attacker could copy off the server is searched for the canary strings typed on the way:
a database dump (sessions decoded), the cache, the logs at DEBUG, the mail sent, the
cookies. Zero hits."""

import re
import uuid

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from complaints.models import Complaint
from core.factories import UserFactory
from core.roles import Role
from notifications.outbox import reminders_create, reminders_send

from ..complaints.forms_data import intake_post
from . import scan

pytestmark = pytest.mark.django_db(transaction=True)

NAME = "Wilhelmina Canarysweep"
PHONE = "+90 555 818 2727"
PERPETRATOR = "Bartholomew Canaryperp"
STORY = "canary-story: the canary-storekeeper asked for sex for a canary-tent."
NOTE = "canary-note: the canary-storekeeper works nights."
FEEDBACK = "canary-feedback: we have referred your canary-case."
NEEDS = "canary-needs: a canary-midwife, mornings only."
PUBLIC_STORY = "canary-public: a canary-driver follows girls home."
PUBLIC_PHONE = "+90 555 919 3838"
ADDED = "canary-added: the canary-driver has a blue van."
API_NAME = "Cornelius Canaryapi"
API_STORY = "canary-api: the canary-cook took a canary-bribe."
ADDRESS = "198.51.100.77"  # every client's IP address: no IP is ever stored or logged

CANARIES = [
    NAME, "Canarysweep", PHONE, "5558182727", "818 2727", PERPETRATOR, "Canaryperp",
    "canary-storekeeper", "canary-tent", "canary-note", "canary-feedback", "canary-case",
    "canary-needs", "canary-midwife", "canary-public", "canary-driver", PUBLIC_PHONE,
    "919 3838", "canary-added", "blue van", API_NAME, "Canaryapi", "canary-api", "canary-cook",
    "canary-bribe", ADDRESS,
]  # fmt: skip


def send_notices():
    now = timezone.now()
    reminders_create(now)
    reminders_send(now)


def signed_in(user):
    client = Client(REMOTE_ADDR=ADDRESS)
    client.force_login(user)
    return client


def test_a_full_journey_leaves_no_canary_anywhere(personas, agency_a, provider_org, caplog):
    caplog.set_level("DEBUG")
    for user in personas.values():
        user.email = f"{user.username}@example.org"
        user.save()
    focal, coordinator = personas["focal_a"], personas["coordinator"]
    investigator, provider = personas["investigator_a"], personas["provider"]
    clients = {"focal": signed_in(focal), "coordinator": signed_in(coordinator),
               "investigator": signed_in(investigator), "provider": signed_in(provider),
               "anonymous": Client(REMOTE_ADDR=ADDRESS)}  # fmt: skip

    # A survivor's complaint logged in person; she follows up by receipt code.
    survivor = {"name": NAME, "phone": PHONE, "age_group": "18-25", "sex": "female",
                "consents": ["investigation", "share_identity", "medical"]}  # fmt: skip
    data = intake_post(
        survivors=[survivor], perpetrators=[{"name": PERPETRATOR}], narrative=STORY,
        feedback_channel="receipt",
    )  # fmt: skip
    page = clients["focal"].post(reverse("complaints:new"), data)
    assert page.status_code == 200, page.status_code
    code = re.search(r"data-receipt>\s*([^<\s]+)", page.content.decode()).group(1)
    complaint = Complaint.objects.get()
    reference = complaint.reference

    # The coordinator screens, writes a note, gives feedback, refers.
    coord = clients["coordinator"]
    detail = reverse("complaints:detail", args=[reference])
    assert coord.get(detail).status_code == 200
    steps = [
        ("complaints:screen", {"classification": "sea", "priority": "high",
                               "implicated_organisation": agency_a.pk}),
        ("complaints:note", {"text": NOTE}),
        ("complaints:feedback", {"message": FEEDBACK, "channel": "receipt"}),
        ("referrals:refer-investigation", {"organisation": agency_a.pk, "basis": "consent"}),
        ("referrals:refer-assistance", {
            "survivor": str(complaint.persons.get(is_survivor=True).pk), "service": "medical",
            "provider": provider_org.pk, "needs": NEEDS}),
    ]  # fmt: skip
    for name, fields in steps:
        assert coord.post(reverse(name, args=[reference]), fields).status_code == 302, name
    send_notices()

    # The investigators and the provider answer.
    referral = complaint.investigation_referrals.get()
    inv = clients["investigator"]
    assert inv.get(reverse("referrals:investigation", args=[referral.pk])).status_code == 200
    inv.post(reverse("referrals:acknowledge", args=[referral.pk]), {})
    inv.post(reverse("referrals:report", args=[referral.pk]), {"status": "investigating"})
    assistance = complaint.assistance_referrals.get()
    prov = clients["provider"]
    assert prov.get(reverse("referrals:assistance", args=[assistance.pk])).status_code == 200
    prov.post(reverse("referrals:respond", args=[assistance.pk]), {"status": "accepted"})

    # The survivor reads the feedback with her receipt and adds information; a stranger
    # reports anonymously.
    anonymous = clients["anonymous"]
    follow_up = reverse("public:follow_up")
    assert anonymous.post(follow_up, {"code": code}).status_code == 200
    assert anonymous.post(follow_up, {"code": code, "text": ADDED}).status_code == 200
    public = {"narrative": PUBLIC_STORY, "category": "sea", "contact": PUBLIC_PHONE,
              "location_text": "", "website": "", "submission_key": str(uuid.uuid4())}  # fmt: skip
    assert anonymous.post(reverse("public:report"), public).status_code < 500

    # An integration logs a complaint through the API.
    api = APIClient(REMOTE_ADDR=ADDRESS)
    api.force_authenticate(focal)
    payload = {
        "entry_point": "hotline", "category": "sea", "subcategory": "solicitation",
        "narrative": API_STORY, "feedback_channel": "phone",
        "persons": [{"roles": ["survivor", "complainant"], "name": API_NAME, "phone": PHONE,
                     "age_group": "26-59", "sex": "female", "consents": ["investigation"]}],
    }  # fmt: skip
    assert api.post(reverse("api-complaints"), payload, format="json").status_code == 201

    # Everyone reads their notices; the coordinator reads every case.
    send_notices()
    for client in clients.values():
        client.get(reverse("notifications:list"))
    for case in Complaint.objects.all():
        coord.get(reverse("complaints:detail", args=[case.reference]))

    # Each step really happened: the canaries went in.
    referral.refresh_from_db()
    assistance.refresh_from_db()
    assert complaint.notes.count() == 1 and complaint.feedback.count() == 1
    assert complaint.added_information.count() == 1
    assert (referral.status, assistance.status) == ("investigating", "accepted")
    assert Complaint.objects.count() >= 2  # the intake and the API's (and the public one)

    places = {
        "database": scan.database_dump(),
        "sessions": scan.sessions(),
        "cache": scan.cache_contents(),
        "logs": caplog.text,
        "mail": scan.mails(),
        "cookies": "\n".join(str(c.cookies) for c in clients.values()),
    }
    assert reference in places["database"]  # the dump really holds the case
    assert len(places["mail"]) > 0 and len(places["logs"]) > 0  # mail went, logs were kept
    hits = {
        place: found
        for place, text in places.items()
        if (found := [c for c in [*CANARIES, code] if c in text])
    }
    assert hits == {}


def test_the_scan_finds_a_canary_where_there_is_one(personas, caplog):
    """The scan is not blind: text left in clear in each place is found."""
    caplog.set_level("DEBUG")
    UserFactory(username="canary", first_name=NAME, roles=[Role.ANALYST])
    cache.set("canary", {"note": NOTE})
    mail.send_mail("x", FEEDBACK, "from@example.org", ["to@example.org"])
    client = Client()
    client.force_login(personas["analyst"])
    session = client.session
    session["canary"] = NEEDS
    session.save()
    assert NAME in scan.database_dump()
    assert NOTE in scan.cache_contents()
    assert FEEDBACK in scan.mails()
    assert NEEDS in scan.sessions()
