"""The attacker's world: every kind of object the app serves, belonging to someone else.

Agency B logs two cases: `case`, an SEA allegation (locked from submission) screened,
referred for investigation to agency B's own investigators, referred for assistance to a
second provider, with a note, feedback, an attachment and a receipt; and `open_case`, a
fraud complaint that stays open to agency B's focal points. A second coordinator handles
both and recuses the first one (the "coordinator" persona) from them, so for every
persona of tests/conftest.py they are someone else's cases: focal point and investigator
of agency A, the provider (another organisation than the referral's), the analyst, the
administrator, and the coordinator, who sees every case by design except those they are
recused from.

Everything a persona must never read is listed in `World.secrets`.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from axes.models import AccessAttempt
from django.apps import apps
from django.contrib.auth.models import Group
from PIL import Image

from complaints import codes
from complaints import services as complaint_services
from complaints.models import Attachment, Complaint
from complaints.services import IntakeData, PersonData
from core import apikeys
from core.factories import OrganisationFactory, UserFactory
from core.models import ApiKey, Location, Organisation, User
from core.roles import Role
from focalpoints import services as focal_services
from focalpoints.models import Assessment, CoreStandard, FocalPoint, Meeting
from pathways.models import InfoWindow, InfoWindowText, ServicePoint
from referrals import services as referral_services
from referrals.models import AssistanceReferral, InvestigationReferral
from trafficking.models import AssistancePlan, FollowUp, NrmReferral, PlanService, Victim
from trainings import services as training_services
from trainings.models import Module, Participant, Session

SURVIVOR = "Quillon Sweepwoman"
PHONE = "+90 555 404 7788"
PERPETRATOR = "Torvald Sweepman"
STORY = "sweep-marker: the sweep-warehouse guard asked for sex in exchange for sweep-flour."
OPEN_NAME = "Orla Sweepfraud"
OPEN_STORY = "sweep-open-marker: the sweep-clerk sold ration cards."
NEEDS = "sweep-needs: a sweep-nurse who speaks Kurmanji, on Thursdays."
NOTE = "sweep-note: the sweep-guard's shift pattern."
FEEDBACK = "sweep-feedback: your report reached the sweep-team."
VICTIM = "Vesna Sweeptrail"
VICTIM_PHONE = "+58 414 606 1122"
VICTIM_STORY = "sweep-victim-marker: held at the sweep-quarry, passport taken."
PLAN_NEEDS = "sweep-plan: a sweep-shelter bed near the border."


def _photo() -> bytes:
    """A real JPEG (uploads are decoded in full), its comment the marker."""
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (90, 60, 30)).save(out, format="JPEG", comment=b"sweep-photo-bytes")
    return out.getvalue()


PHOTO = _photo()

ALL_MET = dict.fromkeys(CoreStandard.values, ("met", "Seen the policy"))


def sweep_intake(*, narrative: str, name: str, sea: bool) -> IntakeData:
    complaint = {
        "entry_point": codes.EntryPoint.FOCAL_POINT,
        "category": codes.Category.SEA if sea else codes.Category.OTHER_MISCONDUCT,
        "subcategory": (codes.Subcategory.TRANSACTIONAL_SEX if sea else codes.Subcategory.FRAUD),
        "narrative": narrative,
        "incident_date_precision": codes.DatePrecision.UNKNOWN,
        "priority": codes.Priority.MEDIUM,
        "feedback_channel": codes.FeedbackChannel.RECEIPT,
    }
    persons = [
        PersonData(
            roles={"survivor", "complainant"},
            values={"name": name, "phone": PHONE, "age_group": "18-25", "sex": "female"},
            consents={"investigation": True, "share_identity": True, "medical": True},
        ),
        PersonData(
            roles={"perpetrator"},
            values={"name": PERPETRATOR, "personnel_category": "partner_staff"},
        ),
    ]
    return IntakeData(complaint=complaint, persons=persons)


@dataclass
class World:
    personas: dict[str, User]
    case: Complaint
    open_case: Complaint
    investigation: InvestigationReferral
    assistance: AssistanceReferral
    attachment: Attachment
    focal_point: FocalPoint
    meeting: Meeting
    assessment: Assessment
    session: Session
    participant: Participant
    api_key: ApiKey
    location: Location
    group: Group
    token: ApiKey  # an integration key of focal_b (DRF's plain tokens are retired)
    lockout: AccessAttempt
    decoy_org: Organisation
    victim: Victim
    plan_service: PlanService
    follow_up: FollowUp
    nrm_referral: NrmReferral
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def secrets(self) -> list[str]:
        """What none of the personas may read anywhere: names, phones, stories, the
        references of cases that are not theirs."""
        return [
            SURVIVOR, "Sweepwoman", PHONE, "404 7788", PERPETRATOR, STORY[:40], "sweep-flour",
            OPEN_NAME, "Sweepfraud", OPEN_STORY[:40], "sweep-clerk", NEEDS[:30], "sweep-nurse",
            NOTE[:30], "sweep-guard", FEEDBACK[:30], "sweep-team", "sweep-photo-bytes",
            self.case.reference, self.open_case.reference,
            VICTIM, "Sweeptrail", VICTIM_PHONE, "606 1122", VICTIM_STORY[:40], "sweep-quarry",
            PLAN_NEEDS[:30], "sweep-shelter", self.victim.reference,
        ]  # fmt: skip

    def leaks(self, text: str) -> list[str]:
        return [secret for secret in self.secrets if re.search(re.escape(secret), text)]


def build_world(personas: dict[str, User]) -> World:
    agency_a = personas["focal_a"].organisation
    agency_b = personas["focal_b"].organisation
    focal_b = personas["focal_b"]
    coordinator_2 = UserFactory(
        username="coordinator_2", organisation=agency_a, roles=[Role.COORDINATOR]
    )
    investigator_b = UserFactory(
        username="investigator_b", organisation=agency_b, roles=[Role.INVESTIGATOR]
    )
    other_provider = OrganisationFactory(
        name="Other Clinic", acronym="OC", type=Organisation.Type.NNGO
    )
    UserFactory(username="provider_oc", organisation=other_provider, roles=[Role.SERVICE_PROVIDER])
    decoy_org = OrganisationFactory(name="Decoy Org", acronym="DCY", type=Organisation.Type.NNGO)

    case = complaint_services.complaint_intake(
        actor=focal_b, data=sweep_intake(narrative=STORY, name=SURVIVOR, sea=True), submit=True
    )
    complaint_services.receipt_issue(complaint=case)
    complaint_services.complaint_screen(
        actor=coordinator_2, complaint=case, classification="sea", priority="high",
        implicated_organisation=agency_b,
    )  # fmt: skip
    attachment = complaint_services.attachments_add(
        actor=coordinator_2, complaint=case, uploads=[(PHOTO, "photo.jpg", "image/jpeg")]
    )[0]
    complaint_services.note_add(actor=coordinator_2, complaint=case, text=NOTE)
    complaint_services.feedback_give(
        actor=coordinator_2, complaint=case, message=FEEDBACK, channel="receipt"
    )
    investigation = referral_services.investigation_refer(actor=coordinator_2, complaint=case)
    survivor = case.persons.get(is_survivor=True)
    assistance = referral_services.assistance_refer(
        actor=coordinator_2, complaint=case, survivor=survivor, service="medical",
        provider=other_provider, needs=NEEDS,
    )  # fmt: skip
    open_case = complaint_services.complaint_intake(
        actor=focal_b,
        data=sweep_intake(narrative=OPEN_STORY, name=OPEN_NAME, sea=False),
        submit=True,
    )
    for complaint in (case, open_case):
        complaint_services.complaint_recuse(
            actor=coordinator_2, complaint=complaint, user=personas["coordinator"]
        )

    focal_point = focal_services.focal_point_save(
        actor=coordinator_2,
        focal_point=FocalPoint(
            organisation=agency_b, name="Berna Registry", email="berna@example.org",
            phone="+90 342 555 0199", appointed_on=date(2026, 1, 1),
        ),
    )  # fmt: skip
    meeting = focal_services.meeting_save(
        actor=coordinator_2, meeting=Meeting(held_on=date(2026, 11, 5), title="Network meeting")
    )
    assessment = focal_services.assessment_create(
        actor=coordinator_2, organisation=agency_b, assessed_on=date(2026, 10, 1),
        results=ALL_MET, code_of_conduct_prohibits_sea=True, agreement_has_psea_clause=True,
    )  # fmt: skip
    module = training_services.module_save(
        actor=coordinator_2,
        module=Module(title="PSEA basics", trains_focal_points=True, audiences=["focal_points"]),
    )
    session = training_services.session_save(
        actor=coordinator_2,
        session=Session(
            module=module, starts_on=date(2026, 3, 10), organisation=agency_b,
            facilitator_organisation=agency_b, audience="focal_points", language="en",
        ),
    )  # fmt: skip
    training_services.session_set_status(actor=coordinator_2, session=session, status="held")
    participant = training_services.participant_add(
        actor=coordinator_2, session=session,
        participant=Participant(name="Deniz Trainee", organisation=agency_b, attended=True),
    )  # fmt: skip
    api_key, _secret = apikeys.api_key_create(
        actor=coordinator_2,
        organisation=agency_b,
        name="B's dashboard",
        scope=ApiKey.Scope.ORGANISATION,
    )
    location = Location.objects.create(name="Sweep Province", level=1)
    group, _created = Group.objects.get_or_create(name="sweep-group")
    token, _secret = apikeys.integration_key_create(
        actor=focal_b, name="B's hotline tool", scope=ApiKey.Scope.INTAKE, days=30
    )
    victim, plan_service, follow_up, nrm_referral = _trafficking_records(
        agency_b, other_provider, decoy_org, case
    )
    lockout = AccessAttempt.objects.create(
        username="focal_b", failures_since_start=1, user_agent="", ip_address="192.0.2.1",
        get_data="", post_data="", http_accept="", path_info="/accounts/login/",
    )  # fmt: skip
    # The second factor of another user, where the app has one (the admin site serves them).
    for model in ("otp_totp.TOTPDevice", "otp_static.StaticDevice"):
        if apps.is_installed(model.split(".")[0].replace("otp_", "django_otp.plugins.otp_")):
            apps.get_model(model).objects.create(user=focal_b, name="sweep", confirmed=True)
    return World(
        personas=personas, case=case, open_case=open_case, investigation=investigation,
        assistance=assistance, attachment=attachment, focal_point=focal_point, meeting=meeting,
        assessment=assessment, session=session, participant=participant, api_key=api_key,
        location=location, group=group, token=token, lockout=lockout, decoy_org=decoy_org,
        victim=victim, plan_service=plan_service, follow_up=follow_up, nrm_referral=nrm_referral,
        extra={
            "coordinator_2": coordinator_2, "investigator_b": investigator_b,
            **_pathways_records(focal_b, location),
        },
    )  # fmt: skip


def _trafficking_records(
    agency_b: Organisation, provider: Organisation, authority: Organisation, case: Complaint
) -> tuple[Victim, PlanService, FollowUp, NrmReferral]:
    """A victim of trafficking identified through `case` and managed by agency B's
    counter-trafficking officer, with a plan whose shelter service is referred, with
    consent, to another provider, a follow-up visit and a referral to the national
    authority."""
    ct_b = UserFactory(username="ct_b", organisation=agency_b, roles=[Role.COUNTER_TRAFFICKING])
    victim = Victim(
        organisation=agency_b, complaint=case, created_by=ct_b, name=VICTIM, phone=VICTIM_PHONE,
        notes=VICTIM_STORY, purposes=["forced_labour"], labour_sectors=["mining"],
        means_of_control=["withholds_documents"], citizenship=["VEN"], gender="female",
        age_band="21--23",
    )  # fmt: skip
    victim.save()
    plan = AssistancePlan(victim=victim, needs_assessment=PLAN_NEEDS, created_by=ct_b)
    plan.save()
    plan_service = PlanService(
        plan=plan, service="shelter", provider=provider, status="referred", consented=True,
        consent_given_by="survivor", needs=PLAN_NEEDS,
    )  # fmt: skip
    plan_service.save()
    follow_up = FollowUp(plan=plan, due_on=date(2026, 12, 1))
    follow_up.save()
    nrm_referral = NrmReferral(
        victim=victim, authority=authority, consent_given_by="survivor", shares_identity=False,
        referred_by=ct_b, acknowledgement_due_at=datetime(2026, 12, 1, tzinfo=UTC),
    )  # fmt: skip
    nrm_referral.save()
    return victim, plan_service, follow_up, nrm_referral


def _pathways_records(focal_b: User, location: Location) -> dict[str, Any]:
    """Agency B's service point on the map and a published information window."""
    point = ServicePoint.objects.create(
        organisation=focal_b.organisation, service="medical", name="Sweep clinic",
        address="Sweep street 1", updated_by=focal_b,
    )  # fmt: skip
    point.locations.add(location)
    window = InfoWindow.objects.create(slug="sweep-route", route="Sweep route", is_published=True)
    InfoWindowText.objects.create(
        window=window, language="en", title="Help", body="<p>Help</p>", updated_by=focal_b
    )
    return {"service_point": point, "info_window": window}
