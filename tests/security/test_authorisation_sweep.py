"""An authorisation sweep generated from the URL resolver: every pattern, for every
persona, by GET and by POST, with its parameters filled with objects of another
organisation (tests/security/sweep.py says how, pattern by pattern).

The rules held: no answer is a server error; no answer, whatever its status, shows a
secret of the world (a name, phone, story or reference of a case the persona may not
read); an object-scoped address answers as if the object did not exist (404), or 403,
405, 401 or the sign-in page, unless the object is the persona's to read by design
(`OPEN_TO`); anonymous visitors reach the public pages only.
"""

from urllib.parse import quote

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client

from .sweep import PERSONAS, Pattern, open_to, patterns, values_for

pytestmark = pytest.mark.django_db

# What an anonymous visitor may open: the information window, sign-in, the public
# directory, the health check, the API documentation and its schema.
PUBLIC = {
    "login", "logout", "healthz", "set_language", "public:information", "public:report",
    "public:follow_up", "info:index", "info:services", "directory", "api-schema", "api-docs", "admin:login", "admin:logout",
    "admin:jsi18n", "test-refuse", "test-refuse-api",
}  # fmt: skip
DENIED = {401, 403, 404, 405}
SIGN_IN = (resolve_url(settings.LOGIN_URL), "/manage/login/")


def _body(response) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode("utf-8", "replace") + response.get("Location", "")


def _to_sign_in(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(SIGN_IN)


def judge(pattern: Pattern, persona: str, url: str, response, world) -> str | None:
    """What is wrong with this answer, or None."""
    status = response.status_code
    if status >= 500:
        return f"server error {status}"
    # The address asked for comes back in a sign-in redirect's "next": not a leak.
    shown = _body(response).replace(quote(url), "").replace(url, "")
    leaks = world.leaks(shown)
    if leaks:
        return f"{status} shows {leaks}"
    if status in DENIED or _to_sign_in(response) or persona in open_to(pattern):
        return None
    if persona == "anonymous" and pattern.key not in PUBLIC:
        return f"{status} to an anonymous visitor"
    if pattern.parameters:
        return f"{status} for another organisation's object"
    return None


def sweep(world, persona: str) -> list[str]:
    client = Client()
    if persona != "anonymous":
        client.force_login(world.personas[persona])
    problems = []
    # Signing out last, so the persona stays signed in for everything else.
    for pattern in sorted(patterns(), key=lambda p: p.key.endswith("logout")):
        for values in values_for(pattern, world) or []:
            url = pattern.url(values)
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                problem = judge(pattern, persona, url, response, world)
                if problem:
                    problems.append(f"{method.upper()} {url} ({pattern.key}): {problem}")
    return problems


def test_every_pattern_with_parameters_has_a_factory(world):
    missing = [p.key for p in patterns() if values_for(p, world) is None]
    assert missing == [], "say in tests/security/sweep.py how to fill: " + ", ".join(missing)


def test_the_world_is_really_someone_elses_and_readable_by_its_owners(world, client):
    """The sweep proves nothing if its objects were unreachable for everyone."""
    client.force_login(world.extra["coordinator_2"])
    page = client.get(f"/complaints/{world.case.reference}/").content.decode()
    assert world.case.reference in page and "Sweepwoman" in page
    client.force_login(world.personas["focal_b"])
    page = client.get(f"/complaints/{world.open_case.reference}/").content.decode()
    assert "Sweepfraud" in page
    client.force_login(world.extra["coordinator_2"])
    page = client.get(f"/trafficking/{world.victim.reference}/").content.decode()
    assert "Sweeptrail" in page


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_persona_reaches_another_organisations_objects(world, persona):
    problems = sweep(world, persona)
    assert problems == [], "\n".join(problems)
