"""Links to the payment pages of a registration, reached through its status link (reference plus
keyed token, see conference.registration.links)."""

from django.urls import reverse
from django.utils import translation

from conference.registration.links import status_token


def _reverse(name: str, registration, language: str | None) -> str:
    with translation.override(language or translation.get_language()):
        return reverse(name, kwargs={"reference": registration.reference,
                                     "token": status_token(registration.reference)})


def payment_url(registration, language: str | None = None) -> str:
    """The bank-transfer page: the VietQR code and the details to copy."""
    return _reverse("payments:bank_transfer", registration, language)


def card_return_url(registration, language: str | None = None) -> str:
    """Where Stripe Checkout sends the payer back (Stripe appends the session id)."""
    return _reverse("payments:card_return", registration, language)
