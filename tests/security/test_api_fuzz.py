"""Schema-driven fuzzing of the REST API with schemathesis (issue 12, point 8).

The OpenAPI schema drf-spectacular publishes at /api/v1/schema/ is the contract: every
operation, for a caller of each kind, answers no 5xx, and every answer (errors included)
matches what the schema says, status code, content type and body.

Requests go through Django's WSGI handler in this process, inside the test's transaction.
Who calls is forced at DRF's level (as APIClient.force_authenticate does), so the suite
tests what each role gets, whatever credential an integration presents; the credentials
themselves are tested in tests/core.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from rest_framework.test import force_authenticate
from schemathesis import checks

from complaints.services import IntakeData, PersonData, complaint_intake
from core.models import User

pytestmark = pytest.mark.django_db

SCHEMA = "/api/v1/schema/"
MAX_EXAMPLES = 15
# No 5xx, and every answer as the schema describes it. (Schemathesis' check that a call
# without credentials is refused does not apply: the caller is forced, not sent.)
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]


class ForcedUserWSGI(WSGIHandler):
    """Django's WSGI application, with every request made by `user` (None: anonymous),
    and the test's database connection kept open across requests (as Django's test
    client does)."""

    def __init__(self, user: User | None) -> None:
        super().__init__()
        self.user = user

    def get_response(self, request):
        if self.user is not None:
            force_authenticate(request, user=self.user)
        return super().get_response(request)

    def __call__(self, environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            return super().__call__(environ, start_response)
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


def first_failure(operation) -> str | None:
    """Examples generated from one operation's schema, sent until one fails a check (a
    5xx, or an answer the schema does not describe)."""
    found: list[str] = []

    @given(case=operation.as_strategy())
    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        if found:
            return
        try:
            case.call_and_validate(checks=CHECKS)
        except (AssertionError, BaseExceptionGroup) as failure:  # checks' failures, reported below
            found.append(f"{operation.label}: {failure}")

    run()
    return found[0] if found else None


def fuzz(app) -> list[str]:
    """The first failure of each operation in the schema the app publishes."""
    schema = schemathesis.openapi.from_wsgi(SCHEMA, app)
    failures = (first_failure(result.ok()) for result in schema.get_all_operations())
    return [failure for failure in failures if failure]


@pytest.mark.parametrize("persona", ["focal_a", "coordinator", "analyst", None])
def test_the_api_keeps_its_published_contract(personas, persona):
    user = personas[persona] if persona else None
    complaint_intake(
        actor=personas["focal_a"],
        data=IntakeData(
            complaint={
                "entry_point": "hotline",
                "category": "other_misconduct",
                "narrative": "Fuzz.",
            },
            persons=[PersonData(roles={"complainant"}, values={"name": "Fuzz Person"})],
        ),
        submit=True,
    )
    failures = fuzz(ForcedUserWSGI(user))
    assert not failures, "\n\n".join(failures)
