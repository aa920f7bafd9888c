"""The CTDC import and the de-identified export (issue 14 point 6).

The must-show: a CTDC-shaped file of a few hundred synthetic rows (made here, the same on
every run) goes in through the import, every field lands, and it comes back out in the
CTDC layout, k-anonymous, with the rows that were already safe unchanged.
"""

import csv
import io
import random
import re
from collections import Counter

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.factories import OrganisationFactory
from core.models import AuditEvent, DataKey
from trafficking import anonymity, ctdc
from trafficking.models import Victim
from trafficking.selectors.ctdc import ctdc_rows, registry_export_queryset
from trafficking.services.ctdc import CtdcImportError, ctdc_export, ctdc_import

from .conftest import VictimFactory

pytestmark = pytest.mark.django_db

# The layout of the CTDC global dataset (2017-2020 codebook), written out here on purpose:
# the export must keep it column for column.
LAYOUT = [
    "yearOfRegistration",
    "Datasource",
    "gender",
    "ageBroad",
    "majorityStatus",
    "majorityStatusAtExploit",
    "majorityEntry",
    "citizenship",
    "meansOfControlDebtBondage",
    "meansOfControlTakesEarnings",
    "meansOfControlRestrictsFinancialAccess",
    "meansOfControlThreats",
    "meansOfControlPsychologicalAbuse",
    "meansOfControlPhysicalAbuse",
    "meansOfControlSexualAbuse",
    "meansOfControlFalsePromises",
    "meansOfControlPsychoactiveSubstances",
    "meansOfControlRestrictsMovement",
    "meansOfControlRestrictsMedicalCare",
    "meansOfControlExcessiveWorkingHours",
    "meansOfControlUsesChildren",
    "meansOfControlThreatOfLawEnforcement",
    "meansOfControlWithholdsNecessities",
    "meansOfControlWithholdsDocuments",
    "meansOfControlOther",
    "meansOfControlNotSpecified",
    "meansOfControlConcatenated",
    "isForcedLabour",
    "isSexualExploit",
    "isOtherExploit",
    "isSexAndLabour",
    "isForcedMarriage",
    "isForcedMilitary",
    "isOrganRemoval",
    "isSlaveryAndPractices",
    "typeOfExploitConcatenated",
    "typeOfLabourAgriculture",
    "typeOfLabourAquafarming",
    "typeOfLabourBegging",
    "typeOfLabourConstruction",
    "typeOfLabourDomesticWork",
    "typeOfLabourHospitality",
    "typeOfLabourIllicitActivities",
    "typeOfLabourManufacturing",
    "typeOfLabourMiningOrDrilling",
    "typeOfLabourPeddling",
    "typeOfLabourTransportation",
    "typeOfLabourOther",
    "typeOfLabourNotSpecified",
    "typeOfLabourConcatenated",
    "typeOfSexProstitution",
    "typeOfSexPornography",
    "typeOfSexRemoteInteractiveServices",
    "typeOfSexPrivateSexualServices",
    "typeOfSexConcatenated",
    "isAbduction",
    "RecruiterRelationship",
    "CountryOfExploitation",
    "recruiterRelationIntimatePartner",
    "recruiterRelationFriend",
    "recruiterRelationFamily",
    "recruiterRelationOther",
    "recruiterRelationUnknown",
]

# The oracle: each flag column and the code it stands for, written out by hand.
GROUPS = {
    "means_of_control": {
        "meansOfControlDebtBondage": "debt_bondage",
        "meansOfControlTakesEarnings": "takes_earnings",
        "meansOfControlRestrictsFinancialAccess": "restricts_financial_access",
        "meansOfControlThreats": "threats",
        "meansOfControlPsychologicalAbuse": "psychological_abuse",
        "meansOfControlPhysicalAbuse": "physical_abuse",
        "meansOfControlSexualAbuse": "sexual_abuse",
        "meansOfControlFalsePromises": "false_promises",
        "meansOfControlPsychoactiveSubstances": "psychoactive_substances",
        "meansOfControlRestrictsMovement": "restricts_movement",
        "meansOfControlRestrictsMedicalCare": "restricts_medical_care",
        "meansOfControlExcessiveWorkingHours": "excessive_working_hours",
        "meansOfControlUsesChildren": "uses_children",
        "meansOfControlThreatOfLawEnforcement": "threat_of_law_enforcement",
        "meansOfControlWithholdsNecessities": "withholds_necessities",
        "meansOfControlWithholdsDocuments": "withholds_documents",
        "meansOfControlOther": "other",
    },
    "purposes": {
        "isForcedLabour": "forced_labour",
        "isSexualExploit": "sexual",
        "isOtherExploit": "other",
        "isForcedMarriage": "forced_marriage",
        "isForcedMilitary": "forced_military",
        "isOrganRemoval": "organ_removal",
        "isSlaveryAndPractices": "slavery",
    },
    "labour_sectors": {
        "typeOfLabourAgriculture": "agriculture",
        "typeOfLabourAquafarming": "aquafarming",
        "typeOfLabourBegging": "begging",
        "typeOfLabourConstruction": "construction",
        "typeOfLabourDomesticWork": "domestic_work",
        "typeOfLabourHospitality": "hospitality",
        "typeOfLabourIllicitActivities": "illicit_activities",
        "typeOfLabourManufacturing": "manufacturing",
        "typeOfLabourMiningOrDrilling": "mining",
        "typeOfLabourPeddling": "peddling",
        "typeOfLabourTransportation": "transportation",
        "typeOfLabourOther": "other",
    },
    "sexual_exploitation_types": {
        "typeOfSexProstitution": "prostitution",
        "typeOfSexPornography": "pornography",
        "typeOfSexRemoteInteractiveServices": "remote_interactive",
        "typeOfSexPrivateSexualServices": "private_sexual_services",
    },
    "recruiter_relations": {
        "recruiterRelationIntimatePartner": "intimate_partner",
        "recruiterRelationFriend": "friend",
        "recruiterRelationFamily": "family",
        "recruiterRelationOther": "other",
        "recruiterRelationUnknown": "unknown",
    },
}
NOT_SPECIFIED = {
    "means_of_control": "meansOfControlNotSpecified",
    "labour_sectors": "typeOfLabourNotSpecified",
}
CONCATENATED = {
    "means_of_control": "meansOfControlConcatenated",
    "purposes": "typeOfExploitConcatenated",
    "labour_sectors": "typeOfLabourConcatenated",
    "sexual_exploitation_types": "typeOfSexConcatenated",
    "recruiter_relations": "RecruiterRelationship",
}
LABELS = {  # what the export writes in the concatenated columns (CTDC's labels)
    (flag.field, flag.code): flag.label for flag in ctdc.COLUMNS if isinstance(flag, ctdc.Flag)
}
GENDERS = {"Female": "female", "Male": "male", "Transgender": "trans", "": "unknown"}
MAJORITY = {"Adult": "adult", "Minor": "minor", "": "unknown"}
MINOR_BANDS = {"0--8", "9--17"}
SOURCES = {"Case Management": "case_management", "Hotline": "hotline"}
QI = ["gender", "ageBroad", "majorityStatus", "citizenship", "CountryOfExploitation"]
QI += ["yearOfRegistration"]

# Most people share a few common profiles; the rest are rare on purpose (trans people,
# countries far from the region, the oldest and youngest bands, odd years).
COMMON = [
    ("Female", "18--20", "SY", "TR", "2018"),
    ("Female", "21--23", "SY", "TR", "2019"),
    ("Female", "24--26", "IQ", "TR", "2019"),
    ("Male", "27--29", "SY", "LB", "2018"),
    ("Male", "30--38", "AF", "TR", "2020"),
    ("Female", "9--17", "SY", "JO", "2020"),
    ("Male", "18--20", "IQ", "IQ", "2017"),
    ("Female", "30--38", "ER", "LY", "2019"),
    ("", "", "00", "TR", "2020"),
    ("Male", "", "SY", "", "2019"),
]
RARE_GENDERS = ["Transgender", "Transgender", "Trans/Transgender/NonConforming", "Male"]
RARE_BANDS = ["0--8", "48+", "39--47", "9--17", ""]
RARE_COUNTRIES = ["NZ", "IS", "BR", "PH", "NG", "UA", "KH", "VN"]


def _group(rng, row, field, expected, unknown_share=0.1, max_size=3):
    columns = GROUPS[field]
    if rng.random() < unknown_share:  # not known: every flag of the group empty
        chosen = []
        for column in columns:
            row[column] = ""
    else:
        chosen = rng.sample(sorted(columns.values()), rng.randint(1, max_size))
        for column, code in columns.items():
            row[column] = "1" if code in chosen else "0"
    if field in NOT_SPECIFIED:
        row[NOT_SPECIFIED[field]] = "0" if chosen else ""
    row[CONCATENATED[field]] = ";".join(
        LABELS[(field, code)] for code in columns.values() if code in chosen
    )
    expected[field] = sorted(chosen)
    return chosen


def synthetic_rows(count=400, seed=14):
    """`count` CTDC rows and, for each, the fields its record must hold."""
    rng = random.Random(seed)
    rows, expected_fields = [], []
    for _index in range(count):
        if rng.random() < 0.85:
            gender, band, citizenship, country, year = rng.choice(COMMON)
        else:
            gender = rng.choice(RARE_GENDERS)
            band = rng.choice(RARE_BANDS)
            citizenship = rng.choice([*RARE_COUNTRIES, "SY"])
            country = rng.choice([*RARE_COUNTRIES, "TR", "00"])
            year = rng.choice(["2017", "2018", "2019", "2020", "2012"])
        if band:
            majority = "Minor" if band in MINOR_BANDS else "Adult"
        else:
            majority = rng.choice(["Adult", "Minor", ""])
        row = {
            "yearOfRegistration": year,
            "Datasource": rng.choice(["Case Management", "Case Management", "Hotline"]),
            "gender": gender,
            "ageBroad": band,
            "majorityStatus": majority,
            "majorityStatusAtExploit": rng.choice(["Adult", "Minor", ""]),
            "majorityEntry": rng.choice(["Adult", "Minor", ""]),
            "citizenship": citizenship,
            "CountryOfExploitation": country,
        }
        expected = {
            "registered_year": int(year),
            "data_source": SOURCES[row["Datasource"]],
            "gender": "trans" if gender.startswith("Trans") else GENDERS[gender],
            "age_band": band or "unknown",
            "majority": MAJORITY[majority],
            "majority_at_exploitation": MAJORITY[row["majorityStatusAtExploit"]],
            "majority_at_entry": MAJORITY[row["majorityEntry"]],
            "citizenship": [] if citizenship == "00" else [ALPHA3[citizenship]],
            "exploitation_countries": [ALPHA3[country]] if country not in {"", "00"} else [],
        }
        _group(rng, row, "means_of_control", expected)
        purposes = _group(rng, row, "purposes", expected)
        both = "sexual" in purposes and "forced_labour" in purposes
        row["isSexAndLabour"] = ("1" if both else "0") if purposes else ""
        _group(rng, row, "labour_sectors", expected, unknown_share=0.4)
        _group(rng, row, "sexual_exploitation_types", expected, unknown_share=0.5)
        _group(rng, row, "recruiter_relations", expected, max_size=2)
        abduction = rng.random() < 0.2
        row["isAbduction"] = "1" if abduction else ""
        expected["means"] = ["abduction"] if abduction else []
        rows.append({column: row[column] for column in LAYOUT})
        expected_fields.append(expected)
    return rows, expected_fields


ALPHA3 = {
    "SY": "SYR", "IQ": "IRQ", "AF": "AFG", "ER": "ERI", "TR": "TUR", "LB": "LBN", "JO": "JOR",
    "LY": "LBY", "NZ": "NZL", "IS": "ISL", "BR": "BRA", "PH": "PHL", "NG": "NGA", "UA": "UKR",
    "KH": "KHM", "VN": "VNM",
}  # fmt: skip


def to_csv(rows, header=LAYOUT, bom=True):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig" if bom else "utf-8")


def record_fields(victim):
    fields = {
        "registered_year": victim.registered_on.year,
        "data_source": victim.data_source,
        "gender": victim.gender,
        "age_band": victim.age_band,
        "majority": victim.majority,
        "majority_at_exploitation": victim.majority_at_exploitation,
        "majority_at_entry": victim.majority_at_entry,
        "citizenship": victim.citizenship,
        "exploitation_countries": victim.exploitation_countries,
        "means": victim.means,
    }
    for field in GROUPS:
        fields[field] = sorted(getattr(victim, field))
    return fields


def frozen(fields):
    return tuple(sorted((key, tuple(v) if isinstance(v, list) else v) for key, v in fields.items()))


def parse(text):
    reader = csv.DictReader(io.StringIO(text))
    return reader.fieldnames, list(reader)


# --- The must-show ---------------------------------------------------------------------------


def test_ctdc_file_round_trip(agency_a, personas):
    rows, expected = synthetic_rows()
    assert len(rows) == 400
    assert any(row["gender"] == "Trans/Transgender/NonConforming" for row in rows)

    result = ctdc_import(
        actor=personas["coordinator"], file=io.BytesIO(to_csv(rows)), organisation=agency_a
    )

    # Every field landed: the records hold exactly what the rows say, no more.
    assert result.rows == 400
    victims = list(Victim.objects.all())
    assert len(victims) == 400
    assert Counter(frozen(record_fields(v)) for v in victims) == Counter(map(frozen, expected))
    for victim in victims:
        assert victim.organisation == agency_a
        assert victim.status == "presumed"
        assert victim.registered_on.month == victim.registered_on.day == 1
        assert victim.registered_precision == "year"
        assert victim.name == victim.alias == victim.phone == victim.notes == ""
        assert victim.acts == [] and victim.transit_countries == []
    assert len({v.data_key_id for v in victims}) == 400  # a key each, shreddable one by one

    export = ctdc_export(actor=personas["analyst"], queryset=Victim.objects.all())
    text = io.StringIO()
    from trafficking.services.ctdc import write_csv

    write_csv(export, text)
    header, out = parse(text.getvalue())

    # Same layout, column for column.
    assert header == LAYOUT
    # Every equivalence class over the quasi-identifiers has at least 5 rows.
    classes = Counter(tuple(row[c] for c in QI) for row in out)
    assert min(classes.values()) >= 5
    # The rows whose class was already large enough come back unchanged, every column.
    normalised = [
        {**row, "gender": "Transgender" if row["gender"].startswith("Trans") else row["gender"],
         "citizenship": "" if row["citizenship"] == "00" else row["citizenship"],
         "CountryOfExploitation": "" if row["CountryOfExploitation"] == "00"
         else row["CountryOfExploitation"]}
        for row in rows
    ]  # fmt: skip
    before = Counter(tuple(row[c] for c in QI) for row in normalised)
    safe = [row for row in normalised if before[tuple(row[c] for c in QI)] >= 5]
    assert len(safe) > 250  # most of the file
    assert not Counter(tuple(r.items()) for r in safe) - Counter(tuple(r.items()) for r in out)
    # The summary adds up, and says what happened to the rare rows.
    summary = export.summary
    assert summary.rows_in == 400
    assert summary.unchanged + summary.generalised + summary.dropped == 400
    assert summary.exported == len(out)
    assert summary.unchanged >= len(safe)
    assert summary.generalised > 0
    assert set(summary.by_column) <= set(QI)
    # Nothing identifying: no reference, no date finer than the year, no id.
    csv_text = text.getvalue()
    assert not any(v.reference in csv_text for v in victims)
    assert not re.search(r"\d{4}-\d{2}-\d{2}|VT-", csv_text)
    assert not any(str(v.pk) in csv_text for v in victims)
    assert {row["ageBroad"] for row in out} <= {
        "", "0--8", "9--17", "18--20", "21--23", "24--26", "27--29", "30--38", "39--47", "48+",
        "0--17", "18+",
    }  # fmt: skip


def test_an_import_is_quick_enough_in_bulk(agency_a, personas, django_assert_max_num_queries):
    """Bulk inserts, not one query per row (SQLite's limit on parameters per statement
    splits a batch of 1000 into a few dozen inserts; PostgreSQL takes it in one)."""
    rows, _expected = synthetic_rows(count=2500, seed=3)
    with django_assert_max_num_queries(2500 // 15):
        ctdc_import(actor=None, file=io.BytesIO(to_csv(rows)), organisation=agency_a)
    assert Victim.objects.count() == 2500


# --- What the mapping does with what CTDC cannot say -----------------------------------------


def test_export_folds_the_purposes_ctdc_has_no_column_for():
    row = ctdc.victim_to_row(
        {
            "purposes": ["domestic_servitude", "begging"],
            "labour_sectors": [],
            "means": ["deception"],
            "age_band": "9--17",
            "majority": "unknown",
        }
    )
    assert row["isForcedLabour"] == "1"
    assert row["isSexualExploit"] == "0"
    assert row["typeOfLabourDomesticWork"] == row["typeOfLabourBegging"] == "1"
    assert row["typeOfLabourAgriculture"] == "0"
    assert row["isAbduction"] == "0"
    assert row["majorityStatus"] == "Minor"  # from the age band
    assert row["meansOfControlDebtBondage"] == ""  # not known
    assert row["typeOfLabourConcatenated"] == "Begging;Domestic work"


def test_import_reads_ctdc_spellings_of_unknown_and_not_specified():
    rows, _expected = synthetic_rows(count=1)
    row = {
        **rows[0],
        "gender": "Trans/Transgender/NonConforming",
        "ageBroad": "-99",
        "citizenship": "00",
        "meansOfControlNotSpecified": "1",
        **dict.fromkeys(GROUPS["means_of_control"], "NA"),
    }
    fields, errors = ctdc.row_to_fields(row)
    assert errors == []
    assert fields["gender"] == "trans"
    assert fields["age_band"] == "unknown"
    assert fields["citizenship"] == []
    assert fields["means_of_control"] == []


# --- Bad input: one clear message each, nothing half-written ---------------------------------


def _nothing_written(keys_before):
    assert not Victim.objects.exists()
    assert DataKey.objects.count() == keys_before
    assert not AuditEvent.objects.filter(action="registry.import").exists()


def test_wrong_header_is_refused_naming_the_missing_columns(agency_a, personas):
    rows, _expected = synthetic_rows(count=5)
    header = [("Gender" if c == "gender" else c) for c in LAYOUT]
    rows = [{("Gender" if k == "gender" else k): v for k, v in row.items()} for row in rows]
    with pytest.raises(Exception) as error:
        ctdc_import(
            actor=personas["coordinator"],
            file=io.BytesIO(to_csv(rows, header=header)),
            organisation=agency_a,
        )
    assert error.value.code == "ctdc.header"
    assert "gender" in str(error.value.message)
    _nothing_written(0)


def test_a_bad_code_deep_in_the_file_refuses_the_whole_file(agency_a, personas):
    """Row 1500 is bad: the 1000 rows already inserted are rolled back with the rest."""
    rows, _expected = synthetic_rows(count=2200, seed=5)
    rows[1498]["gender"] = "Robot"
    keys_before = DataKey.objects.count()
    with pytest.raises(CtdcImportError) as error:
        ctdc_import(
            actor=personas["coordinator"], file=io.BytesIO(to_csv(rows)), organisation=agency_a
        )
    assert error.value.code == "ctdc.invalid_rows"
    [problem] = error.value.problems
    assert (problem.row, problem.column, problem.value) == (1500, "gender", "Robot")
    assert "Nothing was imported" in str(error.value.message)
    _nothing_written(keys_before)


@pytest.mark.parametrize(
    ("column", "value", "code"),
    [
        ("yearOfRegistration", "19", "bad_year"),
        ("yearOfRegistration", "2099", "future_year"),
        ("citizenship", "XX", "bad_country"),
        ("isForcedLabour", "yes", "bad_flag"),
        ("ageBroad", "18-20", "bad_code"),
    ],
)
def test_each_bad_cell_gets_one_message(agency_a, personas, column, value, code):
    rows, _expected = synthetic_rows(count=3)
    rows[1][column] = value
    with pytest.raises(CtdcImportError) as error:
        ctdc_import(
            actor=personas["coordinator"], file=io.BytesIO(to_csv(rows)), organisation=agency_a
        )
    assert [(p.row, p.column, p.code) for p in error.value.problems] == [(3, column, code)]
    _nothing_written(0)


def test_a_file_that_is_not_utf8_is_refused(agency_a, personas):
    content = to_csv(synthetic_rows(count=2)[0], bom=False) + b"2019,Hotl\xefne\r\n"
    with pytest.raises(Exception) as error:
        ctdc_import(actor=personas["coordinator"], file=io.BytesIO(content), organisation=agency_a)
    assert error.value.code == "ctdc.encoding"
    _nothing_written(0)


def test_the_upload_page_lists_every_problem_and_keeps_nothing(client, ct_a):
    rows, _expected = synthetic_rows(count=20)
    rows[3]["gender"] = "Robot"
    rows[7]["yearOfRegistration"] = "20x9"
    client.force_login(ct_a)
    response = client.post(
        reverse("trafficking:ctdc-import"),
        {"file": SimpleUploadedFile("ctdc.csv", to_csv(rows), content_type="text/csv")},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "2 problems in the file. Nothing was imported." in page
    assert "Line 5" in page and "Robot" in page
    assert "Line 9" in page and "20x9" in page
    assert not Victim.objects.exists()


def test_the_upload_page_imports_for_the_officers_organisation(client, ct_a, agency_a):
    rows, _expected = synthetic_rows(count=30)
    client.force_login(ct_a)
    response = client.post(
        reverse("trafficking:ctdc-import"),
        {"file": SimpleUploadedFile("ctdc.csv", to_csv(rows, bom=False))},
        follow=True,
    )
    assert "30 records imported for" in response.content.decode()
    assert Victim.objects.filter(organisation=agency_a).count() == 30


# --- Who may ------------------------------------------------------------------------------------

PAGES = {"import": "trafficking:ctdc-import", "export": "trafficking:ctdc-export"}
PAGES["download"] = "trafficking:ctdc-export-csv"
MAY = {  # persona -> the pages they may open; every other page answers 404
    "coordinator": {"import", "export", "download"},
    "ct_a": {"import", "export", "download"},
    "ct_b": {"import", "export", "download"},
    "analyst": {"export", "download"},
    "focal_a": set(),
    "focal_b": set(),
    "investigator_a": set(),
    "provider": set(),
    "admin": set(),
    "auditor": set(),
}


@pytest.mark.parametrize("persona", sorted(MAY))
@pytest.mark.parametrize("page", sorted(PAGES))
def test_who_may_open_the_import_and_export(client, ct_personas, persona, page):
    client.force_login(ct_personas[persona])
    response = client.get(reverse(PAGES[page]))
    assert response.status_code == (200 if page in MAY[persona] else 404)


@pytest.mark.parametrize("page", sorted(PAGES))
def test_anonymous_is_sent_to_sign_in(client, page):
    response = client.get(reverse(PAGES[page]))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_an_officer_imports_only_for_their_own_organisation(ct_a, agency_b):
    rows, _expected = synthetic_rows(count=2)
    with pytest.raises(Exception) as error:
        ctdc_import(actor=ct_a, file=io.BytesIO(to_csv(rows)), organisation=agency_b)
    assert error.value.code == "ctdc.organisation"
    assert not Victim.objects.exists()


def test_the_coordinator_imports_for_any_organisation(client, personas, agency_b):
    rows, _expected = synthetic_rows(count=6)
    client.force_login(personas["coordinator"])
    client.post(
        reverse("trafficking:ctdc-import"),
        {"file": SimpleUploadedFile("c.csv", to_csv(rows)), "organisation": agency_b.pk},
    )
    assert Victim.objects.filter(organisation=agency_b).count() == 6


def test_a_user_who_may_not_import_is_refused_by_the_service(personas, agency_a):
    rows, _expected = synthetic_rows(count=2)
    with pytest.raises(Exception) as error:
        ctdc_import(actor=personas["analyst"], file=io.BytesIO(to_csv(rows)), organisation=agency_a)
    assert error.value.code == "ctdc.not_allowed"


def _same_people(organisation, count=6, **fields):
    return [VictimFactory(organisation=organisation, **fields) for _n in range(count)]


@pytest.mark.parametrize(
    ("persona", "rows"), [("ct_a", 6), ("ct_b", 0), ("coordinator", 6), ("analyst", 6)]
)
def test_an_export_holds_the_records_the_user_may_export(client, ct_personas, agency_a, persona, rows):  # fmt: skip
    _same_people(agency_a)
    client.force_login(ct_personas[persona])
    response = client.get(reverse("trafficking:ctdc-export-csv"))
    header, out = parse(response.content.decode())
    assert header == LAYOUT
    assert len(out) == rows


def test_only_consenting_presumed_or_identified_victims_leave(agency_a, personas):
    _same_people(agency_a, count=5)
    _same_people(agency_a, count=5, status="identified")
    _same_people(agency_a, count=3, consents_to_statistics=False)
    _same_people(agency_a, count=2, status="not_a_victim")
    export = ctdc_export(actor=personas["coordinator"], queryset=Victim.objects.all())
    assert len(export.rows) == 10
    assert export.excluded == 5


def test_the_download_has_no_identity_and_says_where_from(client, ct_a, agency_a):
    victims = _same_people(agency_a)
    client.force_login(ct_a)
    response = client.get(reverse("trafficking:ctdc-export-csv"))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "AGA" not in response["Content-Disposition"]
    for secret in ["Amira", "Testvictim", "Mira", "555", "bus station", victims[0].reference]:
        assert secret not in body


# --- Audit ------------------------------------------------------------------------------------


def test_an_import_is_audited_once_with_its_row_count(agency_a, ct_a):
    rows, _expected = synthetic_rows(count=12)
    ctdc_import(actor=ct_a, file=io.BytesIO(to_csv(rows)), organisation=agency_a)
    event = AuditEvent.objects.get(action="registry.import")
    assert event.actor == ct_a
    assert event.actor_role == "counter_trafficking"
    assert event.detail == {"format": "ctdc", "rows": 12}
    assert event.object_id == str(agency_a.pk)


def test_a_download_is_audited_with_its_counts_and_the_summary_page_is_not(client, ct_a, agency_a):
    _same_people(agency_a, count=6)
    _same_people(agency_a, count=2, gender="male")  # too rare: generalised, then dropped
    client.force_login(ct_a)
    page = client.get(reverse("trafficking:ctdc-export")).content.decode()
    assert not AuditEvent.objects.filter(action="registry.export").exists()
    assert "Rows left out" in page
    client.get(reverse("trafficking:ctdc-export-csv"))
    event = AuditEvent.objects.get(action="registry.export")
    assert event.actor == ct_a
    detail = event.detail
    assert (detail["rows_in"], detail["exported"], detail["dropped"]) == (8, 6, 2)
    assert detail["k"] == 5
    assert "Amira" not in str(detail) and "SYR" not in str(detail)


def test_k_comes_from_the_setting(settings, agency_a, personas):
    settings.AMANA_CTDC_K = 11
    _same_people(agency_a, count=10)
    export = ctdc_export(actor=personas["coordinator"], queryset=Victim.objects.all())
    assert export.summary.k == 11
    assert export.summary.dropped == 10


# --- The anonymiser on a small table ---------------------------------------------------------


def _row(gender, age, citizenship, country, year, **other):
    majority = "" if not age else ("Minor" if age in MINOR_BANDS else "Adult")
    return {
        "gender": gender, "ageBroad": age, "majorityStatus": majority, "citizenship": citizenship,
        "CountryOfExploitation": country, "yearOfRegistration": year, "isForcedLabour": "1",
        **other,
    }  # fmt: skip


def test_the_anonymiser_generalises_step_by_step_and_drops_what_stays_rare():
    table = (
        [_row("Female", "21--23", "SY", "TR", "2019") for _n in range(3)]
        + [_row("Female", "24--26", "SY", "TR", "2019") for _n in range(2)]  # -> 18+: 5
        + [_row("Male", "30--38", "IQ", "TR", "2019") for _n in range(4)]
        + [_row("Male", "30--38", "NZ", "TR", "2019")]  # -> 18+, no citizenship: with 4 above
        + [_row("Female", "9--17", "SY", "JO", "2018") for _n in range(5)]  # safe: unchanged
        + [_row("Transgender", "48+", "BR", "IS", "2012")]  # rare to the end: dropped
    )
    out, summary = anonymity.k_anonymise(table, k=5)
    assert (summary.rows_in, summary.unchanged, summary.generalised, summary.dropped) == (
        16, 5, 10, 1,
    )  # fmt: skip
    classes = Counter(tuple(row[c] for c in QI) for row in out)
    assert sorted(classes.values()) == [5, 5, 5]
    assert classes[("Female", "18+", "Adult", "SY", "TR", "2019")] == 5
    assert classes[("Male", "18+", "Adult", "", "TR", "2019")] == 5
    assert classes[("Female", "9--17", "Minor", "SY", "JO", "2018")] == 5
    assert summary.by_column == {"ageBroad": 10, "citizenship": 5}
    assert all(row["isForcedLabour"] == "1" for row in out)  # the content is never touched
    assert table[0]["ageBroad"] == "21--23"  # the input is not modified


def test_the_anonymiser_on_nothing():
    out, summary = anonymity.k_anonymise([], k=5)
    assert out == [] and summary.exported == summary.dropped == 0


def test_the_export_page_counts_its_queries(client, ct_a, agency_a, django_assert_num_queries):
    _same_people(agency_a, count=7)
    _same_people(agency_a, count=3, gender="male")
    OrganisationFactory()
    client.force_login(ct_a)
    # 1 session, 2 user, 3 count of the records in scope, 4 their codes (one query,
    # however many), 5 the user's organisation (the page header), 6-8 savepoint,
    # session save, release.
    with django_assert_num_queries(8):
        response = client.get(reverse("trafficking:ctdc-export"))
    assert response.status_code == 200


def test_ctdc_rows_reads_no_encrypted_field(agency_a, ct_a, django_assert_num_queries):
    _same_people(agency_a, count=7)
    with django_assert_num_queries(2):  # the count in scope, the eligible records' codes
        export = ctdc_rows(registry_export_queryset(ct_a))
    assert len(export.rows) == 7


# --- Management commands and large uploads ---------------------------------------------------


def test_the_commands_import_and_export(tmp_path, agency_a, capsys):
    from django.core.management import call_command

    rows, _expected = synthetic_rows(count=40)
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_bytes(to_csv(rows))
    call_command("ctdc_import", str(source), organisation="AGA")
    assert Victim.objects.filter(organisation=agency_a).count() == 40
    call_command("ctdc_export", output=str(target))
    header, out = parse(target.read_text(encoding="utf-8"))
    assert header == LAYOUT
    assert 0 < len(out) <= 40
    assert "rows exported" in capsys.readouterr().err
    event = AuditEvent.objects.get(action="registry.export")
    assert event.actor is None and event.detail["rows_in"] == 40


def test_the_import_command_lists_the_problems(tmp_path, agency_a):
    from django.core.management import CommandError, call_command

    rows, _expected = synthetic_rows(count=3)
    rows[0]["citizenship"] = "Syria"
    source = tmp_path / "in.csv"
    source.write_bytes(to_csv(rows))
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("ctdc_import", str(source), organisation="AGA")
    assert not Victim.objects.exists()


def test_a_large_upload_streams_from_a_temporary_file(client, ct_a, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # the upload goes to disk, as a big one does
    rows, _expected = synthetic_rows(count=300)
    client.force_login(ct_a)
    client.post(
        reverse("trafficking:ctdc-import"), {"file": SimpleUploadedFile("big.csv", to_csv(rows))}
    )
    assert Victim.objects.count() == 300


def test_a_semicolon_separated_file_says_so(agency_a, personas):
    content = to_csv(synthetic_rows(count=2)[0]).decode("utf-8-sig").replace(",", ";")
    with pytest.raises(Exception) as error:
        ctdc_import(
            actor=personas["coordinator"],
            file=io.BytesIO(content.encode()),
            organisation=agency_a,
        )
    assert error.value.code == "ctdc.separator"
    _nothing_written(0)
