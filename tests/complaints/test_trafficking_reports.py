"""Issue 14, the complaints side: a trafficking complaint's details are what a reporter
can say (types of exploitation, a child?, in danger now?, the country), all optional;
anyone may report trafficking on the public form; whoever sees the content reads them
back on the case page and through the API."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse
from rest_framework.test import APIClient

from complaints import codes, services
from complaints.models import Complaint, TraffickingDetails
from complaints.services import IntakeData

from .conftest import CANARY_STORY, intake_data
from .forms_data import intake_post

pytestmark = pytest.mark.django_db

REPORT = reverse("public:report")
LIST = reverse("api-complaints")
STORY = "A man promised my cousin work in a restaurant abroad; now she cannot leave."


def trafficking_intake(trafficking=None, **fields) -> IntakeData:
    data = intake_data(**{"category": "trafficking", "subcategory": "", **fields})
    data.trafficking = trafficking
    return data


def send_report(client, **extra):
    data = {"narrative": STORY, "category": "trafficking", "contact": "", **extra}
    response = client.post(REPORT, data)
    match = re.search(r"data-receipt>([A-Z0-9-]+)<", response.content.decode())
    return response, (match.group(1) if match else None)


# The service ---------------------------------------------------------------------------


def test_a_trafficking_complaint_with_no_details_at_all_is_accepted(personas):
    complaint = services.complaint_intake(
        actor=personas["focal_a"], data=trafficking_intake(), submit=True
    )
    assert complaint.status == codes.Status.RECEIVED
    assert complaint.need_to_know  # trafficking is locked from submission
    assert not TraffickingDetails.objects.exists()


def test_the_details_keep_what_the_reporter_said(personas):
    complaint = services.complaint_intake(
        actor=personas["focal_a"],
        data=trafficking_intake(
            {"exploitation_types": ["forced_labour", "sexual", "sexual"], "country": "COL"}
        ),
        submit=True,
    )
    details = TraffickingDetails.objects.get(complaint=complaint)
    assert details.exploitation_types == ["sexual", "forced_labour"]  # once each, list order
    assert details.country == "COL"
    assert (details.is_child, details.in_danger_now) == ("unknown", "unknown")
    assert complaint.priority == codes.Priority.MEDIUM
    assert not complaint.is_child_case


def test_a_yes_to_is_the_person_a_child_makes_a_locked_high_priority_child_case(personas):
    data = trafficking_intake({"is_child": "yes"}, category="unknown")
    complaint = services.complaint_intake(actor=personas["focal_a"], data=data, submit=True)
    assert complaint.is_child_case
    assert complaint.need_to_know  # locked like a child survivor's case, whatever category
    assert complaint.priority == codes.Priority.HIGH


def test_a_yes_to_in_danger_now_makes_it_high_priority_and_screening_keeps_it(personas):
    complaint = services.complaint_intake(
        actor=personas["focal_a"], data=trafficking_intake({"in_danger_now": "yes"}), submit=True
    )
    assert complaint.priority == codes.Priority.HIGH
    assert not complaint.is_child_case
    complaint = Complaint.objects.get(pk=complaint.pk)
    services.complaint_screen(
        actor=personas["coordinator"], complaint=complaint, classification="trafficking",
        priority="medium", implicated_unknown=True,
    )  # fmt: skip
    complaint.refresh_from_db()
    assert complaint.priority == codes.Priority.HIGH


def test_an_unknown_type_of_exploitation_is_refused_and_nothing_is_saved(personas):
    with pytest.raises(ValidationError, match="Unknown type of exploitation: slavery"):
        services.complaint_intake(
            actor=personas["focal_a"],
            data=trafficking_intake({"exploitation_types": ["slavery"]}),
            submit=True,
        )
    assert not Complaint.objects.exists()


# The public form -----------------------------------------------------------------------


def test_the_public_form_asks_the_trafficking_questions_without_script(client):
    page = client.get(REPORT).content.decode()
    fieldset = page[page.index('<fieldset id="trafficking"') : page.index('name="is_survivor"')]
    assert "If you are reporting trafficking in persons" in fieldset
    for code in codes.ReportedExploitation.values:
        assert f'type="checkbox" name="exploitation_types" value="{code}"' in fieldset
    assert 'name="country"' in fieldset and 'value="ZZZ" selected' in fieldset
    assert "Is the person under 18?" in fieldset
    assert "Are they in danger now?" in fieldset
    assert fieldset.count('type="radio" name="is_child"') == 3
    assert 'name="in_danger_now" value="unknown" required' not in fieldset  # none required
    # The questions come after "where", before the reporter's own details.
    assert page.index('name="location_text"') < page.index("data-trafficking")
    assert page.index("data-trafficking") < page.index('name="is_survivor"')


@pytest.mark.parametrize("code", ["en", "es", "ar", "tr", "fr"])
def test_the_trafficking_questions_are_on_the_form_in_each_language(client, code):
    client.cookies["django_language"] = code
    page = client.get(REPORT).content.decode()
    assert f'lang="{code}"' in page
    assert 'name="exploitation_types"' in page and 'name="in_danger_now"' in page


def test_an_anonymous_trafficking_report_with_no_answers_gets_a_receipt(client, personas):
    response, code = send_report(client)
    assert response.status_code == 200
    assert code, response.content.decode()
    complaint = Complaint.objects.get()
    assert complaint.category == codes.Category.TRAFFICKING
    assert complaint.need_to_know
    assert not TraffickingDetails.objects.exists()


def test_an_anonymous_report_answering_some_questions_keeps_the_answers(client, personas):
    response, code = send_report(
        client,
        exploitation_types=["domestic_servitude", "forced_marriage"],
        is_child="yes",
        in_danger_now="unknown",
        country="ZZZ",
    )
    assert code, response.content.decode()
    complaint = Complaint.objects.get()
    details = complaint.trafficking
    assert details.exploitation_types == ["domestic_servitude", "forced_marriage"]
    assert details.is_child == "yes" and details.in_danger_now == "unknown"
    assert complaint.is_child_case and complaint.need_to_know
    assert complaint.priority == codes.Priority.HIGH


def test_a_reporter_not_sure_of_the_category_who_says_someone_is_in_danger_is_heard(
    client, personas
):
    _response, code = send_report(client, category="unknown", in_danger_now="yes")
    assert code
    complaint = Complaint.objects.get()
    assert complaint.trafficking.in_danger_now == "yes"
    assert complaint.priority == codes.Priority.HIGH


def test_a_refused_report_brings_back_the_answers_ticked(client, settings):
    settings.AMANA_PUBLIC_REPORTS_PER_HOUR = 0
    response, code = send_report(
        client, exploitation_types=["begging"], in_danger_now="yes", country="VEN"
    )
    assert response.status_code == 429 and code is None
    page = response.content.decode()
    assert re.search(r'value="begging"[^>]*checked', page)
    assert re.search(r'name="in_danger_now" value="yes"[^>]*checked', page)
    assert 'value="VEN" selected' in page
    assert STORY in page
    assert not Complaint.objects.exists()


def test_an_unknown_code_on_the_public_form_is_shown_under_its_question(client):
    response, code = send_report(client, exploitation_types=["slavery"], is_child="perhaps")
    assert code is None
    page = response.content.decode()
    assert page.count('role="alert"') >= 2
    assert not Complaint.objects.exists()


# The staff intake form -----------------------------------------------------------------


def test_the_staff_form_records_the_same_questions_and_needs_none(client, personas):
    client.force_login(personas["focal_a"])
    none = intake_post(subcategory="", category="trafficking")
    response = client.post(reverse("complaints:new"), none)
    assert response.status_code in (200, 302)
    assert Complaint.objects.filter(category="trafficking", status="received").count() == 1
    some = intake_post(subcategory="", category="trafficking")
    some.update({"t-exploitation_types": ["begging", "forced_military"], "t-in_danger_now": "yes"})
    client.post(reverse("complaints:new"), some)
    details = TraffickingDetails.objects.get()
    assert details.exploitation_types == ["begging", "forced_military"]
    assert details.complaint.priority == codes.Priority.HIGH


def test_a_draft_brings_its_trafficking_answers_back(client, personas):
    client.force_login(personas["focal_a"])
    data = intake_post(subcategory="", category="trafficking", action="save_draft")
    data.update({"t-exploitation_types": ["organ_removal"], "t-country": "PER"})
    client.post(reverse("complaints:new"), data)
    draft = Complaint.objects.get()
    page = client.get(reverse("complaints:edit", args=[draft.reference])).content.decode()
    assert re.search(r'value="organ_removal"[^>]*checked', page)
    assert 'value="PER" selected' in page
    assert re.search(r"<details class=\"card\" open>\s*<summary>Trafficking details", page)


# Read-back -----------------------------------------------------------------------------


def test_the_case_page_shows_the_details_and_a_danger_warning_to_the_coordinator(client, personas):
    complaint = services.complaint_intake(
        actor=personas["focal_a"],
        data=trafficking_intake(
            {
                "exploitation_types": ["forced_criminality"],
                "in_danger_now": "yes",
                "is_child": "no",
                "country": "TTO",
            }
        ),
        submit=True,
    )
    client.force_login(personas["coordinator"])
    page = client.get(reverse("complaints:detail", args=[complaint.reference])).content.decode()
    section = page[page.index("data-trafficking>") :]
    assert "Forced to commit crimes" in section
    assert "Trinidad and Tobago" in section
    assert "data-in-danger" in page
    assert "The reporter says the person is in danger now." in page
    # The focal point who logged the (locked) case sees its status, not its content.
    client.force_login(personas["focal_a"])
    page = client.get(reverse("complaints:detail", args=[complaint.reference])).content.decode()
    assert "Forced to commit crimes" not in page and "data-in-danger" not in page


def test_no_danger_warning_when_nobody_said_so(client, personas):
    complaint = services.complaint_intake(
        actor=personas["focal_a"], data=trafficking_intake({"country": "COL"}), submit=True
    )
    client.force_login(personas["coordinator"])
    page = client.get(reverse("complaints:detail", args=[complaint.reference])).content.decode()
    assert "data-trafficking" in page and "Colombia" in page
    assert "data-in-danger" not in page
    assert "Not said" in page  # no type of exploitation given


# The API -------------------------------------------------------------------------------


@pytest.fixture
def api(personas):
    client = APIClient()
    client.force_authenticate(personas["focal_a"])
    return client


PAYLOAD = {
    "entry_point": "hotline",
    "category": "trafficking",
    "narrative": CANARY_STORY,
    "trafficking": {
        "exploitation_types": ["sexual", "forced_labour"],
        "is_child": "unknown",
        "in_danger_now": "yes",
        "country": "VEN",
    },
}


def test_the_api_takes_the_new_shape_and_returns_it(api, personas):
    response = api.post(LIST, PAYLOAD, format="json")
    assert response.status_code == 201, response.json()
    reference = response.json()["reference"]
    coordinator = APIClient()
    coordinator.force_authenticate(personas["coordinator"])
    body = coordinator.get(reverse("api-complaint", args=[reference])).json()
    assert body["trafficking"] == PAYLOAD["trafficking"]
    assert body["priority"] == "high"


def test_the_api_takes_a_trafficking_complaint_without_details(api):
    response = api.post(LIST, {**PAYLOAD, "trafficking": None}, format="json")
    assert response.status_code == 201, response.json()
    response = api.post(LIST, {k: v for k, v in PAYLOAD.items() if k != "trafficking"},
                        format="json")  # fmt: skip
    assert response.status_code == 201, response.json()


@pytest.mark.parametrize(
    ("trafficking", "path"),
    [
        ({"exploitation_types": ["sexual", "slavery"]}, ("exploitation_types", "1")),
        ({"exploitation_types": "sexual"}, ("exploitation_types",)),
        ({"in_danger_now": "maybe"}, ("in_danger_now",)),
        ({"is_child": True}, ("is_child",)),
        ({"country": "XXX"}, ("country",)),
        ({"exploitation_type": "sexual"}, ("exploitation_type",)),  # the old shape
    ],
)
def test_the_api_refuses_unknown_codes_per_field(api, trafficking, path):
    response = api.post(LIST, {**PAYLOAD, "trafficking": trafficking}, format="json")
    assert response.status_code == 400
    errors = response.json()["error"]["fields"]["trafficking"]
    for step in path:
        errors = errors[step]
    assert errors and all(isinstance(message, str) and message for message in errors)
    assert not Complaint.objects.exists()


# The migration -------------------------------------------------------------------------


def test_the_migration_runs_after_the_registry_copied_the_old_details():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    migration = loader.disk_migrations[("complaints", "0015_trafficking_reporter_details")]
    assert ("trafficking", "0002_victims_from_complaints") in migration.dependencies


@pytest.mark.django_db(transaction=True)
def test_the_migration_carries_the_type_and_country_over(personas):
    complaint = services.complaint_intake(
        actor=personas["focal_a"],
        data=trafficking_intake({"exploitation_types": ["forced_labour"], "country": "COL"}),
        submit=True,
    )
    before = [("complaints", "0014_every_country"), ("trafficking", "0001_initial")]
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(before)  # back: the old row, as the release before this one held it
    old = executor.loader.project_state(before).apps
    details = old.get_model("complaints", "TraffickingDetails").objects.get()
    assert (details.exploitation_type, details.exploitation_country) == ("forced_labour", "COL")
    details.citizenship = "VEN"
    details.save()

    executor = MigrationExecutor(connection)
    executor.migrate(latest)
    details = TraffickingDetails.objects.get(complaint=complaint)
    assert details.exploitation_types == ["forced_labour"]
    assert details.country == "COL"
    assert (details.is_child, details.in_danger_now) == ("unknown", "unknown")
    # The registry's copy ran first, with the fields this migration removes.
    victim = complaint.victims.get()
    assert victim.purposes == ["forced_labour"] and victim.citizenship == ["VEN"]
