"""Payments reacting to what registration announces (conference/payments/receivers.py)."""

import pytest

from conference.payments import services as stripe_services
from conference.payments.enums import StripePaymentStatus
from conference.registration import services
from conference.registration.enums import RegistrationStatus
from tests.registration.factories import consent, make_category, make_edition, person

pytestmark = pytest.mark.django_db


def test_cancelling_a_registration_awaiting_card_payment_closes_its_checkout(
    fake_stripe, django_capture_on_commit_callbacks
):
    """Before, the Stripe page stayed open after the attendee cancelled: paying it then
    confirmed the cancelled registration again (a late payment re-takes free seats)."""
    edition = make_edition()
    category = make_category(edition, price_vnd=1_500_000)
    registration = services.start_registration(
        category=category, attendees=[person()], consent_version=consent(edition),
    )
    payment = stripe_services.create_checkout(registration=registration)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(registration=registration, by=None)
    assert fake_stripe.sessions[payment.session_id]["status"] == "expired"
    payment.refresh_from_db()
    registration.refresh_from_db()
    assert payment.status == StripePaymentStatus.EXPIRED
    assert registration.status == RegistrationStatus.CANCELLED


def test_a_refused_refund_leaves_the_registration_and_its_checkout_alone(
    fake_stripe, user_factory, django_capture_on_commit_callbacks
):
    edition = make_edition()
    category = make_category(edition, price_vnd=1_500_000)
    registration = services.start_registration(
        category=category, attendees=[person()], consent_version=consent(edition),
    )
    payment = stripe_services.create_checkout(registration=registration)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(stripe_services.PaymentError):
            services.cancel_registration(registration=registration,
                                         by=user_factory(is_staff=True), refund_amount_vnd=1)
    assert callbacks == []
    assert fake_stripe.sessions[payment.session_id]["status"] == "open"
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.AWAITING_PAYMENT

