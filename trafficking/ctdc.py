"""The CTDC global dataset (the 2017-2020 codebook) and how each of its columns maps onto a
victim record: one table, `COLUMNS`, drives both the import and the de-identified export.

CTDC conventions, as read here and written back:
- flags are "1"/"0", with "" (or "-99", "NA") for unknown. A group of flags (the means of
  control, the types of exploitation, the labour sectors...) is written from one list of
  codes: an empty list is "not known", so every flag of the group is empty; a non-empty
  list gives "1" for its codes and "0" for the rest. Reading, "1" adds the code; a
  "...NotSpecified" flag of "1" means "asked, nothing said": the list stays empty.
- countries are ISO alpha-2 ("00" or "" unknown); the record keeps alpha-3 lists, of
  which CTDC has room for one (the first is written).
- the registration date is a year: imported records get 1 January of that year with the
  precision "year"; nothing finer than the year is ever written.
- "...Concatenated" columns (and `RecruiterRelationship`) are ";"-joined labels: written
  on export, ignored on import (the flags say the same, and are what CTDC analyses).

What CTDC has no room for folds (`FOLDS`): the purposes domestic servitude, forced
criminality and begging are written as forced labour plus the matching labour sector
(domestic work, illicit activities, begging); the Palermo means travel only as
`isAbduction`. An import therefore brings back the folded form (forced labour + domestic
work), never the finer purpose: the export is lossy on purpose, the import is exact.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from core.codes import ALPHA2_TO_ALPHA3, ALPHA3_TO_ALPHA2

from . import codes

UNKNOWN_VALUES = frozenset({"", "-99", "na", "n/a", "null", "unknown"})
UNKNOWN_COUNTRIES = frozenset({"00", "zz"})


@dataclass(frozen=True)
class Year:
    """`yearOfRegistration` <-> `registered_on` (1 January, precision "year")."""

    column: str


@dataclass(frozen=True)
class Choice:
    """A single choice: CTDC label <-> code of `field`. `aliases` are other spellings
    accepted on import (compared case-insensitively)."""

    column: str
    field: str
    labels: Mapping[str, str]  # code -> CTDC label
    aliases: Mapping[str, str] | None = None  # other label (lower case) -> code
    unknown: str | None = None  # the code meaning unknown (written as "")


@dataclass(frozen=True)
class Country:
    """An ISO alpha-2 column <-> the first alpha-3 code of a list field."""

    column: str
    field: str


@dataclass(frozen=True)
class Flag:
    """One 1/0 flag: whether `code` is in the list field `field`."""

    column: str
    field: str
    code: str
    label: str  # for the concatenated column


@dataclass(frozen=True)
class NotSpecified:
    """A "...NotSpecified" flag of a group: "1" when the group was asked and is empty."""

    column: str
    field: str


@dataclass(frozen=True)
class Both:
    """`isSexAndLabour`: 1 when the list holds both codes (reading "1" adds both)."""

    column: str
    field: str
    codes: tuple[str, str]


@dataclass(frozen=True)
class Concatenated:
    """The labels of a group's flags joined by ";" (export only)."""

    column: str
    field: str


Column = Year | Choice | Country | Flag | NotSpecified | Both | Concatenated

_MOC = codes.MeansOfControl
_P = codes.Purpose
_LS = codes.LabourSector
_SX = codes.SexualExploitationType
_RR = codes.RecruiterRelation
_MAJORITY: dict[str, str] = {codes.Majority.ADULT: "Adult", codes.Majority.MINOR: "Minor"}


def _moc(column: str, code: str, label: str) -> Flag:
    return Flag("meansOfControl" + column, "means_of_control", code, label)


def _labour(column: str, code: str, label: str) -> Flag:
    return Flag("typeOfLabour" + column, "labour_sectors", code, label)


def _sex(column: str, code: str, label: str) -> Flag:
    return Flag("typeOfSex" + column, "sexual_exploitation_types", code, label)


def _recruiter(column: str, code: str, label: str) -> Flag:
    return Flag("recruiterRelation" + column, "recruiter_relations", code, label)


COLUMNS: tuple[Column, ...] = (
    Year("yearOfRegistration"),
    Choice(
        "Datasource",
        "data_source",
        {codes.DataSource.CASE_MANAGEMENT: "Case Management", codes.DataSource.HOTLINE: "Hotline"},
    ),
    Choice(
        "gender",
        "gender",
        {
            codes.Gender.FEMALE: "Female",
            codes.Gender.MALE: "Male",
            codes.Gender.TRANS: "Transgender",
        },
        aliases={
            "trans/transgender/nonconforming": codes.Gender.TRANS,
            "trans": codes.Gender.TRANS,
            "transgender/nonconforming": codes.Gender.TRANS,
            "f": codes.Gender.FEMALE,
            "m": codes.Gender.MALE,
        },
        unknown=codes.Gender.UNKNOWN,
    ),
    Choice(
        "ageBroad",
        "age_band",
        {band.value: band.value for band in codes.AgeBand if band != codes.AgeBand.UNKNOWN},
        unknown=codes.AgeBand.UNKNOWN,
    ),
    Choice("majorityStatus", "majority", _MAJORITY, unknown=codes.Majority.UNKNOWN),
    Choice(
        "majorityStatusAtExploit",
        "majority_at_exploitation",
        _MAJORITY,
        unknown=codes.Majority.UNKNOWN,
    ),
    Choice("majorityEntry", "majority_at_entry", _MAJORITY, unknown=codes.Majority.UNKNOWN),
    Country("citizenship", "citizenship"),
    _moc("DebtBondage", _MOC.DEBT_BONDAGE, "Debt bondage"),
    _moc("TakesEarnings", _MOC.TAKES_EARNINGS, "Takes earnings"),
    _moc("RestrictsFinancialAccess", _MOC.RESTRICTS_FINANCIAL_ACCESS, "Restricts financial access"),
    _moc("Threats", _MOC.THREATS, "Threats"),
    _moc("PsychologicalAbuse", _MOC.PSYCHOLOGICAL_ABUSE, "Psychological abuse"),
    _moc("PhysicalAbuse", _MOC.PHYSICAL_ABUSE, "Physical abuse"),
    _moc("SexualAbuse", _MOC.SEXUAL_ABUSE, "Sexual abuse"),
    _moc("FalsePromises", _MOC.FALSE_PROMISES, "False promises"),
    _moc("PsychoactiveSubstances", _MOC.PSYCHOACTIVE_SUBSTANCES, "Psychoactive substances"),
    _moc("RestrictsMovement", _MOC.RESTRICTS_MOVEMENT, "Restricts movement"),
    _moc("RestrictsMedicalCare", _MOC.RESTRICTS_MEDICAL_CARE, "Restricts medical care"),
    _moc("ExcessiveWorkingHours", _MOC.EXCESSIVE_WORKING_HOURS, "Excessive working hours"),
    _moc("UsesChildren", _MOC.USES_CHILDREN, "Uses children"),
    _moc("ThreatOfLawEnforcement", _MOC.THREAT_OF_LAW_ENFORCEMENT, "Threat of law enforcement"),
    _moc("WithholdsNecessities", _MOC.WITHHOLDS_NECESSITIES, "Withholds necessities"),
    _moc("WithholdsDocuments", _MOC.WITHHOLDS_DOCUMENTS, "Withholds documents"),
    _moc("Other", _MOC.OTHER, "Other"),
    NotSpecified("meansOfControlNotSpecified", "means_of_control"),
    Concatenated("meansOfControlConcatenated", "means_of_control"),
    Flag("isForcedLabour", "purposes", _P.FORCED_LABOUR, "Forced labour"),
    Flag("isSexualExploit", "purposes", _P.SEXUAL, "Sexual exploitation"),
    Flag("isOtherExploit", "purposes", _P.OTHER, "Other"),
    Both("isSexAndLabour", "purposes", (_P.SEXUAL, _P.FORCED_LABOUR)),
    Flag("isForcedMarriage", "purposes", _P.FORCED_MARRIAGE, "Forced marriage"),
    Flag("isForcedMilitary", "purposes", _P.FORCED_MILITARY, "Forced military"),
    Flag("isOrganRemoval", "purposes", _P.ORGAN_REMOVAL, "Organ removal"),
    Flag("isSlaveryAndPractices", "purposes", _P.SLAVERY, "Slavery and similar practices"),
    Concatenated("typeOfExploitConcatenated", "purposes"),
    _labour("Agriculture", _LS.AGRICULTURE, "Agriculture"),
    _labour("Aquafarming", _LS.AQUAFARMING, "Aquafarming"),
    _labour("Begging", _LS.BEGGING, "Begging"),
    _labour("Construction", _LS.CONSTRUCTION, "Construction"),
    _labour("DomesticWork", _LS.DOMESTIC_WORK, "Domestic work"),
    _labour("Hospitality", _LS.HOSPITALITY, "Hospitality"),
    _labour("IllicitActivities", _LS.ILLICIT_ACTIVITIES, "Illicit activities"),
    _labour("Manufacturing", _LS.MANUFACTURING, "Manufacturing"),
    _labour("MiningOrDrilling", _LS.MINING, "Mining or drilling"),
    _labour("Peddling", _LS.PEDDLING, "Peddling"),
    _labour("Transportation", _LS.TRANSPORTATION, "Transportation"),
    _labour("Other", _LS.OTHER, "Other"),
    NotSpecified("typeOfLabourNotSpecified", "labour_sectors"),
    Concatenated("typeOfLabourConcatenated", "labour_sectors"),
    _sex("Prostitution", _SX.PROSTITUTION, "Prostitution"),
    _sex("Pornography", _SX.PORNOGRAPHY, "Pornography"),
    _sex("RemoteInteractiveServices", _SX.REMOTE_INTERACTIVE, "Remote interactive services"),
    _sex("PrivateSexualServices", _SX.PRIVATE_SEXUAL_SERVICES, "Private sexual services"),
    Concatenated("typeOfSexConcatenated", "sexual_exploitation_types"),
    Flag("isAbduction", "means", codes.Means.ABDUCTION, "Abduction"),
    Concatenated("RecruiterRelationship", "recruiter_relations"),
    Country("CountryOfExploitation", "exploitation_countries"),
    _recruiter("IntimatePartner", _RR.INTIMATE_PARTNER, "Intimate Partner"),
    _recruiter("Friend", _RR.FRIEND, "Friend"),
    _recruiter("Family", _RR.FAMILY, "Family"),
    _recruiter("Other", _RR.OTHER, "Other"),
    _recruiter("Unknown", _RR.UNKNOWN, "Unknown"),
)

HEADER: tuple[str, ...] = tuple(column.column for column in COLUMNS)

# What CTDC has no column for, written as what it has: (field, code) -> [(field, code)].
FOLDS: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {
    ("purposes", _P.DOMESTIC_SERVITUDE): (
        ("purposes", _P.FORCED_LABOUR),
        ("labour_sectors", _LS.DOMESTIC_WORK),
    ),
    ("purposes", _P.FORCED_CRIMINALITY): (
        ("purposes", _P.FORCED_LABOUR),
        ("labour_sectors", _LS.ILLICIT_ACTIVITIES),
    ),
    ("purposes", _P.BEGGING): (("purposes", _P.FORCED_LABOUR), ("labour_sectors", _LS.BEGGING)),
}

# The list fields the CTDC layout writes, and so reads.
LIST_FIELDS: tuple[str, ...] = tuple(
    dict.fromkeys(
        column.field for column in COLUMNS if isinstance(column, Flag | NotSpecified | Country)
    )
)
# The single-choice fields (and the registration year) it reads.
CHOICE_FIELDS: tuple[str, ...] = tuple(
    column.field for column in COLUMNS if isinstance(column, Choice)
)


# Choice columns: label or alias (lower case) -> code, built once.
_CHOICE_LOOKUP: dict[str, dict[str, str]] = {
    column.column: {
        **{label.lower(): code for code, label in column.labels.items()},
        **(column.aliases or {}),
    }
    for column in COLUMNS
    if isinstance(column, Choice)
}


def is_unknown(value: str) -> bool:
    return value.strip().lower() in UNKNOWN_VALUES


# --- Export -------------------------------------------------------------------------------


def _folded(values: Mapping[str, object]) -> dict[str, list[str]]:
    """The list fields as CTDC can say them: folded purposes replaced (see `FOLDS`)."""
    lists: dict[str, list[str]] = {
        field: list(values.get(field) or [])  # type: ignore[call-overload]
        for field in (*LIST_FIELDS, "means")
    }
    for (field, code), targets in FOLDS.items():
        if code in lists[field]:
            lists[field].remove(code)
            for target_field, target_code in targets:
                if target_code not in lists[target_field]:
                    lists[target_field].append(target_code)
    return lists


def majority_of(age_band: str) -> str:
    """A record registered in the registry has an age band, not always a majority."""
    if age_band in codes.MINOR_AGE_BANDS:
        return codes.Majority.MINOR
    if age_band in {"", codes.AgeBand.UNKNOWN}:
        return codes.Majority.UNKNOWN
    return codes.Majority.ADULT


def _flag(known: bool, present: bool) -> str:
    if not known:
        return ""
    return "1" if present else "0"


def victim_to_row(values: Mapping[str, object]) -> dict[str, str]:
    """One record (a mapping of field name -> value, as `.values()` gives) as a CTDC row."""
    lists = _folded(values)
    row: dict[str, str] = {}
    for column in COLUMNS:
        if isinstance(column, Year):
            registered = values.get("registered_on")
            row[column.column] = str(registered.year) if registered is not None else ""  # type: ignore[attr-defined]
        elif isinstance(column, Choice):
            value = str(values.get(column.field) or "")
            if column.field == "majority" and value in {"", codes.Majority.UNKNOWN}:
                value = majority_of(str(values.get("age_band") or ""))
            row[column.column] = column.labels.get(value, "")
        elif isinstance(column, Country):
            countries = lists[column.field]
            row[column.column] = ALPHA3_TO_ALPHA2.get(countries[0], "") if countries else ""
        elif isinstance(column, Flag):
            chosen = lists[column.field]
            row[column.column] = _flag(bool(chosen), column.code in chosen)
        elif isinstance(column, NotSpecified):
            # Empty is "not known" here (the record cannot tell "asked, none" from it).
            row[column.column] = "0" if lists[column.field] else ""
        elif isinstance(column, Both):
            chosen = lists[column.field]
            row[column.column] = _flag(bool(chosen), all(code in chosen for code in column.codes))
        else:
            chosen = lists[column.field]
            row[column.column] = ";".join(
                flag.label
                for flag in COLUMNS
                if isinstance(flag, Flag) and flag.field == column.field and flag.code in chosen
            )
    return row


# --- Import -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CellError:
    column: str
    code: str  # "bad_year", "bad_code", "bad_flag", "bad_country", "contradiction"
    value: str  # the cell as typed (shown back to the person who uploaded it, never logged)


def row_to_fields(row: Mapping[str, str]) -> tuple[dict[str, object], list[CellError]]:
    """One CTDC row as the fields of a record, and the cells that could not be read."""
    lists: dict[str, list[str]] = {field: [] for field in (*LIST_FIELDS, "means")}
    fields: dict[str, object] = dict(lists)
    errors: list[CellError] = []
    not_specified: set[str] = set()
    for column in COLUMNS:
        raw = (row.get(column.column) or "").strip()
        if isinstance(column, Year):
            if not raw.isdigit() or not 1900 <= int(raw) <= 2100:
                errors.append(CellError(column.column, "bad_year", raw))
            else:
                fields["registered_year"] = int(raw)
        elif isinstance(column, Choice):
            if is_unknown(raw) and column.unknown is not None:
                fields[column.field] = column.unknown
                continue
            code = _CHOICE_LOOKUP[column.column].get(raw.lower())
            if code is None:
                errors.append(CellError(column.column, "bad_code", raw))
            else:
                fields[column.field] = code
        elif isinstance(column, Country):
            if is_unknown(raw) or raw.lower() in UNKNOWN_COUNTRIES:
                continue
            alpha3 = ALPHA2_TO_ALPHA3.get(raw.upper())
            if alpha3 is None:
                errors.append(CellError(column.column, "bad_country", raw))
            else:
                lists[column.field].append(alpha3)
        elif isinstance(column, Concatenated):
            continue
        else:
            if is_unknown(raw) or raw == "0":
                continue
            if raw != "1":
                errors.append(CellError(column.column, "bad_flag", raw))
            elif isinstance(column, NotSpecified):
                not_specified.add(column.field)
            else:
                chosen = lists[column.field]
                for code in column.codes if isinstance(column, Both) else (column.code,):
                    if code not in chosen:
                        chosen.append(code)
    for field in not_specified:
        if lists[field]:
            name = next(
                c.column for c in COLUMNS if isinstance(c, NotSpecified) and c.field == field
            )
            errors.append(CellError(name, "contradiction", "1"))
    return fields, errors
