"""Reads about payments used in more than one place."""

from django.conf import settings

from conference.registration.enums import PaymentMethod

from .models import CategoryPaymentMethods
from .stripe_client import is_configured


def working_payment_methods() -> set[str]:
    """The ways to pay this installation can take: card only with Stripe keys, bank transfer
    only with an account to pay into."""
    methods = set()
    if is_configured():
        methods.add(PaymentMethod.STRIPE)
    if settings.BANK_TRANSFER_ACCOUNT:
        methods.add(PaymentMethod.BANK_TRANSFER)
    return methods


def payment_methods_for(category) -> list[str]:
    """The ways to pay a paid category, as organisers set them (both when they set nothing),
    less those that cannot work here (no card payment without Stripe keys).

    Card first: it confirms at once, so it is the default when both are offered.
    """
    if category.is_free:
        return []
    chosen = CategoryPaymentMethods.objects.filter(category=category).first()
    wanted = [PaymentMethod.STRIPE, PaymentMethod.BANK_TRANSFER]
    if chosen is not None:
        wanted = [m for m, on in ((PaymentMethod.STRIPE, chosen.stripe),
                                  (PaymentMethod.BANK_TRANSFER, chosen.bank_transfer)) if on]
    working = working_payment_methods()
    return [m for m in wanted if m in working]
