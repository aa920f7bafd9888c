"""Code lists of the victim-of-trafficking registry (DOMAIN.md section 10).

Each list maps one-to-one onto the Counter Trafficking Data Collaborative (CTDC) global
dataset codebook: `CTDC_COLUMNS` names the CTDC column (or value) of every code, so an
import and the de-identified export are one table away (`trafficking/ctdc.py`). Where
IOM's Human Trafficking Case Data Standard (HTCDS) asks for more than CTDC (the Palermo
act and means, transit countries, identification, dates with their precision), the
extra codes sit beside the CTDC ones and fold onto them in the export.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IdentificationStatus(models.TextChoices):
    PRESUMED = "presumed", _("Presumed victim")
    IDENTIFIED = "identified", _("Identified victim")
    NOT_A_VICTIM = "not_a_victim", _("Assessed: not a victim of trafficking")


class Gender(models.TextChoices):
    """CTDC `gender`."""

    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    TRANS = "trans", _("Trans, transgender or gender non-conforming")
    UNKNOWN = "unknown", _("Unknown")


class AgeBand(models.TextChoices):
    """CTDC `ageBroad` (age at registration); 0-8 and 9-17 are minors."""

    AGE_0_8 = "0--8", _("0-8")
    AGE_9_17 = "9--17", _("9-17")
    AGE_18_20 = "18--20", _("18-20")
    AGE_21_23 = "21--23", _("21-23")
    AGE_24_26 = "24--26", _("24-26")
    AGE_27_29 = "27--29", _("27-29")
    AGE_30_38 = "30--38", _("30-38")
    AGE_39_47 = "39--47", _("39-47")
    AGE_48_PLUS = "48+", _("48 or over")
    UNKNOWN = "unknown", _("Unknown")


MINOR_AGE_BANDS = {AgeBand.AGE_0_8, AgeBand.AGE_9_17}


class Majority(models.TextChoices):
    """CTDC `majorityStatus`, `majorityStatusAtExploit` and `majorityEntry`."""

    ADULT = "adult", _("Adult")
    MINOR = "minor", _("Minor (under 18)")
    UNKNOWN = "unknown", _("Unknown")


class Act(models.TextChoices):
    """The Palermo Protocol's *act* element (HTCDS)."""

    RECRUITMENT = "recruitment", _("Recruitment")
    TRANSPORTATION = "transportation", _("Transportation")
    TRANSFER = "transfer", _("Transfer")
    HARBOURING = "harbouring", _("Harbouring")
    RECEIPT = "receipt", _("Receipt of persons")


class Means(models.TextChoices):
    """The Palermo Protocol's *means* element (HTCDS); not required for a child."""

    THREAT_OR_FORCE = "threat_force", _("Threat or use of force")
    COERCION = "coercion", _("Other forms of coercion")
    ABDUCTION = "abduction", _("Abduction")
    FRAUD = "fraud", _("Fraud")
    DECEPTION = "deception", _("Deception or false promises")
    ABUSE_OF_POWER = "abuse_of_power", _("Abuse of power")
    ABUSE_OF_VULNERABILITY = "abuse_of_vulnerability", _("Abuse of a position of vulnerability")
    PAYMENTS = "payments", _("Payments or benefits to a person in control of the victim")


class Purpose(models.TextChoices):
    """The *purpose*: the types of exploitation (CTDC `is...` flags, and the purposes
    DOMAIN.md section 10 adds). Several at once."""

    SEXUAL = "sexual", _("Sexual exploitation")
    FORCED_LABOUR = "forced_labour", _("Forced labour or services")
    SLAVERY = "slavery", _("Slavery or practices similar to slavery, servitude")
    DOMESTIC_SERVITUDE = "domestic_servitude", _("Domestic servitude")
    FORCED_MARRIAGE = "forced_marriage", _("Forced marriage")
    FORCED_CRIMINALITY = "forced_criminality", _("Forced criminality")
    BEGGING = "begging", _("Forced begging")
    FORCED_MILITARY = "forced_military", _("Forced military recruitment or use by armed groups")
    ORGAN_REMOVAL = "organ_removal", _("Removal of organs")
    OTHER = "other", _("Other exploitation")


class MeansOfControl(models.TextChoices):
    """CTDC `meansOfControl...` (every code of the codebook)."""

    DEBT_BONDAGE = "debt_bondage", _("Debt bondage")
    TAKES_EARNINGS = "takes_earnings", _("Takes earnings")
    RESTRICTS_FINANCIAL_ACCESS = "restricts_financial_access", _("Restricts access to money")
    THREATS = "threats", _("Threats")
    PSYCHOLOGICAL_ABUSE = "psychological_abuse", _("Psychological abuse")
    PHYSICAL_ABUSE = "physical_abuse", _("Physical abuse")
    SEXUAL_ABUSE = "sexual_abuse", _("Sexual abuse")
    FALSE_PROMISES = "false_promises", _("False promises")
    PSYCHOACTIVE_SUBSTANCES = "psychoactive_substances", _("Psychoactive substances")
    RESTRICTS_MOVEMENT = "restricts_movement", _("Restricts movement")
    RESTRICTS_MEDICAL_CARE = "restricts_medical_care", _("Restricts medical care")
    EXCESSIVE_WORKING_HOURS = "excessive_working_hours", _("Excessive working hours")
    USES_CHILDREN = "uses_children", _("Uses children")
    THREAT_OF_LAW_ENFORCEMENT = "threat_of_law_enforcement", _("Threat of law enforcement")
    WITHHOLDS_NECESSITIES = "withholds_necessities", _("Denial of basic needs")
    WITHHOLDS_DOCUMENTS = "withholds_documents", _("Withholds documents")
    OTHER = "other", _("Other")


class LabourSector(models.TextChoices):
    """CTDC `typeOfLabour...`."""

    AGRICULTURE = "agriculture", _("Agriculture")
    AQUAFARMING = "aquafarming", _("Fishing and aquafarming")
    BEGGING = "begging", _("Begging")
    CONSTRUCTION = "construction", _("Construction")
    DOMESTIC_WORK = "domestic_work", _("Domestic work")
    HOSPITALITY = "hospitality", _("Hospitality")
    ILLICIT_ACTIVITIES = "illicit_activities", _("Illicit activities")
    MANUFACTURING = "manufacturing", _("Manufacturing")
    MINING = "mining", _("Mining or drilling")
    PEDDLING = "peddling", _("Peddling")
    TRANSPORTATION = "transportation", _("Transportation")
    OTHER = "other", _("Other")


class SexualExploitationType(models.TextChoices):
    """CTDC `typeOfSex...`."""

    PROSTITUTION = "prostitution", _("Prostitution")
    PORNOGRAPHY = "pornography", _("Pornography")
    REMOTE_INTERACTIVE = "remote_interactive", _("Remote interactive services")
    PRIVATE_SEXUAL_SERVICES = "private_sexual_services", _("Private sexual services")


class RecruiterRelation(models.TextChoices):
    """CTDC `recruiterRelation...`: several at once (a friend of the family...)."""

    INTIMATE_PARTNER = "intimate_partner", _("Intimate partner")
    FRIEND = "friend", _("Friend or acquaintance")
    FAMILY = "family", _("Family member")
    OTHER = "other", _("Other (employer, agency, stranger...)")
    UNKNOWN = "unknown", _("Unknown")


class DataSource(models.TextChoices):
    """CTDC `Datasource`."""

    CASE_MANAGEMENT = "case_management", _("Case management")
    HOTLINE = "hotline", _("Hotline")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Exact date")
    MONTH = "month", _("Month only")
    YEAR = "year", _("Year only")


class Duration(models.TextChoices):
    """How long the exploitation lasted (HTCDS). "More than a year" holds records that
    said no more (the registry's first bands); the finer bands nest into it."""

    UNDER_1_MONTH = "lt_1m", _("Less than a month")
    MONTHS_1_6 = "1_6m", _("1 to 6 months")
    MONTHS_6_12 = "6_12m", _("6 to 12 months")
    YEARS_1_2 = "1_2y", _("1 to 2 years")
    YEARS_2_PLUS = "gt_2y", _("More than 2 years")
    OVER_A_YEAR = "gt_1y", _("More than a year")
    ONGOING = "ongoing", _("Still ongoing")
    UNKNOWN = "unknown", _("Unknown")


class PlanStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class PlanClosure(models.TextChoices):
    REINTEGRATED = "reintegrated", _("Reintegrated: goals met")
    RETURNED = "returned", _("Returned or relocated, handed over")
    DECLINED = "declined", _("The person no longer wants assistance")
    LOST_CONTACT = "lost_contact", _("Contact lost")
    TRANSFERRED = "transferred", _("Transferred to another organisation")
    OTHER = "other", _("Other")


class PlanServiceStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    REFERRED = "referred", _("Referred to the provider")
    IN_PROGRESS = "in_progress", _("Being provided")
    PROVIDED = "provided", _("Provided")
    DECLINED_BY_PERSON = "declined", _("Declined by the person")
    UNAVAILABLE = "unavailable", _("Not available")


class NrmStatus(models.TextChoices):
    REFERRED = "referred", _("Referred, awaiting acknowledgement")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged by the authority")
    DECLINED = "declined", _("Declined by the authority")
    WITHDRAWN = "withdrawn", _("Withdrawn (consent withdrawn)")


# The multiple-choice fields of a victim record and the list each draws from.
MULTIPLE_CHOICE = {
    "acts": Act,
    "means": Means,
    "purposes": Purpose,
    "labour_sectors": LabourSector,
    "sexual_exploitation_types": SexualExploitationType,
    "means_of_control": MeansOfControl,
    "recruiter_relations": RecruiterRelation,
}
