"""Issue 15: in Arabic, phone numbers read reversed on the case and assistance pages
(`+963 900 000 111` showed as `111 000 900 963+`): a provider would dial the wrong number.
Each number is now isolated left to right; the browser is asked where it draws the first
and the last group of digits, on a 360 px phone."""

import pytest

from complaints import services as complaint_services
from complaints.services import PersonData
from referrals import services as referral_services

from ..complaints.conftest import intake_data
from .test_sign_in_journey import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = "+963 900 000 111"

# The x of the first and the last group of digits of the number in `selector`.
WHERE = """(selector) => {
  const element = document.querySelector(selector);
  const text = element.firstChild;
  const value = text.textContent;
  const box = (start, end) => {
    const range = document.createRange();
    range.setStart(text, start);
    range.setEnd(text, end);
    return range.getBoundingClientRect().x;
  };
  return {first: box(0, 4), last: box(value.length - 3, value.length), value: value,
          dir: getComputedStyle(document.documentElement).direction};
}"""


def _case(personas, provider_org):
    persons = [
        PersonData(
            roles={"survivor", "complainant"},
            values={"name": "Rim", "phone": PHONE, "age_group": "18-25", "sex": "female"},
            consents={"investigation": True, "medical": True},
        )
    ]
    complaint = complaint_services.complaint_intake(
        actor=personas["focal_b"], data=intake_data(persons=persons), submit=True
    )
    complaint_services.complaint_screen(
        actor=personas["coordinator"], complaint=complaint, classification="sea",
        priority="high", implicated_unknown=True,
    )  # fmt: skip
    assistance = referral_services.assistance_refer(
        actor=personas["coordinator"], complaint=complaint,
        survivor=complaint.persons.get(is_survivor=True), service="medical",
        provider=provider_org, needs="",
    )  # fmt: skip
    return complaint, assistance


def _in_arabic(chromium, live_server, username):
    context = chromium.new_context(viewport={"width": 360, "height": 800}, locale="en-GB")
    page = context.new_page()
    sign_in(page, live_server, username)
    context.add_cookies([{"name": "django_language", "value": "ar", "url": live_server.url}])
    return context, page


def test_phone_numbers_read_in_order_in_arabic(chromium, live_server, personas, provider_org):
    complaint, assistance = _case(personas, provider_org)
    pages = [
        ("coordinator", f"/complaints/{complaint.reference}/"),
        ("provider", f"/referrals/assistance/{assistance.pk}/"),
    ]
    for username, path in pages:
        context, page = _in_arabic(chromium, live_server, username)
        page.goto(f"{live_server.url}{path}")
        drawn = page.evaluate(WHERE, "[data-phone]")
        assert drawn["dir"] == "rtl", path
        assert drawn["value"] == PHONE, path
        # "+963" is drawn left of "111": the number reads as typed.
        assert drawn["first"] < drawn["last"], (path, drawn)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
        context.close()
