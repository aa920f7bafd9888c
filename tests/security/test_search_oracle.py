"""No search answers differently for another organisation's case than for a case that
does not exist: every page without path parameters, asked by each persona with a
foreign case's reference in the query string (the names list filters and searches use),
answers exactly as it does for a reference nobody holds. Otherwise a filter would tell
an attacker which references exist."""

import re

import pytest
from django.test import Client

from .sweep import patterns

pytestmark = pytest.mark.django_db

NOBODYS = "AM-ZZZZ-ZZZZ"
KEYS = ("reference", "case", "q", "search", "complaint", "object")
# What changes from one answer to the next anyway: form tokens, nonces, times.
NOISE = re.compile(
    r'<input type="hidden"[^>]*>|nonce="[^"]*"|nonce-[\w+/=-]+|\d{1,2}:\d{2}(:\d{2})?'
    r"|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[\w+/=.-]{20,}"
)


def answer(client, path, reference):
    query = "&".join(f"{key}={reference}" for key in KEYS)
    response = client.get(f"{path}?{query}")
    body = response.content.decode("utf-8", "replace") if not response.streaming else ""
    return response.status_code, NOISE.sub("", body.replace(reference, "<ref>"))


# The personas with lists of cases or referrals to filter (the others have none).
@pytest.mark.parametrize("persona", ["focal_a", "coordinator", "investigator_a", "provider"])
def test_searching_for_a_foreign_case_answers_as_for_none(world, persona):
    client = Client()
    client.force_login(world.personas[persona])
    problems = []
    for pattern in patterns():
        if pattern.parameters or pattern.key.endswith("logout"):
            continue
        path = pattern.url({})
        for reference in (world.case.reference, world.open_case.reference):
            if answer(client, path, reference) != answer(client, path, NOBODYS):
                problems.append(f"{path} ({pattern.key}) tells that {reference} exists")
    assert problems == [], "\n".join(problems)
