from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from core.tasks import clear_expired_sessions

pytestmark = pytest.mark.django_db


def test_the_beat_task_removes_expired_sessions_only():
    for _ in range(2):
        SessionStore().create()
    Session.objects.filter(pk__in=Session.objects.values("pk")[:1]).update(
        expire_date=timezone.now() - timedelta(minutes=1)
    )
    assert clear_expired_sessions.apply().get() == 1
    assert Session.objects.count() == 1


def test_the_task_is_scheduled_by_beat(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "core.tasks.clear_expired_sessions" in tasks


def test_the_home_page_has_a_fixed_query_budget(client, personas, django_assert_num_queries):
    client.force_login(personas["coordinator"])
    # 1 session, 2 user, 3 pending account requests (a coordinator decides them: a
    # count), 4 user's organisation (the page and the menu), 5 savepoint, 6 session save
    # (SESSION_SAVE_EVERY_REQUEST), 7 release
    with django_assert_num_queries(7):
        response = client.get(reverse("home"))
    assert response.status_code == 200


def test_the_login_page_is_light(client, django_assert_num_queries):
    # None: no session cookie yet, and the form reads nothing
    with django_assert_num_queries(0):
        response = client.get(reverse("login"))
    assert len(response.content) < 8_000
