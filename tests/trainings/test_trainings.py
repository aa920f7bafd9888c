from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.models import Organisation
from notifications.models import Reminder
from notifications.outbox import reminders_create, reminders_send
from trainings import selectors, services
from trainings.models import Module, Participant

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 22)


def status_of(focal_point, today=TODAY):
    return next(fp for fp in selectors.focal_point_status(today=today) if fp.pk == focal_point.pk)


def test_a_focal_point_is_trained_after_attending_a_held_focal_point_module(
    agency_a, make_focal_point, make_session, attend
):
    focal_point = make_focal_point(agency_a)
    assert status_of(focal_point).status == "untrained"
    attend(make_session(status="planned"), focal_point=focal_point)
    attend(
        make_session(module=Module.objects.create(title="Code of conduct")), focal_point=focal_point
    )
    attend(make_session(), focal_point=focal_point, attended=False)
    assert status_of(focal_point).status == "untrained"  # planned, other module, absent
    attend(make_session(starts_on=date(2026, 3, 10)), focal_point=focal_point)
    row = status_of(focal_point)
    assert (row.status, row.trained_on, row.refresher_due_on) == (
        "trained",
        date(2026, 3, 10),
        date(2027, 3, 10),
    )


def test_a_refresher_is_due_after_twelve_months(
    agency_a, make_focal_point, make_session, attend, settings
):
    focal_point = make_focal_point(agency_a)
    attend(make_session(starts_on=date(2025, 11, 1)), focal_point=focal_point)
    assert status_of(focal_point).status == "refresher_due"
    settings.AMANA_REFRESHER_MONTHS = 24
    assert status_of(focal_point).status == "trained"


def test_a_due_refresher_is_reminded_exactly_once(
    personas, agency_a, make_focal_point, make_session, attend
):
    personas["focal_a"].email = "focal_a@example.org"
    personas["focal_a"].save()
    focal_point = make_focal_point(agency_a, user=personas["focal_a"])
    attend(
        make_session(starts_on=timezone.localdate() - timedelta(days=400)), focal_point=focal_point
    )
    for _ in range(2):
        reminders_create(timezone.now())
        reminders_send(timezone.now())
    assert Reminder.objects.filter(kind="refresher", sent_at__isnull=False).count() == 1
    assert [m.to for m in mail.outbox] == [["focal_a@example.org"]]


def test_community_sessions_cannot_hold_names(client, personas, make_session, attend):
    session = make_session(audience="community")
    with pytest.raises(ValidationError, match="never names"):
        attend(session, name="A Community Member")
    client.force_login(personas["coordinator"])
    page = client.get(reverse("trainings:session", args=[session.pk])).content.decode()
    assert 'name="p-name"' not in page  # no form for names
    client.post(
        reverse("trainings:session", args=[session.pk]),
        {"p-name": "Sneaky", "p-sex": "female", "p-age_group": "18-25", "p-attended": "on"},
    )
    assert not Participant.objects.exists()


def test_a_session_with_names_cannot_become_a_community_session(personas, make_session, attend):
    session = make_session()
    attend(session)
    session.audience = "community"
    with pytest.raises(ValidationError, match="cannot"):
        services.session_save(actor=personas["coordinator"], session=session)


def test_counts_that_do_not_add_up_are_refused_with_the_sums(client, personas, make_session):
    session = make_session(audience="community")
    client.force_login(personas["coordinator"])
    page = client.post(
        reverse("trainings:session", args=[session.pk]),
        {"c-total": "50", "c-n_female_18-25": "20", "c-n_male_18-25": "25"},
    ).content.decode()
    assert "add up to 45, not to the total of 50" in page
    assert not session.counts.exists()
    client.post(
        reverse("trainings:session", args=[session.pk]),
        {"c-total": "45", "c-n_female_18-25": "20", "c-n_male_18-25": "25"},
    )
    assert sum(session.counts.values_list("count", flat=True)) == 45


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ({"p-pre_score": "40", "p-post_score": "140"}, "Scores are percentages from 0 to 100."),
        ({"p-post_score": "80"}, "A post-test score needs the pre-test score too."),
    ],
)
def test_bad_scores_are_refused_with_a_clear_message(
    client, personas, make_session, scores, message
):
    session = make_session()
    client.force_login(personas["coordinator"])
    data = {
        "p-name": "Typed Name",
        "p-sex": "female",
        "p-age_group": "26-59",
        "p-attended": "on",
        **scores,
    }
    page = client.post(reverse("trainings:session", args=[session.pk]), data).content.decode()
    assert message in page
    assert "Typed Name" in page
    assert not Participant.objects.exists()


def test_reports_aggregate_by_sex_and_age_and_knowledge_gain(
    client, personas, make_session, attend
):
    community = make_session(audience="community", starts_on=date(2026, 10, 5))
    services.counts_record(actor=personas["coordinator"], session=community, total=30,
                           cells={("female", "18-25"): 12, ("male", "18-25"): 8, ("female", "0-11"): 10})  # fmt: skip
    staff = make_session(audience="staff", starts_on=date(2026, 11, 2))
    attend(staff, name="A", sex="female", age_group="18-25", pre_score=40, post_score=80)
    attend(staff, name="B", sex="male", age_group="26-59", pre_score=60, post_score=70)
    make_session(audience="staff", status="cancelled")
    report = selectors.report(today=TODAY)
    assert report["sessions"] == 2
    assert report["reached"] == 32
    assert [(row["month"], row["reached"]) for row in report["by_month"]] == [
        ("2026-10", 30),
        ("2026-11", 2),
    ]
    female = next(row for row in report["sex_age"] if row["sex"] == "Female")["cells"]
    assert female == [10, 0, 13, 0, 0, 0]  # 0-11, 12-17, 18-25, ...
    assert report["knowledge_gain"] == 25.0  # ((80-40) + (70-60)) / 2
    client.force_login(personas["analyst"])
    page = client.get(reverse("trainings:reports")).content.decode()
    assert 'data-metric="reached">32<' in page
    csv = client.get(reverse("trainings:reports") + "?format=csv").content.decode()
    assert "month,2026-10,1,30" in csv


def test_certificates_are_for_attendees_of_held_sessions(client, personas, make_session, attend):
    session = make_session()
    present = attend(session, name="Present Person")
    absent = attend(session, name="Absent Person", attended=False)
    client.force_login(personas["coordinator"])
    page = client.get(
        reverse("trainings:certificate", args=[session.pk, present.pk])
    ).content.decode()
    assert "Present Person" in page and "Certificate of attendance" in page
    assert (
        client.get(reverse("trainings:certificate", args=[session.pk, absent.pk])).status_code
        == 404
    )


def test_focal_points_plan_sessions_for_their_own_agency_only(
    client, personas, agency_a, agency_b, fp_module, make_session
):
    client.force_login(personas["focal_b"])
    data = {"module": fp_module.pk, "starts_on": "2026-12-01", "organisation": agency_a.pk,
            "facilitator_organisation": agency_a.pk, "audience": "staff", "language": "en"}  # fmt: skip
    assert (
        "Select a valid choice"
        in client.post(reverse("trainings:session-new"), data).content.decode()
    )
    response = client.post(reverse("trainings:session-new"), {**data, "organisation": agency_b.pk})
    assert response.status_code == 302
    other = make_session()
    assert (
        client.post(
            reverse("trainings:session-status", args=[other.pk]), {"status": "cancelled"}
        ).status_code
        == 403
    )
    assert client.get(reverse("trainings:session", args=[other.pk])).status_code == 200  # may read


def test_a_session_ends_after_it_starts(personas, make_session):
    with pytest.raises(ValidationError, match="before the first"):
        make_session(ends_on=date(2026, 3, 1))


# The sessions: 1 session, 2 user, 3 count, 4 user's organisation (menu), 5 sessions page,
# 6 savepoint, 7 session save, 8 release. The reports: 1 session, 2 user, 3 held sessions
# and people reached, 4 counts by sex and age, 5 participants by sex and age, 6 knowledge
# gain, 7 focal points' training status, 8 user's organisation (menu), 9 savepoint,
# 10 session save, 11 release.
@pytest.mark.parametrize(
    ("address", "queries"), [("trainings:sessions", 8), ("trainings:reports", 11)]
)
def test_lists_and_reports_cost_the_same_with_1_or_100_sessions(
    client, personas, make_session, attend, address, queries, django_assert_num_queries
):
    client.force_login(personas["coordinator"])
    attend(make_session())
    with django_assert_num_queries(queries):
        assert client.get(reverse(address)).status_code == 200
    for n in range(99):
        session = make_session(
            audience="community" if n % 2 else "staff", starts_on=date(2026, 1 + n % 10, 1)
        )
        if session.anonymous:
            services.counts_record(
                actor=personas["coordinator"],
                session=session,
                total=3,
                cells={("female", "18-25"): 3},
            )
        else:
            attend(session, name=f"P{n}", pre_score=50, post_score=60)
    with django_assert_num_queries(queries):
        assert client.get(reverse(address)).status_code == 200


def test_non_members_see_no_trainings(client, personas):
    Organisation.objects.filter(pk=personas["analyst"].organisation_id).update(network_member=False)
    client.force_login(personas["analyst"])
    assert client.get(reverse("trainings:sessions")).status_code == 404
    assert client.get(reverse("trainings:reports")).status_code == 404


def test_the_coordinator_adds_a_module_with_linked_materials(client, personas):
    client.force_login(personas["coordinator"])
    data = {"title": "Receiving complaints", "duration_minutes": "90", "version": "2", "audiences": ["focal_points"],
            "materials": "Slides | https://example.org/slides.pdf\nhttps://example.org/handout"}  # fmt: skip
    assert client.post(reverse("trainings:modules"), data).status_code == 302
    module = Module.objects.get(title="Receiving complaints")
    assert list(module.materials.values_list("title", "url")) == [
        ("Slides", "https://example.org/slides.pdf"),
        ("https://example.org/handout", "https://example.org/handout"),
    ]
    page = client.post(
        reverse("trainings:modules"), {**data, "title": "Bad", "materials": "Slides | not a link"}
    ).content.decode()
    assert "Line 1 needs a title, then | and a web link." in page
    client.force_login(personas["focal_a"])
    assert client.post(reverse("trainings:modules"), data).status_code == 403


def test_people_reached_feed_the_coordinator_dashboard(client, personas, make_session, attend):
    session = make_session(audience="community")
    services.counts_record(
        actor=personas["coordinator"], session=session, total=7, cells={("male", "60+"): 7}
    )
    attend(make_session(audience="staff"))
    client.force_login(personas["coordinator"])
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert 'data-metric="reached"><a href="/trainings/reports/">8</a>' in page
