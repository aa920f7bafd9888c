from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from complaints.deadlines import SCREENING
from referrals.deadlines import ACKNOWLEDGEMENT, FEEDBACK, INVESTIGATION_UPDATE, provider_response

UTC = ZoneInfo("UTC")


def at(*args):
    return datetime(*args, tzinfo=UTC)


def test_hours_and_days_count_around_the_clock():
    assert SCREENING.after(at(2026, 11, 20, 9)) == at(2026, 11, 21, 9)
    assert FEEDBACK.after(at(2026, 11, 20, 9)) == at(2026, 11, 27, 9)
    assert INVESTIGATION_UPDATE.after(at(2026, 11, 1)) == at(2026, 12, 1)


def test_acknowledgement_skips_the_weekend():
    friday = at(2026, 11, 20, 15)
    assert ACKNOWLEDGEMENT.after(friday) == at(2026, 11, 24, 15)  # Tuesday


def test_working_days_follow_the_operations_week_and_time_zone(settings):
    settings.AMANA_OPERATION_TIME_ZONE = "Asia/Riyadh"  # UTC+3
    settings.AMANA_WORKING_DAYS = [6, 0, 1, 2, 3]  # Sunday to Thursday
    thursday_late = at(2026, 11, 19, 22)  # already Friday 01:00 in Riyadh
    assert ACKNOWLEDGEMENT.after(thursday_late) == at(2026, 11, 22, 22)  # Monday 01:00 local


@pytest.mark.parametrize(("priority", "hours"), [("high", 24), ("medium", 72), ("low", 72)])
def test_assistance_deadlines_depend_on_priority(priority, hours):
    start = at(2026, 11, 20, 9)
    assert (provider_response(priority).after(start) - start).total_seconds() == hours * 3600


def test_each_deadline_is_a_setting(settings):
    settings.AMANA_DEADLINES = {"acknowledgement": (1, "days")}
    assert ACKNOWLEDGEMENT.after(at(2026, 11, 20, 15)) == at(2026, 11, 21, 15)
