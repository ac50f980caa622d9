"""The money step's one service: payments.services.begin_checkout."""

import pytest

from conference.payments import services
from conference.payments.vietqr import PayloadError
from conference.registration.enums import PaymentMethod
from conference.registration.models import Registration
from tests.registration.factories import consent, make_category, make_edition, person

pytestmark = pytest.mark.django_db


def test_checkout_takes_the_seats_and_starts_the_transfer_together_or_not_at_all(settings):
    """begin_checkout owns the whole write: when the transfer cannot be started (here the bank
    account is misconfigured), no seats stay taken without a transfer to pay them by."""
    edition = make_edition()
    category = make_category(edition, price_vnd=1_500_000)
    settings.BANK_TRANSFER_BIN = "12"
    with pytest.raises(PayloadError):
        services.begin_checkout(
            category=category, attendees=[person()], consent_version=consent(edition),
            payment_method=PaymentMethod.BANK_TRANSFER,
        )
    assert not Registration.objects.exists()
    settings.BANK_TRANSFER_BIN = "970436"
    registration = services.begin_checkout(
        category=category, attendees=[person()], consent_version=consent(edition),
        payment_method=PaymentMethod.BANK_TRANSFER,
    )
    assert registration.bank_transfer.amount_vnd == 1_500_000
