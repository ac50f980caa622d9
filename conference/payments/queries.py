"""Reads about payments used in more than one place."""

from conference.registration.enums import PaymentMethod

from .models import CategoryPaymentMethods


def payment_methods_for(category) -> list[str]:
    """The ways to pay a paid category, as organisers set them (both when they set nothing).

    Card first: it confirms at once, so it is the default when both are offered.
    """
    if category.is_free:
        return []
    chosen = CategoryPaymentMethods.objects.filter(category=category).first()
    if chosen is None:
        return [PaymentMethod.STRIPE, PaymentMethod.BANK_TRANSFER]
    methods = []
    if chosen.stripe:
        methods.append(PaymentMethod.STRIPE)
    if chosen.bank_transfer:
        methods.append(PaymentMethod.BANK_TRANSFER)
    return methods
