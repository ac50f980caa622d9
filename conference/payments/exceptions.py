from conference.common.exceptions import DomainError


class PaymentError(DomainError):
    """The payment cannot be made or changed (card or bank transfer)."""

    code = "payment_error"
