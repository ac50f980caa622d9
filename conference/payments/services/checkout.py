"""The last step of registration: take the seats and start the payment, in one transaction."""


from django.db import transaction

from conference.registration.enums import PaymentMethod, RegistrationStatus
from conference.registration.models import Registration
from conference.registration.services import start_registration

from .bank_transfers import start_bank_transfer


def begin_checkout(*, category, attendees: list[dict], contact=None, contact_email: str = "",
                   language: str = "vi", consent_version: str, invitation_code: str | None = None,
                   payment_method: str | None = None, waiting_list_entry=None,
                   device: str = "", client_ip: str = "") -> Registration:
    """The money step of the public registration: take the seats and, for a bank transfer, give
    the registration its transfer reference, in one transaction.

    Either both happen or neither: a registration never waits for a transfer it has no
    reference for. The card payment itself starts after commit (create_checkout calls Stripe,
    and no lock is held across the network). Raises the DomainError of either step.
    """
    with transaction.atomic():
        registration = start_registration(
            category=category, attendees=attendees, contact=contact,
            contact_email=contact_email, language=language, consent_version=consent_version,
            invitation_code=invitation_code, payment_method=payment_method,
            waiting_list_entry=waiting_list_entry, device=device, client_ip=client_ip,
        )
        if (
            registration.payment_method == PaymentMethod.BANK_TRANSFER
            and registration.status == RegistrationStatus.AWAITING_PAYMENT
        ):
            start_bank_transfer(registration=registration, device=device)
    return registration
