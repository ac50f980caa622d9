"""The money step's addresses after it moved from registration to payments."""

import pytest
from django.urls import reverse

from conference.registration.links import status_token

pytestmark = pytest.mark.django_db


def test_stripe_sessions_opened_before_the_move_still_return_to_the_card_return(client):
    token = status_token("ABCD3467")
    response = client.get(f"/register/r/ABCD3467/{token}/paid/?session_id=cs_test_1")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "payments:card_return", kwargs={"reference": "ABCD3467", "token": token}
    ) + "?session_id=cs_test_1"


def test_details_step_leads_to_the_checkout_of_payments(settings):
    assert reverse(settings.REGISTRATION_CHECKOUT_URL, kwargs={"code": "x"}) == "/pay/checkout/x/"
