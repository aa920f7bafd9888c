"""Issue 15: the assistance referral offered every service, also those the survivor had
not consented to (the service then refused them). It now offers only consented ones."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_only_the_services_the_survivor_consented_to_are_offered(client, personas, screened):
    client.force_login(personas["coordinator"])
    page = client.get(reverse("complaints:detail", args=[screened.reference])).content.decode()
    form = page[page.index(reverse("referrals:refer-assistance", args=[screened.reference])) :]
    form = form[: form.index("</form>")]
    assert '<option value="medical"' in form  # consented at intake
    assert '<option value="shelter"' not in form  # never asked
    assert '<option value="legal"' not in form


def test_without_any_consent_to_a_service_the_page_says_what_to_do(client, personas, screened):
    screened.consents.filter(scope="medical").update(given=False)
    client.force_login(personas["coordinator"])
    page = client.get(reverse("complaints:detail", args=[screened.reference])).content.decode()
    assert "data-no-consent" in page
    assert reverse("referrals:refer-assistance", args=[screened.reference]) not in page
