"""Code lists of complaints (DOMAIN.md sections 4 and 5; the lists every app shares are in
core.codes). Quasi-identifiers are stored as these codes, never as free text, so
statistics can coarsen them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryPoint(models.TextChoices):
    HOTLINE = "hotline", _("Hotline")
    COMPLAINT_BOX = "box", _("Complaint box")
    HELP_DESK = "help_desk", _("Help desk")
    IN_PERSON = "in_person", _("In person")
    FOCAL_POINT = "focal_point", _("Focal point")
    COMMUNITY_COMMITTEE = "committee", _("Community committee")
    WEB_FORM = "web_form", _("Public web form")
    SMS = "sms", _("SMS / WhatsApp")
    EMAIL = "email", _("E-mail")
    SOCIAL_MEDIA = "social_media", _("Social media")
    ASSESSMENT = "assessment", _("Assessment or monitoring visit")
    OTHER = "other", _("Other")


class Category(models.TextChoices):
    SEA = "sea", _("Sexual exploitation or abuse")
    TRAFFICKING = "trafficking", _("Trafficking in persons")
    SEXUAL_HARASSMENT = "sexual_harassment", _("Sexual harassment")
    OTHER_MISCONDUCT = "other_misconduct", _("Other misconduct")
    PROGRAMME_FEEDBACK = "programme_feedback", _("Programme feedback")
    UNKNOWN = "unknown", _("Not clear yet")


class Subcategory(models.TextChoices):
    TRANSACTIONAL_SEX = "transactional_sex", _("Transactional sex")
    SOLICITATION = "solicitation", _("Solicitation of transactional sex")
    EXPLOITATIVE_RELATIONSHIP = "exploitative_relationship", _("Exploitative relationship")
    MINOR = "sex_with_minor", _("Sexual activity with a minor")
    RAPE = "rape", _("Rape")
    SEXUAL_ASSAULT = "sexual_assault", _("Sexual assault")
    SEA_OTHER = "sea_other", _("Other or unknown SEA")
    FRAUD = "fraud", _("Fraud")
    ABUSE_OF_POWER = "abuse_of_power", _("Abuse of power")
    PHYSICAL_ABUSE = "physical_abuse", _("Physical abuse")


SEA_SUBCATEGORIES = {
    Subcategory.TRANSACTIONAL_SEX,
    Subcategory.SOLICITATION,
    Subcategory.EXPLOITATIVE_RELATIONSHIP,
    Subcategory.MINOR,
    Subcategory.RAPE,
    Subcategory.SEXUAL_ASSAULT,
    Subcategory.SEA_OTHER,
}
# Post-rape care windows: post-exposure prophylaxis within 72 hours of the incident,
# emergency contraception within 120 hours (DOMAIN.md sections 5 and 9).
URGENT_MEDICAL_SUBCATEGORIES = {Subcategory.RAPE, Subcategory.SEXUAL_ASSAULT}
URGENT_MEDICAL_HOURS = 120
MISCONDUCT_SUBCATEGORIES = {
    Subcategory.FRAUD,
    Subcategory.ABUSE_OF_POWER,
    Subcategory.PHYSICAL_ABUSE,
}


class Classification(models.TextChoices):
    """The coordinator's screening result (DOMAIN.md section 2, step 2)."""

    SEA = "sea", _("SEA")
    POSSIBLE_SEA = "possible_sea", _("Possible SEA")
    TRAFFICKING = "trafficking", _("Trafficking")
    OTHER_MISCONDUCT = "other_misconduct", _("Other staff misconduct")
    PROGRAMME_FEEDBACK = "programme_feedback", _("Programme feedback")


# Categories locked to need-to-know roles from submission (with any child case).
LOCKED_CATEGORIES = {Category.SEA, Category.TRAFFICKING}
NEED_TO_KNOW_CLASSIFICATIONS = {
    Classification.SEA,
    Classification.POSSIBLE_SEA,
    Classification.TRAFFICKING,
}
FORWARDABLE_CLASSIFICATIONS = {Classification.OTHER_MISCONDUCT, Classification.PROGRAMME_FEEDBACK}


class Priority(models.TextChoices):
    HIGH = "high", _("High (act within 24 hours)")
    MEDIUM = "medium", _("Medium (act within 72 hours)")
    LOW = "low", _("Low")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    RECEIVED = "received", _("Received, awaiting screening")
    SCREENED = "screened", _("Screened")
    REFERRED = "referred", _("Referred")
    FORWARDED = "forwarded", _("Forwarded to the agency concerned")
    CLOSED = "closed", _("Closed")


class ClosureReason(models.TextChoices):
    """Why a case is closed (DOMAIN.md section 9); forwarding closes through its own step."""

    SUBSTANTIATED = "substantiated", _("Substantiated")
    UNSUBSTANTIATED = "unsubstantiated", _("Not substantiated")
    LACK_OF_INFORMATION = "no_information", _("Closed for lack of information")
    UNATTRIBUTED = "unattributed", _("Unattributed (the affiliation could not be identified)")
    WITHDRAWN = "withdrawn", _("Withdrawn by the complainant")
    DUPLICATE = "duplicate", _("Duplicate of another complaint")


class ReopenReason(models.TextChoices):
    NEW_INFORMATION = "new_information", _("New information")
    AFFILIATION_IDENTIFIED = "affiliation_identified", _("The affiliation was identified")
    CLOSED_IN_ERROR = "closed_in_error", _("Closed in error")
    COMPLAINANT_REQUEST = "complainant_request", _("At the complainant's request")


class DatePrecision(models.TextChoices):
    EXACT = "exact", _("Exact date")
    MONTH = "month", _("Approximate (month)")
    UNKNOWN = "unknown", _("Unknown")


class Displacement(models.TextChoices):
    REFUGEE = "refugee", _("Refugee or asylum seeker")
    IDP = "idp", _("Internally displaced")
    RETURNEE = "returnee", _("Returnee")
    HOST = "host", _("Host community")
    MIGRANT = "migrant", _("Migrant")
    UNKNOWN = "unknown", _("Unknown")


class PersonnelCategory(models.TextChoices):
    UN_STAFF = "un_staff", _("UN staff")
    UN_RELATED = "un_related", _("UN-related personnel")
    PARTNER_STAFF = "partner_staff", _("Implementing-partner staff")
    CONTRACTOR = "contractor", _("Contractor or other")
    UNKNOWN = "unknown", _("Unknown")


class FeedbackChannel(models.TextChoices):
    PHONE = "phone", _("Phone call")
    SMS = "sms", _("SMS / WhatsApp")
    IN_PERSON = "in_person", _("In person")
    EMAIL = "email", _("E-mail")
    RECEIPT = "receipt", _("Receipt code (anonymous)")
    NONE = "none", _("No feedback wanted")


class ConsentScope(models.TextChoices):
    INVESTIGATION = "investigation", _("Refer for investigation")
    SHARE_IDENTITY = "share_identity", _("Share identity with investigators")
    MEDICAL = "medical", _("Refer for medical care")
    PSYCHOSOCIAL = "psychosocial", _("Refer for psychosocial support")
    LEGAL = "legal", _("Refer for legal aid")
    SAFETY = "safety", _("Refer for safety and protection")
    MATERIAL = "material", _("Refer for material or livelihood support")
    SHELTER = "shelter", _("Refer for shelter")
    EDUCATION = "education", _("Refer for education")
    CHILD_PROTECTION = "child_protection", _("Refer for child protection")
    STATISTICS = "statistics", _("Count in statistics")


class ConsentGivenBy(models.TextChoices):
    SURVIVOR = "survivor", _("The survivor")
    CAREGIVER = "caregiver", _("A caregiver (for a child)")
    BEST_INTERESTS = "best_interests", _("A best-interests determination (no safe caregiver)")


class BestInterestsReason(models.TextChoices):
    NO_CAREGIVER = "no_caregiver", _("No caregiver or guardian can be reached")
    CAREGIVER_IMPLICATED = "caregiver_implicated", _("The caregiver is implicated in the abuse")
    CAREGIVER_UNSAFE = "caregiver_unsafe", _("Involving the caregiver would put the child at risk")


class ReportedExploitation(models.TextChoices):
    """What a reporter can say about the exploitation (issue 14): the same codes as the
    victim registry's purposes (trafficking.codes.Purpose), in words anyone can answer."""

    SEXUAL = "sexual", _("Sexual exploitation (made to sell sex or to take part in sex acts)")
    FORCED_LABOUR = "forced_labour", _("Forced labour (work they cannot leave or refuse)")
    DOMESTIC_SERVITUDE = "domestic_servitude", _("Domestic servitude (kept to work in a home)")
    BEGGING = "begging", _("Forced begging")
    FORCED_CRIMINALITY = "forced_criminality", _("Forced to commit crimes (theft, selling drugs)")
    FORCED_MARRIAGE = "forced_marriage", _("Forced marriage")
    FORCED_MILITARY = "forced_military", _("Recruited or used by an armed group")
    ORGAN_REMOVAL = "organ_removal", _("Removal of organs")
    OTHER = "other", _("Other, or not sure")


# The statistics' "exploitation_type" dimension (reports.api) reads the codes under this
# name: a case is counted under each type it reports.
ExploitationType = ReportedExploitation
