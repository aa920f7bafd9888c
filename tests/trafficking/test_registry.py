"""The victim registry (issue 14 point 1): services, pages, read-back, case page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints import services as complaint_services
from core.audit import audit_trail_for
from core.errors import ApplicationError
from trafficking import codes
from trafficking.models import Victim
from trafficking.services import registry as services

from .conftest import VictimFactory

pytestmark = pytest.mark.django_db

FULL = {
    "name": "Layla Canary",
    "gender": "female",
    "age_band": "21--23",
    "majority_at_exploitation": "adult",
    "acts": ["recruitment", "transportation"],
    "means": ["deception"],
    "purposes": ["sexual", "forced_labour"],
    "labour_sectors": ["agriculture"],
    "sexual_exploitation_types": ["prostitution"],
    "means_of_control": ["false_promises", "withholds_necessities", "excessive_working_hours"],
    "recruiter_relations": ["friend", "family"],
    "citizenship": ["SYR"],
    "exploitation_countries": ["TUR", "NGA"],
}


def _form(**overrides):
    data = {
        "gender": "unknown", "age_band": "unknown", "majority_at_exploitation": "unknown",
        "majority": "unknown", "majority_at_entry": "unknown", "duration": "unknown", "data_source": "case_management",
        "registered_on": timezone.localdate().isoformat(), "registered_precision": "day",
        "exploitation_began_precision": "day", "exploitation_ended_precision": "day",
        "consents_to_statistics": "on",
    }  # fmt: skip
    data.update(overrides)
    return data


# --- services ------------------------------------------------------------------------------


def test_create_records_every_choice_and_audits(ct_a):
    victim = services.victim_create(actor=ct_a, data=FULL)
    victim.refresh_from_db()
    assert victim.organisation == ct_a.organisation
    assert victim.status == codes.IdentificationStatus.PRESUMED
    assert victim.means_of_control == FULL["means_of_control"]
    assert victim.name == "Layla Canary"
    event = audit_trail_for(victim).get()
    assert event.action == "victim.create"
    assert "Layla" not in str(event.detail)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("purposes", ["kidnapping"]),
        ("means_of_control", "threats"),
        ("citizenship", ["XXX"]),
        ("gender", "robot"),
        ("recruiter_relations", [1]),
    ],
)
def test_create_refuses_unknown_codes_by_field(ct_a, field, value):
    with pytest.raises(ApplicationError) as error:
        services.victim_create(actor=ct_a, data={field: value})
    assert error.value.field == field
    assert not Victim.objects.exists()


def test_dates_not_in_the_future_and_kept_to_their_precision(ct_a):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ApplicationError) as error:
        services.victim_create(actor=ct_a, data={"exploitation_began": tomorrow})
    assert error.value.field == "exploitation_began"
    victim = services.victim_create(
        actor=ct_a,
        data={
            "exploitation_began": datetime.date(2021, 5, 17),
            "exploitation_began_precision": "year",
        },
    )
    assert victim.exploitation_began == datetime.date(2021, 1, 1)
    with pytest.raises(ApplicationError) as error:
        services.victim_update(
            actor=ct_a, victim=victim, data={"exploitation_ended": datetime.date(2020, 3, 1)}
        )
    assert error.value.field == "exploitation_ended"


def test_means_waived_for_a_child_flagged_for_an_adult(ct_a, client):
    child = services.victim_create(actor=ct_a, data={"age_band": "9--17", "purposes": ["begging"]})
    adult = services.victim_create(actor=ct_a, data={"age_band": "30--38", "purposes": ["sexual"]})
    client.force_login(ct_a)
    flag = "Palermo means not recorded"
    assert flag not in client.get(reverse("trafficking:victim", args=[child.reference])).text
    assert flag in client.get(reverse("trafficking:victim", args=[adult.reference])).text


def test_identify_needs_who_and_when(ct_a, natc, victim_a):
    with pytest.raises(ApplicationError) as error:
        services.victim_identify(actor=ct_a, victim=victim_a, by_organisation=None, on=None)
    assert error.value.field == "identified_by"
    with pytest.raises(ApplicationError) as error:
        services.victim_identify(actor=ct_a, victim=victim_a, by_organisation=natc, on=None)
    assert error.value.field == "identified_on"
    services.victim_identify(
        actor=ct_a, victim=victim_a, by_organisation=natc, on=timezone.localdate()
    )
    victim_a.refresh_from_db()
    assert victim_a.status == "identified" and victim_a.identified_by == natc


def test_only_the_coordinator_assigns(ct_a, personas, victim_a, agency_b):
    with pytest.raises(ApplicationError):
        services.victim_assign(actor=ct_a, victim=victim_a, organisation=agency_b)
    services.victim_assign(actor=personas["coordinator"], victim=victim_a, organisation=agency_b)
    victim_a.refresh_from_db()
    assert victim_a.organisation == agency_b
    assert [e.action for e in audit_trail_for(victim_a)] == ["victim.assign"]


def _trafficking_complaint(personas, log_complaint, **details):
    from complaints.models import TraffickingDetails

    complaint = log_complaint(personas["focal_b"], category="trafficking", subcategory="")
    TraffickingDetails.objects.update_or_create(
        complaint=complaint,
        defaults={"exploitation_types": ["forced_labour", "begging"], "country": "TUR", **details},
    )
    complaint_services.complaint_screen(
        actor=personas["coordinator"], complaint=complaint, classification="trafficking",
        priority="high", implicated_unknown=True,
    )  # fmt: skip
    complaint.refresh_from_db()
    return complaint


def test_victim_from_complaint_prefills_from_person_and_details(personas, log_complaint):
    complaint = _trafficking_complaint(personas, log_complaint, is_child="yes")
    victim = services.victim_from_complaint(actor=personas["coordinator"], complaint=complaint)
    assert victim.complaint == complaint
    assert victim.gender == "female"
    assert victim.purposes == ["forced_labour", "begging"]
    assert victim.exploitation_countries == ["TUR"]
    assert victim.majority_at_exploitation == "minor" and victim.is_minor
    with pytest.raises(ApplicationError) as error:  # one record per person
        services.victim_from_complaint(actor=personas["coordinator"], complaint=complaint)
    assert error.value.code == "victim.exists"


def test_case_page_lists_records_and_offers_registration(personas, log_complaint, client):
    complaint = _trafficking_complaint(personas, log_complaint)
    client.force_login(personas["coordinator"])
    page = client.get(reverse("complaints:detail", args=[complaint.reference])).text
    assert "Register a victim from this complaint" in page
    response = client.post(reverse("trafficking:victim-from-complaint", args=[complaint.reference]))
    victim = Victim.objects.get()
    assert response.url == reverse("trafficking:victim", args=[victim.reference])
    page = client.get(reverse("complaints:detail", args=[complaint.reference])).text
    assert victim.reference in page


# --- pages ---------------------------------------------------------------------------------


def test_register_through_the_form_and_read_everything_back(ct_a, client):
    client.force_login(ct_a)
    response = client.post(
        reverse("trafficking:victim-new"),
        _form(
            name="Layla Canary", gender="female", age_band="21--23",
            purposes=["sexual", "forced_labour"], means=["deception", "abuse_of_vulnerability"],
            means_of_control=["false_promises", "withholds_necessities", "debt_bondage"],
            recruiter_relations=["friend", "other"], citizenship=["SYR", "IRQ"],
            exploitation_countries=["NGA"], labour_sectors=["construction"],
            sexual_exploitation_types=["pornography"], acts=["harbouring"],
        ),
    )  # fmt: skip
    victim = Victim.objects.get()
    assert response.status_code == 302
    page = client.get(response.url).text
    for label in [
        "Layla Canary", "Sexual exploitation", "Forced labour or services",
        "Deception or false promises", "Abuse of a position of vulnerability",
        "False promises", "Denial of basic needs", "Debt bondage", "Friend or acquaintance",
        "Other (employer, agency, stranger...)", "Syria", "Iraq", "Nigeria",
        "Construction", "Pornography", "Harbouring", "21-23",
    ]:  # fmt: skip
        assert label in page, label
    assert victim.reference in page
    assert audit_trail_for(victim).filter(action="victim.read").count() == 1


def test_form_errors_keep_what_was_typed(ct_a, client):
    client.force_login(ct_a)
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client.post(
        reverse("trafficking:victim-new"), _form(name="Layla Canary", exploitation_began=future)
    )
    assert response.status_code == 200
    assert "This date is in the future." in response.text
    assert "Layla Canary" in response.text
    assert not Victim.objects.exists()


def test_read_back_in_spanish(ct_a, client, victim_a):
    client.force_login(ct_a)
    victim_a.exploitation_countries = ["DEU"]
    victim_a.save()
    page = client.get(
        reverse("trafficking:victim", args=[victim_a.reference]), HTTP_ACCEPT_LANGUAGE="es"
    ).text
    assert "Alemania" in page


def test_edit_changes_and_audits_field_names(ct_a, client, victim_a):
    client.force_login(ct_a)
    data = _form(**{**FULL, "name": "Changed Name"})
    response = client.post(reverse("trafficking:victim-edit", args=[victim_a.reference]), data)
    assert response.status_code == 302
    victim_a.refresh_from_db()
    assert victim_a.name == "Changed Name"
    assert victim_a.recruiter_relations == ["friend", "family"]
    event = audit_trail_for(victim_a).get(action="victim.update")
    assert "name" in event.detail["fields"] and "Changed" not in str(event.detail)


def test_identify_and_assign_on_the_page(personas, ct_a, natc, victim_a, agency_b, client):
    client.force_login(ct_a)
    client.post(
        reverse("trafficking:victim-identify", args=[victim_a.reference]),
        {"identified_by": natc.pk, "identified_on": timezone.localdate().isoformat()},
    )
    page = client.get(reverse("trafficking:victim", args=[victim_a.reference])).text
    assert "Identified victim" in page and "National Anti-Trafficking Commission" in page
    assert client.post(
        reverse("trafficking:victim-assign", args=[victim_a.reference]), {"organisation": agency_b.pk}
    ).status_code == 403  # fmt: skip
    client.force_login(personas["coordinator"])
    client.post(
        reverse("trafficking:victim-assign", args=[victim_a.reference]),
        {"organisation": agency_b.pk},
    )
    victim_a.refresh_from_db()
    assert victim_a.organisation == agency_b


def test_list_filters(ct_a, agency_a, client):
    VictimFactory(organisation=agency_a, purposes=["sexual"], status="identified")
    labour = VictimFactory(organisation=agency_a, purposes=["forced_labour"])
    client.force_login(ct_a)
    page = client.get(reverse("trafficking:victims"), {"purpose": "forced_labour"}).text
    assert labour.reference in page and page.count('href="/trafficking/VT-') == 1
    page = client.get(reverse("trafficking:victims"), {"status": "identified"}).text
    assert labour.reference not in page and page.count('href="/trafficking/VT-') == 1
    page = client.get(reverse("trafficking:victims"), {"reference": labour.reference.lower()}).text
    assert labour.reference in page


def test_recused_records_are_left_out(personas, log_complaint, client):
    from complaints.models import Recusal

    complaint = _trafficking_complaint(personas, log_complaint)
    coordinator = personas["coordinator"]
    victim = services.victim_from_complaint(actor=coordinator, complaint=complaint)
    from core.factories import UserFactory
    from core.roles import Role

    other = UserFactory(roles=[Role.COORDINATOR], organisation=personas["focal_b"].organisation)
    Recusal.objects.create(complaint=complaint, user=other, recused_by=coordinator)
    client.force_login(other)
    assert victim.reference not in client.get(reverse("trafficking:victims")).text
    assert client.get(reverse("trafficking:victim", args=[victim.reference])).status_code == 404


# --- query counts --------------------------------------------------------------------------


def test_list_query_count(ct_a, agency_a, client, django_assert_num_queries):
    for _ in range(5):
        VictimFactory(organisation=agency_a, created_by=ct_a)
    client.force_login(ct_a)
    # 1 session, 2 user, 3 count, 4 the page of records with their organisations,
    # 5-6 the organisations of the filter's select (rendered), 7-9 the session's savepoint,
    # update (second-factor freshness) and release
    with django_assert_num_queries(9):
        response = client.get(reverse("trafficking:victims"))
    assert response.text.count('href="/trafficking/VT-') == 5


def test_detail_query_count(ct_a, victim_a, client, django_assert_num_queries):
    client.force_login(ct_a)
    # 1 session, 2 user, 3 the record with its key, organisations, place and complaint,
    # 4 audit row, 5 plan (plans' section), 6 NRM referrals, 7 organisations of the
    # identify form, 8 organisations offered by the plan section,
    # 9-11 the session's savepoint, update and release
    with django_assert_num_queries(11):
        response = client.get(reverse("trafficking:victim", args=[victim_a.reference]))
    assert victim_a.name in response.text


def test_demo_records(db):
    from io import StringIO

    from django.core.management import call_command

    call_command("seed_demo", stdout=StringIO())
    victims = list(Victim.objects.order_by("created_at"))
    assert len(victims) == 3
    assert victims[1].is_minor and victims[1].means == []
    assert victims[2].identified_by.acronym == "NATC"
    call_command("seed_demo", stdout=StringIO())  # safe to run twice
    assert Victim.objects.count() == 3
