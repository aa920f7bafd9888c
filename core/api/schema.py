"""The published OpenAPI schema describes every answer, the errors included.

Every API error has one shape (core.errors.error_body); this schema class adds it to each
operation for the statuses the API can answer with, so a client generated from the schema,
or a fuzzer checking answers against it (tests/security/test_api_fuzz.py), meets no
undocumented status.
"""

from typing import Any

from drf_spectacular import openapi
from rest_framework import serializers


class ProblemOutput(serializers.Serializer):
    field = serializers.CharField(help_text='The field concerned, or "non_field_errors".')
    code = serializers.CharField(help_text="Stable and dotted: act on it, not on the message.")
    message = serializers.CharField()


class ErrorDetailOutput(serializers.Serializer):
    code = serializers.CharField(help_text="Stable and dotted: act on it, not on the message.")
    message = serializers.CharField()
    # The contract's key; DRF takes declared fields off the class, so it shadows nothing.
    fields = serializers.DictField(  # type: ignore[assignment]
        required=False,
        help_text="Field name to messages; nested like the input for lists and objects.",
    )
    problems = ProblemOutput(
        many=True, required=False, help_text="Each problem of a rule spanning several fields."
    )


class ErrorOutput(serializers.Serializer):
    error = ErrorDetailOutput()


ERRORS = {
    "400": "The input or the query needs correcting.",
    "401": "No valid credentials were sent.",
    "403": "The caller may read this but not do it, or the credential's scope does not allow it.",
    "404": "Not found, or not for this caller: the two answers are the same.",
}
WRITE_ERRORS = {
    "409": "The state no longer allows this (e.g. a submission key used for other content).",
    "413": "The request is too large.",
    "415": "The request's media type is not accepted.",
}
THROTTLED = {"429": "Too many requests: try again after the Retry-After header's seconds."}


class AutoSchema(openapi.AutoSchema):
    def _get_response_bodies(self, direction: Any = "response") -> dict:
        responses = super()._get_response_bodies(direction)
        errors = dict(ERRORS)
        if self.method in ("POST", "PUT", "PATCH"):
            errors |= WRITE_ERRORS
        if getattr(self.view, "throttle_classes", None):
            errors |= THROTTLED
        for code, description in errors.items():
            if code not in responses:
                response = self._get_response_for_code(ErrorOutput, code, direction=direction)
                response["description"] = description
                responses[code] = response
        return responses
