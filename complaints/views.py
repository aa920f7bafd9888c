import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.audit import audit_trail_for
from core.errors import ApplicationError
from core.forms_helpers import run_and_report

from . import attachments as attachment_store
from . import codes, forms, retention, selectors, services
from .case_page import case_sections
from .models import Complaint
from .permissions import (
    may_list_complaints,
    may_log_complaints,
    may_read_original,
)

PAGE_SIZE = 25

TIMELINE = {
    "complaint.save_draft": gettext_lazy("Draft saved"),
    "complaint.submit": gettext_lazy("Submitted"),
    "complaint.screen": gettext_lazy("Screened"),
    "complaint.forward": gettext_lazy("Forwarded and closed at network level"),
    "complaint.recuse": gettext_lazy("A user was recused"),
    "complaint.close": gettext_lazy("Closed"),
    "complaint.note": gettext_lazy("Note added"),
    "complaint.person_add": gettext_lazy("Person added"),
    "complaint.attachments_add": gettext_lazy("Attachments added"),
    "complaint.reopen": gettext_lazy("Reopened"),
    "complaint.add_information": gettext_lazy("The reporter added information"),
    "consent.record": gettext_lazy("Consent recorded"),
    "consent.withdraw": gettext_lazy("Consent withdrawn"),
    "consent.best_interests": gettext_lazy("Best-interests determination recorded"),
    "feedback.give": gettext_lazy("Feedback given"),
    "referral.investigation.create": gettext_lazy("Referred for investigation"),
    "referral.investigation.acknowledge": gettext_lazy("Referral acknowledged"),
    "referral.investigation.report": gettext_lazy("Investigation status reported"),
    "referral.investigation.withdraw": gettext_lazy("Referral withdrawn"),
    "referral.investigation.consent_requested": gettext_lazy(
        "The investigators asked for consent to be sought"
    ),
    "referral.assistance.create": gettext_lazy("Referred for assistance"),
    "referral.assistance.respond": gettext_lazy("The provider answered"),
}


def _complaint_or_404(request, reference, *, need="view"):
    return selectors.complaint_or_gone(request.user, reference, need=need)


@login_required
def complaint_list(request):
    if not may_list_complaints(request.user):
        raise Http404
    filters = forms.FilterForm(request.GET or None)
    queryset = selectors.complaint_list_for(request.user)
    if filters.is_valid():
        queryset = selectors.complaint_filter(queryset, **filters.cleaned_data)
    queryset = selectors.with_duplicate_flag(queryset)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "complaints/list.html",
        {
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
            "may_log": may_log_complaints(request.user),
        },
    )


def _intake_initial(complaint: Complaint) -> dict:
    """Form initial data from a draft, decrypted for its author."""
    fields = ["entry_point", "location", "incident_date_precision", "incident_date", "category",
              "subcategory", "is_child_case", "priority", "narrative",
              "feedback_channel"]  # fmt: skip
    initial = {"complaint": {name: getattr(complaint, name) for name in fields}}
    initial["complaint"]["received_on"] = timezone.localdate(complaint.received_at)
    persons = list(complaint.persons.all())
    consents = selectors.current_consents(complaint)
    initial["survivors"] = [
        {
            "name": p.name, "phone": p.phone, "address": p.address, "sex": p.sex,
            "age_group": p.age_group, "disability": p.disability, "nationality": p.nationality,
            "displacement": p.displacement,
            "consents": [scope for (pid, scope), c in consents.items() if pid == p.pk and c.given],
            **_consent_giver_initial([c for (pid, _s), c in consents.items() if pid == p.pk]),
        }
        for p in persons if p.is_survivor
    ]  # fmt: skip
    initial["perpetrators"] = [
        {"name": p.name, "phone": p.phone, "id_number": p.id_number, "sex": p.sex,
         "affiliation": p.affiliation, "personnel_category": p.personnel_category}
        for p in persons if p.is_perpetrator
    ]  # fmt: skip
    initial["witnesses"] = [{"name": p.name, "phone": p.phone} for p in persons if p.is_witness]
    complainant = next((p for p in persons if p.is_complainant), None)
    if complainant is not None:
        initial["complainant"] = (
            {"is_survivor": True}
            if complainant.is_survivor
            else {"name": complainant.name, "phone": complainant.phone}
        )
    if hasattr(complaint, "trafficking"):
        t = complaint.trafficking
        initial["trafficking"] = {
            "exploitation_types": t.exploitation_types, "is_child": t.is_child,
            "in_danger_now": t.in_danger_now, "country": t.country,
        }  # fmt: skip
    return initial


def _consent_giver_initial(consents: list) -> dict:
    """Who gave a draft's consents, and the child's assent, as the form shows them. The
    caregiver's name is not kept: it is asked again before the draft is submitted."""
    given = next((c for c in consents if c.given), None)
    if given is None:
        return {}
    assent = {True: "yes", False: "no"}.get(given.child_assent, "")
    return {"consent_given_by": given.given_by, "consent_child_assent": assent}


ADD_BUTTONS = {
    "add_survivor": "survivor",
    "add_perpetrator": "perpetrator",
    "add_witness": "witness",
}


@login_required
def complaint_intake(request, reference=None):
    """One form for the whole intake; works without JavaScript.

    "Add another" buttons post the form back with one more row and nothing lost; "Save
    draft" keeps an incomplete intake; "Submit" sends it to screening. The hidden
    submission key makes a double click or a resubmit create one complaint.
    """
    if not may_log_complaints(request.user):
        raise Http404
    draft = None
    if reference is not None:
        draft, access = _complaint_or_404(request, reference)
        if not access.edit_draft:  # already submitted (a second click): show the result
            return redirect("complaints:submitted", reference=draft.reference)
    show_errors = True
    if request.method == "POST":
        data = request.POST.copy()
        added = next((prefix for name, prefix in ADD_BUTTONS.items() if name in data), None)
        if added:
            total = f"{added}-TOTAL_FORMS"
            try:
                rows = int(data.get(total) or 0)
            except ValueError:
                rows = 0  # a tampered count: start again from the rows we can read
            data[total] = str(min(max(rows, 0) + 1, forms.MAX_PERSONS))
            intake, show_errors = forms.Intake(data), False
        else:
            intake = forms.Intake(data, request.FILES)
            submit = "submit" in data
            if intake.is_valid():
                try:
                    complaint = services.complaint_intake(
                        actor=request.user,
                        data=intake.intake_data(),
                        submit=submit,
                        complaint=draft,
                        submission_key=_submission_key(data),
                    )
                except ValidationError as error:
                    intake.complaint.add_error(None, error)
                else:
                    if complaint.status == codes.Status.DRAFT:
                        messages.success(
                            request, _("Draft saved. You can finish it later from the list.")
                        )
                        return redirect("complaints:edit", reference=complaint.reference)
                    if complaint.feedback_channel == codes.FeedbackChannel.RECEIPT:
                        # The complainant follows up alone, with a code shown this once.
                        code = services.receipt_issue(complaint=complaint)
                        if code:
                            return render(
                                request,
                                "complaints/submitted.html",
                                {"complaint": complaint, "receipt_code": code},
                            )
                    return redirect("complaints:submitted", reference=complaint.reference)
            if request.FILES:
                messages.warning(
                    request, _("For safety, files are not kept after an error: attach them again.")
                )
    else:
        data = None
        if draft:
            services.complaint_record_view(
                actor=request.user, complaint=draft, identity=True, role=access.role
            )
        intake = forms.Intake(initial=_intake_initial(draft) if draft else None)
    key = (data or {}).get("submission_key") or str(draft.submission_key if draft else uuid.uuid4())
    return render(
        request,
        "complaints/intake.html",
        {"intake": intake, "draft": draft, "submission_key": key, "show_errors": show_errors},
    )


def _submission_key(data):
    try:
        return uuid.UUID(data.get("submission_key", ""))
    except ValueError:
        return uuid.uuid4()


@login_required
def complaint_submitted(request, reference):
    complaint, _access = _complaint_or_404(request, reference)
    return render(request, "complaints/submitted.html", {"complaint": complaint})


@login_required
def complaint_detail(request, reference):
    complaint, access = _complaint_or_404(request, reference)
    services.complaint_record_view(
        actor=request.user, complaint=complaint, identity=access.identity, role=access.role
    )
    context = {"complaint": complaint, "access": access}
    if access.content:
        # Who consented to what, and when it changed, is for those who record consent:
        # a holder whose access ended learns that it ended, never why.
        consent_reader = access.consent or access.screen
        context["persons"] = list(complaint.persons.all())
        for person in context["persons"]:
            person.identity_shown = access.shows_identity(person)
        context["consents"] = list(complaint.consents.all()) if consent_reader else []
        context["consent_reader"] = consent_reader
        context["in_danger_now"] = services.in_danger_now(complaint)
        context["timeline"] = [
            (event, TIMELINE.get(event.action, event.action))
            for event in audit_trail_for(complaint)
            if not event.action.endswith(".view")
            and (consent_reader or not event.action.startswith("consent."))
        ]
    if access.screen:
        context["duplicates"] = list(selectors.possible_duplicates(complaint, user=request.user))
        context["screening_form"] = forms.ScreeningForm(
            initial={
                "classification": complaint.classification,
                "priority": complaint.priority,
                # Prefilled from the alleged perpetrator's employer when not yet screened.
                "implicated_organisation": complaint.implicated_organisation_id
                or next(
                    (
                        person.affiliation_id
                        for person in complaint.persons.all()
                        if person.is_perpetrator and person.affiliation_id
                    ),
                    None,
                ),
                "implicated_unknown": complaint.implicated_unknown,
            }
        )
        context["forward_form"] = forms.ForwardForm()
        context["feedback_form"] = forms.FeedbackForm(
            initial={"channel": complaint.feedback_channel}
        )
        context["recuse_form"] = forms.RecuseForm()
        context["close_form"] = forms.CloseForm(initial={"reason": ""})
        context["person_form"] = forms.AddPersonForm()
        context["attachments_form"] = forms.AddAttachmentsForm()
        context["reopen_form"] = forms.ReopenForm()
        context["purge_due_at"] = retention.purge_due_at(complaint)
    if access.consent:
        context["consent_scopes"] = codes.ConsentScope.choices
        context["consent_given_by"] = codes.ConsentGivenBy.choices
        context["assent_choices"] = forms.ASSENT_CHOICES
    if access.notes:
        context["notes"] = list(complaint.notes.select_related("data_key", "author"))
        context["note_form"] = forms.NoteForm()
    if access.screen:
        context["best_interests_reasons"] = codes.BestInterestsReason.choices
        context["determinations"] = list(
            complaint.best_interests.select_related("data_key", "determined_by")
        )
    context["reads_originals"] = bool(
        access.identity and complaint.attachments.all()
    ) and may_read_original(request.user, complaint, access)
    case_sections.render(request, complaint, access, context)
    return render(request, "complaints/detail.html", context)


def _post_action(request, reference, need, form_class, action):
    complaint, _access = _complaint_or_404(request, reference, need=need)
    form = form_class(request.POST, request.FILES)
    run_and_report(request, form, lambda data: action(complaint, data))
    return redirect("complaints:detail", reference=complaint.reference)


def _coordinator_action(form_class, service):
    """A POST-only view: the form's data go to `service` for a user who may screen."""

    @login_required
    @require_POST
    def view(request, reference):
        def act(complaint, data):
            service(actor=request.user, complaint=complaint, **data)

        return _post_action(request, reference, "screen", form_class, act)

    return view


complaint_screen = _coordinator_action(forms.ScreeningForm, services.complaint_screen)
complaint_forward = _coordinator_action(forms.ForwardForm, services.complaint_forward)
complaint_feedback = _coordinator_action(forms.FeedbackForm, services.feedback_give)
complaint_recuse = _coordinator_action(forms.RecuseForm, services.complaint_recuse)


@login_required
@require_POST
def complaint_consent(request, reference):
    def record(complaint, data):
        survivor = selectors.survivor_of(complaint, data["survivor"])
        services.consent_record(
            actor=request.user, complaint=complaint, survivor=survivor, scope=data["scope"],
            given=data["given"], given_by=data["given_by"], child_assent=data["child_assent"],
            caregiver_name=data["caregiver_name"],
        )  # fmt: skip

    return _post_action(request, reference, "consent", forms.ConsentForm, record)


@login_required
@require_POST
def complaint_note(request, reference):
    def add(complaint, data):
        services.note_add(actor=request.user, complaint=complaint, text=data["text"])

    return _post_action(request, reference, "notes", forms.NoteForm, add)


@login_required
@require_POST
def complaint_person_add(request, reference):
    def add(complaint, data):
        services.person_add(actor=request.user, complaint=complaint, data=data["person"])

    return _post_action(request, reference, "screen", forms.AddPersonForm, add)


@login_required
@require_POST
def complaint_attachments_add(request, reference):
    def add(complaint, data):
        services.attachments_add(
            actor=request.user, complaint=complaint, uploads=data["attachments"] or []
        )

    return _post_action(request, reference, "screen", forms.AddAttachmentsForm, add)


@login_required
@require_POST
def complaint_close(request, reference):
    def close(complaint, data):
        services.complaint_close(
            actor=request.user, complaint=complaint, reason=data["reason"],
            feedback=data["feedback"], rereview_on=data["rereview_on"],
        )  # fmt: skip

    return _post_action(request, reference, "screen", forms.CloseForm, close)


@login_required
@require_POST
def complaint_reopen(request, reference):
    def reopen(complaint, data):
        services.complaint_reopen(actor=request.user, complaint=complaint, reason=data["reason"])

    return _post_action(request, reference, "screen", forms.ReopenForm, reopen)


@login_required
@require_POST
def complaint_best_interests(request, reference):
    def record(complaint, data):
        survivor = selectors.survivor_of(complaint, data["survivor"])
        services.best_interests_record(
            actor=request.user, complaint=complaint, survivor=survivor, reason=data["reason"],
            notes=data["notes"],
        )  # fmt: skip

    return _post_action(request, reference, "screen", forms.BestInterestsForm, record)


@login_required
@require_POST
def complaint_consent_withdraw(request, reference):
    def withdraw(complaint, data):
        consent = next((c for c in complaint.consents.all() if c.pk == data["consent"]), None)
        if consent is None:
            raise ApplicationError(
                "consent.not_current", _("This consent is not current."), status=409
            )
        services.consent_withdraw(actor=request.user, complaint=complaint, consent=consent)

    return _post_action(request, reference, "consent", forms.WithdrawConsentForm, withdraw)


def _attachment_response(request, reference, attachment_id, *, original):
    # Attachments are identifying (photos, recordings): who may not see identities may
    # not open them (an investigator without the survivor's consent, a locked intake).
    complaint, access = _complaint_or_404(request, reference, need="identity")
    if original and not may_read_original(request.user, complaint, access):
        raise Http404
    attachment = next(
        (a for a in complaint.attachments.all() if str(a.pk) == str(attachment_id)), None
    )
    if attachment is None:
        raise Http404
    if original:
        content = attachment_store.load_original(attachment)
    else:
        try:  # metadata removed: what staff are shown
            content = attachment_store.load(attachment)
        except ValueError:
            raise ApplicationError(
                "attachment.unreadable",
                _("This file cannot be shown without its metadata, so it is not shown."),
                status=409,
            ) from None
    services.complaint_record_view(
        actor=request.user, complaint=complaint, identity=True, role=access.role,
        original=original,
    )  # fmt: skip
    response = HttpResponse(content, content_type=attachment.content_type)
    # A server-made name: the original name can itself be identifying.
    extension = attachment.content_type.rsplit("/", 1)[-1]
    suffix = "-original" if original else ""
    response["Content-Disposition"] = (
        f'attachment; filename="{complaint.reference}-{str(attachment.pk)[:8]}{suffix}.{extension}"'
    )
    return response


@login_required
def attachment_download(request, reference, attachment_id):
    """The copy without metadata (EXIF and GPS, document authors): what staff are shown."""
    return _attachment_response(request, reference, attachment_id, original=False)


@login_required
def attachment_original(request, reference, attachment_id):
    """The original as received, for the investigators (`permissions.may_read_original`)."""
    return _attachment_response(request, reference, attachment_id, original=True)
