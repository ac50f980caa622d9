"""How payments reacts to what registration announces (conference.registration.signals)."""

from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import timezone

from conference.registration import signals
from conference.registration.enums import PaymentMethod, RegistrationStatus

from .links import payment_url
from .models import BankTransfer, InvoiceDetails
from .queries import payment_methods_for


@receiver(signals.status_page_panels, dispatch_uid="payments_status_panel")
def status_panel(sender, *, registration, request, token, **kwargs) -> str:
    """The payment part of the registration's status page: pay by card, switch to a bank
    transfer, the VietQR page, and the VAT invoice details."""
    awaiting = registration.status == RegistrationStatus.AWAITING_PAYMENT
    transfer = BankTransfer.objects.filter(registration=registration).first()
    return render_to_string("payments/includes/status_panel.html", {
        "registration": registration,
        "token": token,
        "can_pay": (awaiting and registration.payment_method == PaymentMethod.STRIPE
                    and registration.hold_expires_at
                    and registration.hold_expires_at > timezone.now()),
        "can_switch_to_transfer": (
            awaiting and registration.payment_method != PaymentMethod.BANK_TRANSFER
            and PaymentMethod.BANK_TRANSFER in payment_methods_for(registration.category)
        ),
        "bank_transfer_url": (
            payment_url(registration)
            if awaiting and transfer is not None
            and registration.payment_method == PaymentMethod.BANK_TRANSFER else ""
        ),
        "show_invoice": bool(registration.amount_vnd) and registration.status not in (
            RegistrationStatus.CANCELLED, RegistrationStatus.REJECTED),
        "invoice": InvoiceDetails.objects.filter(registration=registration).first(),
    }, request=request)
