"""Intake, screening and public report forms. They validate input and build the plain
data the services take; they never save anything themselves."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.codes import COUNTRY_CHOICES, AgeGroup, Sex, YesNoUnknown
from core.forms import ConfirmedForm
from core.models import Location, Organisation, User

from . import attachments, codes
from .services import IntakeData, PersonData

SURVIVOR_CONSENT_SCOPES = [(scope.value, scope.label) for scope in codes.ConsentScope]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files at once; each checked by content and size."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/*,audio/*,application/pdf"})
        )
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else ([data] if data else [])
        checked, errors = [], []
        for upload in uploads:
            try:
                content, content_type = attachments.check_upload(upload)
            except ValidationError as error:
                errors.extend(error.messages)
            else:
                checked.append((content, content_type, upload.name))
        if errors:
            raise ValidationError(errors)
        return checked


class ComplaintForm(forms.Form):
    entry_point = forms.ChoiceField(label=_("Entry point"), choices=codes.EntryPoint.choices)
    received_on = forms.DateField(
        label=_("Received on (if not today: e.g. a complaint box opened later)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a real date, for example 2026-03-14.")},
    )
    location = forms.ModelChoiceField(
        label=_("Location"),
        queryset=Location.objects.filter(is_active=True).select_related("parent__parent"),
        required=False,
        empty_label=_("Unknown"),
    )
    incident_date_precision = forms.ChoiceField(
        label=_("When did it happen?"),
        choices=codes.DatePrecision.choices,
        initial=codes.DatePrecision.UNKNOWN,
        widget=forms.RadioSelect,
    )
    incident_date = forms.DateField(
        label=_("Date (for an approximate date, any day of the month)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a real date, for example 2026-03-14.")},
    )
    category = forms.ChoiceField(
        label=_("What is it about?"), choices=codes.Category.choices, initial=codes.Category.UNKNOWN
    )
    subcategory = forms.ChoiceField(
        label=_("Type, if known"),
        choices=[("", _("Not known")), *list(codes.Subcategory.choices)],
        required=False,
    )
    is_child_case = forms.BooleanField(label=_("A child (under 18) is involved"), required=False)
    priority = forms.ChoiceField(
        label=_("Priority"), choices=codes.Priority.choices, initial=codes.Priority.MEDIUM
    )
    narrative = forms.CharField(
        label=_("What happened, in the complainant's words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    feedback_channel = forms.ChoiceField(
        label=_("How does the complainant want to hear back?"),
        choices=codes.FeedbackChannel.choices,
        initial=codes.FeedbackChannel.NONE,
    )
    attachments = AttachmentsField(label=_("Photos, documents or recordings"))


class PersonForm(forms.Form):
    """Common identifying fields. Empty extra forms are ignored."""

    name = forms.CharField(label=_("Name"), required=False, max_length=200)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)

    role = ""
    value_fields: tuple[str, ...] = ("name", "phone")

    def person_data(self) -> PersonData:
        values = {name: self.cleaned_data.get(name) for name in self.value_fields}
        values = {k: (v if v is not None else "") for k, v in values.items()}
        return PersonData(roles={self.role}, values=values)


def _code_field(label, choices, initial):
    return forms.ChoiceField(label=label, choices=choices, initial=initial, required=False)


ASSENT_CHOICES = [
    ("", _("Not asked (not 12 to 17)")),
    ("yes", _("Assents")),
    ("no", _("Does not assent")),
]
# A best-interests determination is recorded on the case page, after the intake.
INTAKE_GIVERS = [
    (value, label)
    for value, label in codes.ConsentGivenBy.choices
    if value != codes.ConsentGivenBy.BEST_INTERESTS
]


def _assent(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def _assent_field(label) -> forms.TypedChoiceField:
    """A 12-17-year-old's assent to a caregiver's consent: yes, no, or not asked."""
    return forms.TypedChoiceField(
        label=label, choices=ASSENT_CHOICES, coerce=_assent, empty_value=None, required=False
    )


def _caregiver_field(label) -> forms.CharField:
    """The consenting caregiver's name: checked against the perpetrators, never kept."""
    return forms.CharField(label=label, required=False, max_length=200)


class SurvivorForm(PersonForm):
    role = "survivor"
    address = forms.CharField(label=_("Where they can be reached"), required=False, max_length=300)
    sex = _code_field(_("Sex"), Sex.choices, Sex.OTHER_UNKNOWN)
    age_group = _code_field(_("Age group"), AgeGroup.choices, AgeGroup.UNKNOWN)
    disability = _code_field(_("Disability"), YesNoUnknown.choices, YesNoUnknown.UNKNOWN)
    nationality = _code_field(_("Nationality"), COUNTRY_CHOICES, "ZZZ")
    displacement = _code_field(
        _("Displacement status"), codes.Displacement.choices, codes.Displacement.UNKNOWN
    )
    consents = forms.MultipleChoiceField(
        label=_("The survivor consents to"),
        choices=SURVIVOR_CONSENT_SCOPES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consent_given_by = _code_field(
        _("Consent given by"), INTAKE_GIVERS, codes.ConsentGivenBy.SURVIVOR
    )
    consent_child_assent = _assent_field(_("For a child of 12 to 17: does the child assent?"))
    caregiver_name = _caregiver_field(_("Name of the caregiver who consents (checked, not kept)"))
    value_fields = (
        "name",
        "phone",
        "address",
        "sex",
        "age_group",
        "disability",
        "nationality",
        "displacement",
    )

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            single_choice = isinstance(field, forms.ChoiceField) and not isinstance(
                field, forms.MultipleChoiceField
            )
            if single_choice and not cleaned.get(name):
                cleaned[name] = field.initial
        return cleaned

    def person_data(self) -> PersonData:
        data = super().person_data()
        chosen = set(self.cleaned_data.get("consents") or [])
        # Every scope is recorded: what was not ticked is recorded as refused.
        data.consents = {scope.value: scope.value in chosen for scope in codes.ConsentScope}
        data.consent_given_by = (
            self.cleaned_data.get("consent_given_by") or codes.ConsentGivenBy.SURVIVOR
        )
        data.consent_child_assent = self.cleaned_data.get("consent_child_assent")
        data.caregiver_name = self.cleaned_data.get("caregiver_name") or ""
        return data


class PerpetratorForm(PersonForm):
    role = "perpetrator"
    id_number = forms.CharField(label=_("Staff or ID number"), required=False, max_length=60)
    sex = _code_field(_("Sex"), Sex.choices, Sex.OTHER_UNKNOWN)
    affiliation = forms.ModelChoiceField(
        label=_("Works for"),
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        empty_label=_("Unknown"),
    )
    personnel_category = _code_field(
        _("Personnel category"), codes.PersonnelCategory.choices, codes.PersonnelCategory.UNKNOWN
    )
    value_fields = ("name", "phone", "id_number", "sex", "affiliation", "personnel_category")

    def __init__(self, *args, affiliation_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if affiliation_choices is not None:  # shared by the formset's forms: one query
            self.fields["affiliation"].choices = affiliation_choices

    def clean(self):
        cleaned = super().clean()
        cleaned["sex"] = cleaned.get("sex") or Sex.OTHER_UNKNOWN
        cleaned["personnel_category"] = (
            cleaned.get("personnel_category") or codes.PersonnelCategory.UNKNOWN
        )
        return cleaned

    def person_data(self) -> PersonData:
        data = super().person_data()
        data.values["affiliation"] = self.cleaned_data.get("affiliation")
        return data


class WitnessForm(PersonForm):
    role = "witness"


class ComplainantForm(PersonForm):
    role = "complainant"
    is_survivor = forms.BooleanField(
        label=_("The complainant is the (first) survivor"), required=False
    )


TRAFFICKING_FIELDS = ("exploitation_types", "is_child", "in_danger_now", "country")


def trafficking_details(values: dict) -> dict | None:
    """The trafficking answers as the intake service takes them, or None when nothing was
    said (every answer is optional: "unknown" and no type ticked say nothing)."""
    details = {
        "exploitation_types": list(values.get("exploitation_types") or []),
        "is_child": values.get("is_child") or YesNoUnknown.UNKNOWN,
        "in_danger_now": values.get("in_danger_now") or YesNoUnknown.UNKNOWN,
        "country": values.get("country") or "ZZZ",
    }
    said = (
        details["exploitation_types"]
        or details["is_child"] != YesNoUnknown.UNKNOWN
        or details["in_danger_now"] != YesNoUnknown.UNKNOWN
        or details["country"] != "ZZZ"
    )
    return details if said else None


def _exploitation_types_field(label) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=codes.ReportedExploitation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class TraffickingForm(forms.Form):
    """The staff intake's trafficking details: what the complainant can say. What is known
    about each victim goes to the victim registry."""

    exploitation_types = _exploitation_types_field(_("Types of exploitation"))
    is_child = forms.ChoiceField(
        label=_("Is the person a child (under 18)?"),
        choices=YesNoUnknown.choices,
        initial=YesNoUnknown.UNKNOWN,
        required=False,
    )
    in_danger_now = forms.ChoiceField(
        label=_("Is the person in danger now?"),
        choices=YesNoUnknown.choices,
        initial=YesNoUnknown.UNKNOWN,
        required=False,
    )
    country = forms.ChoiceField(
        label=_("Country where it happens"), choices=COUNTRY_CHOICES, initial="ZZZ", required=False
    )

    def answered(self) -> bool:
        """Whether anything was said (the form's section is then shown open)."""
        values = {name: self[name].value() for name in TRAFFICKING_FIELDS}
        return trafficking_details(values) is not None

    def details(self) -> dict | None:
        return trafficking_details(self.cleaned_data)


MAX_PERSONS = 20  # per kind on one complaint

SurvivorFormSet = forms.formset_factory(
    SurvivorForm, extra=1, max_num=MAX_PERSONS, validate_max=True, absolute_max=MAX_PERSONS
)
PerpetratorFormSet = forms.formset_factory(
    PerpetratorForm, extra=1, max_num=MAX_PERSONS, validate_max=True, absolute_max=MAX_PERSONS
)
WitnessFormSet = forms.formset_factory(
    WitnessForm, extra=0, max_num=MAX_PERSONS, validate_max=True, absolute_max=MAX_PERSONS
)


class SharedChoices:
    """A model choice field's choices, read once for every form of a formset (a callable,
    so nothing is read unless a form is shown)."""

    def __init__(self, field: forms.ModelChoiceField) -> None:
        self.field = field
        self.choices: list | None = None

    def __call__(self) -> list:
        if self.choices is None:
            # Iterated, not list()-ed: list() would ask the iterator's length (a COUNT).
            self.choices = [choice for choice in self.field.choices]  # noqa: C416
        return self.choices


class Intake:
    """All the parts of the intake form, bound together."""

    def __init__(self, data=None, files=None, initial=None):
        initial = initial or {}
        self.complaint = ComplaintForm(data, files, initial=initial.get("complaint"), prefix="c")
        self.complainant = ComplainantForm(
            data, initial=initial.get("complainant"), prefix="complainant"
        )
        self.survivors = SurvivorFormSet(data, initial=initial.get("survivors"), prefix="survivor")
        self.perpetrators = PerpetratorFormSet(
            data,
            initial=initial.get("perpetrators"),
            prefix="perpetrator",
            form_kwargs={
                "affiliation_choices": SharedChoices(PerpetratorForm.base_fields["affiliation"])
            },
        )
        self.witnesses = WitnessFormSet(data, initial=initial.get("witnesses"), prefix="witness")
        self.trafficking = TraffickingForm(data, initial=initial.get("trafficking"), prefix="t")

    @property
    def parts(self):
        return [
            self.complaint,
            self.complainant,
            self.survivors,
            self.perpetrators,
            self.witnesses,
            self.trafficking,
        ]

    def is_valid(self) -> bool:
        results = [part.is_valid() for part in self.parts]  # every part, for every message
        return all(results)

    def intake_data(self) -> IntakeData:
        complaint = {k: v for k, v in self.complaint.cleaned_data.items() if k != "attachments"}
        persons = []
        for formset in (self.survivors, self.perpetrators, self.witnesses):
            persons += [
                form.person_data()
                for form in formset.forms
                if form.has_changed() and form.cleaned_data
            ]
        complainant = self.complainant.cleaned_data
        survivors = [p for p in persons if "survivor" in p.roles]
        if complainant.get("is_survivor") and survivors:
            survivors[0].roles.add("complainant")  # one person, two roles
        elif complainant.get("name") or complainant.get("phone"):
            persons.insert(0, self.complainant.person_data())
        return IntakeData(
            complaint=complaint,
            persons=persons,
            trafficking=self.trafficking.details(),
            uploads=self.complaint.cleaned_data.get("attachments") or [],
        )


class ScreeningForm(forms.Form):
    classification = forms.ChoiceField(
        label=_("Classification"), choices=[("", "—"), *codes.Classification.choices]
    )
    priority = forms.ChoiceField(label=_("Priority"), choices=codes.Priority.choices)
    implicated_organisation = forms.ModelChoiceField(
        label=_("Implicated organisation"),
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        empty_label="—",
    )
    implicated_unknown = forms.BooleanField(label=_("Affiliation unknown"), required=False)


class ForwardForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Forward to"), queryset=Organisation.objects.filter(is_active=True)
    )


class FeedbackForm(forms.Form):
    message = forms.CharField(label=_("Feedback given"), widget=forms.Textarea(attrs={"rows": 3}))
    channel = forms.ChoiceField(label=_("Channel"), choices=codes.FeedbackChannel.choices)


class ConsentForm(forms.Form):
    survivor = forms.UUIDField(widget=forms.HiddenInput)
    scope = forms.ChoiceField(label=_("Scope"), choices=codes.ConsentScope.choices)
    given = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Consents")), ("no", _("Refuses"))],
        coerce=lambda value: value == "yes",
    )
    given_by = forms.ChoiceField(label=_("Given by"), choices=codes.ConsentGivenBy.choices)
    child_assent = _assent_field(_("The child assents"))
    caregiver_name = _caregiver_field(_("Caregiver's name (checked, not kept)"))


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note for the case's handlers"), widget=forms.Textarea(attrs={"rows": 3})
    )


PERSON_ROLES = [
    ("survivor", _("Survivor")),
    ("witness", _("Witness")),
    ("perpetrator", _("Alleged perpetrator")),
    ("complainant", _("Complainant")),
]


class AddPersonForm(forms.Form):
    role = forms.ChoiceField(label=_("Who is it?"), choices=PERSON_ROLES)
    name = forms.CharField(label=_("Name"), required=False, max_length=200)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    sex = _code_field(_("Sex"), Sex.choices, Sex.OTHER_UNKNOWN)
    age_group = _code_field(_("Age group"), AgeGroup.choices, AgeGroup.UNKNOWN)
    affiliation = forms.ModelChoiceField(
        label=_("Works for (alleged perpetrator)"),
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        empty_label=_("Unknown"),
    )

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            cleaned["person"] = self._person_data(cleaned)
        return cleaned

    @staticmethod
    def _person_data(data: dict) -> PersonData:
        values = {
            "name": data["name"],
            "phone": data["phone"],
            "sex": data["sex"] or Sex.OTHER_UNKNOWN,
            "age_group": data["age_group"] or AgeGroup.UNKNOWN,
        }
        if data["role"] == "perpetrator":
            values["affiliation"] = data["affiliation"]
        return PersonData(roles={data["role"]}, values=values)


class AddAttachmentsForm(forms.Form):
    attachments = AttachmentsField(label=_("Photos, documents or recordings"))


class CloseForm(forms.Form):
    # No reason is chosen for the coordinator: a closure states its own.
    reason = forms.ChoiceField(
        label=_("Why is the case closed?"), choices=[("", "—"), *codes.ClosureReason.choices]
    )
    rereview_on = forms.DateField(
        label=_("Review again on (unattributed cases)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    feedback = forms.CharField(
        label=_("Feedback to the complainant on the closure"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("I confirm: closing ends the case and starts the retention clock."),
        error_messages={"required": _("Tick the box to confirm the closure.")},
    )


class ReopenForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why is it reopened?"), choices=codes.ReopenReason.choices)
    confirm = forms.BooleanField(
        label=_("I confirm: the case goes back to screening."),
        error_messages={
            "required": _("Tick the box to confirm."),
        },
    )


class BestInterestsForm(forms.Form):
    survivor = forms.UUIDField(widget=forms.HiddenInput)
    reason = forms.ChoiceField(
        label=_("Why no caregiver consents"), choices=codes.BestInterestsReason.choices
    )
    notes = forms.CharField(
        label=_("The determination, and who took part"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class WithdrawConsentForm(ConfirmedForm):
    consent = forms.IntegerField(widget=forms.HiddenInput)


class RecuseForm(ConfirmedForm):
    user = forms.ModelChoiceField(label=_("User to recuse"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(is_active=True).select_related(
            "organisation"
        )


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any")), *list(codes.Status.choices)], required=False
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("Any")), *list(codes.Category.choices)], required=False
    )
    location = forms.ModelChoiceField(
        label=_("Location"),
        queryset=Location.objects.filter(is_active=True).select_related("parent__parent"),
        required=False,
        empty_label=_("Any"),
    )
    date_from = forms.DateField(
        label=_("Received from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Received until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


PUBLIC_YES_NO = [
    (YesNoUnknown.YES, _("Yes")),
    (YesNoUnknown.NO, _("No")),
    (YesNoUnknown.UNKNOWN, _("I don't know")),
]


class PublicReportForm(forms.Form):
    """The public form: only what a reporter can give, all optional but the story."""

    narrative = forms.CharField(
        label=_("What happened? Who, where and when, as far as you know."),
        widget=forms.Textarea(attrs={"rows": 7}),
        max_length=10000,
        error_messages={"required": _("Please tell us what happened.")},
    )
    category = forms.ChoiceField(
        label=_("What is it about?"), choices=codes.Category.choices, initial=codes.Category.UNKNOWN
    )
    location_text = forms.CharField(
        label=_("Where did it happen? (town, camp or site)"), required=False, max_length=200
    )
    # Asked when the report is about trafficking in persons; always on the page (no
    # script needed), every answer optional.
    exploitation_types = _exploitation_types_field(
        _("What kind of exploitation? Tick all that apply.")
    )
    country = forms.ChoiceField(
        label=_("In which country is it happening?"),
        choices=COUNTRY_CHOICES,
        initial="ZZZ",
        required=False,
    )
    is_child = forms.ChoiceField(
        label=_("Is the person under 18?"),
        choices=PUBLIC_YES_NO,
        initial=YesNoUnknown.UNKNOWN,
        required=False,
        widget=forms.RadioSelect,
    )
    in_danger_now = forms.ChoiceField(
        label=_("Are they in danger now?"),
        choices=PUBLIC_YES_NO,
        initial=YesNoUnknown.UNKNOWN,
        required=False,
        widget=forms.RadioSelect,
    )
    is_survivor = forms.BooleanField(label=_("It happened to me"), required=False)
    contact = forms.CharField(
        label=_("A safe phone number to reach you (optional)"), required=False, max_length=40
    )
    # A field people never see: automated submitters fill it in.
    website = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )

    trafficking_names = TRAFFICKING_FIELDS

    def trafficking_fields(self) -> list:
        return [self[name] for name in TRAFFICKING_FIELDS]

    def trafficking(self) -> dict | None:
        """The trafficking answers, or None. Kept whatever category was chosen: without
        script the questions are always on the page, and a reporter unsure of the words
        ("Not clear yet") may still say that someone is a child or in danger now."""
        return trafficking_details(self.cleaned_data)


class ReceiptForm(forms.Form):
    code = forms.CharField(
        label=_("Your receipt code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class AddInformationForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Add information"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000
    )
