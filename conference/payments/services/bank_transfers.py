"""Bank transfers (VietQR): a reference per registration, the instructions, reminders, and
marking one paid (from a statement line or by hand).

Every confirmation goes through registration's confirm_registration, which locks the
registration, issues badges, audits and queues the confirmation email; it is idempotent, so a
statement line and a desk action racing each other confirm once.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.common.codes import create_with_unique_code
from conference.common.links import site_url
from conference.common.services import queue_email, record_audit
from conference.common.text import nfc
from conference.registration.emails import send_to_contact
from conference.registration.enums import PaymentMethod, RegistrationStatus
from conference.registration.models import Registration
from conference.registration.services import confirm_registration

from .. import vietqr
from ..enums import PaidVia, TransferStatus
from ..exceptions import PaymentError
from ..links import payment_url
from ..models import BankTransfer

logger = logging.getLogger(__name__)

# Stripe accepts expires_at between 30 minutes and 24 hours from now.


def transfer_payload(transfer: BankTransfer) -> str:
    return vietqr.payload_for(amount_vnd=transfer.amount_vnd, reference=transfer.reference)


def start_bank_transfer(*, registration: Registration, by=None, device: str = "") -> BankTransfer:
    """Choose bank transfer for a registration awaiting payment.

    Gives it a transfer reference (kept if it already has one), holds its seats for
    BANK_TRANSFER_HOLD_DAYS instead of the short card-payment hold, and queues the payment
    instructions (QR code attached) to the contact in their language. One transaction.
    """
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != RegistrationStatus.AWAITING_PAYMENT:
            raise PaymentError(
                _("This registration is not awaiting payment."), code="not_awaiting_payment"
            )
        if registration.amount_vnd <= 0:
            raise PaymentError(_("This registration has nothing to pay."), code="nothing_to_pay")
        transfer = BankTransfer.objects.filter(registration=registration).first()
        if transfer is None:
            transfer = create_transfer(registration)
        elif transfer.status != TransferStatus.PENDING or (
            transfer.amount_vnd != registration.amount_vnd
        ):
            transfer.status = TransferStatus.PENDING
            transfer.amount_vnd = registration.amount_vnd
            transfer.save(update_fields=["status", "amount_vnd"])
        now = timezone.now()
        registration.payment_method = PaymentMethod.BANK_TRANSFER
        registration.hold_expires_at = now + timedelta(days=settings.BANK_TRANSFER_HOLD_DAYS)
        registration.save(update_fields=["payment_method", "hold_expires_at", "updated_at"])
        record_audit(
            action="payment.bank_transfer_started", obj=registration, actor=by, device=device,
            data={"reference": transfer.reference, "amount_vnd": transfer.amount_vnd,
                  "hold_expires_at": registration.hold_expires_at.isoformat()},
        )
        _queue_transfer_email(transfer, registration, "payments/bank_transfer_instructions")
    return transfer


def create_transfer(registration: Registration) -> BankTransfer:
    return create_with_unique_code(
        lambda reference: BankTransfer.objects.create(
            registration=registration, reference=reference, amount_vnd=registration.amount_vnd,
        ),
        vietqr.new_reference, attempts=10, what="transfer reference",
    )


def _queue_transfer_email(transfer: BankTransfer, registration: Registration, template: str):
    payload = transfer_payload(transfer)
    queue_email(
        to=registration.contact_email,
        template=template,
        language=registration.language,
        context={
            "registration": registration,
            "transfer": transfer,
            "bank": bank_details(),
            "payment_url": site_url(payment_url(registration, registration.language)),
        },
        attachments=[(f"VietQR-{transfer.reference}.png", vietqr.qr_png(payload), "image/png")],
    )


def bank_details() -> dict:
    return {
        "bank_name": settings.BANK_TRANSFER_BANK_NAME,
        "bin": settings.BANK_TRANSFER_BIN,
        "account": settings.BANK_TRANSFER_ACCOUNT,
        "account_name": settings.BANK_TRANSFER_ACCOUNT_NAME,
    }


def send_transfer_reminders(*, now=None) -> int:
    """Remind payers whose transfer hold ends within BANK_TRANSFER_REMINDER_HOURS; once each.

    Rows another worker is reminding are skipped (SKIP LOCKED). Returns how many were queued.
    """
    now = now or timezone.now()
    horizon = now + timedelta(hours=settings.BANK_TRANSFER_REMINDER_HOURS)
    sent = 0
    with transaction.atomic():
        due = (
            BankTransfer.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("registration")
            .filter(
                status=TransferStatus.PENDING,
                reminder_sent_at__isnull=True,
                registration__status=RegistrationStatus.AWAITING_PAYMENT,
                registration__hold_expires_at__gt=now,
                registration__hold_expires_at__lte=horizon,
            )
            .order_by("registration__hold_expires_at")
        )
        for transfer in due:
            transfer.reminder_sent_at = now
            transfer.save(update_fields=["reminder_sent_at"])
            record_audit(action="payment.bank_transfer_reminded", obj=transfer.registration,
                         data={"reference": transfer.reference})
            _queue_transfer_email(transfer, transfer.registration,
                                  "payments/bank_transfer_reminder")
            sent += 1
    return sent


def mark_paid_by_hand(*, registration: Registration, by, note: str,
                      device: str = "") -> Registration:
    """The desk records a payment it has seen (cash, a transfer the statement will show later).

    A note is required. Confirms the registration (audited, confirmation email queued).
    """
    note = nfc(note)
    if not note:
        raise PaymentError(_("Write a note explaining the decision."), code="note_required")
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == RegistrationStatus.CONFIRMED:
            raise PaymentError(_("This registration is already confirmed."), code="confirmed")
        if registration.status in (RegistrationStatus.REJECTED, RegistrationStatus.CANCELLED):
            raise PaymentError(
                _("A cancelled or rejected registration cannot be marked paid."),
                code="not_payable",
            )
        transfer = BankTransfer.objects.select_for_update().filter(
            registration=registration
        ).first() or create_transfer(registration)
        registration = confirm_paid(transfer, via=PaidVia.MANUAL, by=by, device=device,
                                     note=note)
    return registration


def lock_transfer(transfer: BankTransfer) -> BankTransfer:
    """Lock the transfer's registration, then the transfer, and return it re-read.

    Every writer takes these locks in this order (confirm_registration and mark_paid_by_hand lock
    the registration first); a statement import locking the transfer first could deadlock with a
    desk marking the same registration paid by hand.
    """
    registration = Registration.objects.select_for_update().get(pk=transfer.registration_id)
    locked = BankTransfer.objects.select_for_update().get(pk=transfer.pk)
    locked.registration = registration
    return locked


def confirm_paid(transfer: BankTransfer, *, via: str, by, device: str = "",
                  note: str = "") -> Registration:
    """Mark the transfer paid and confirm its registration (in the caller's transaction)."""

    registration = confirm_registration(
        registration=transfer.registration, by=by, payment=f"bank:{transfer.reference}",
        device=device,
    )
    transfer.status = TransferStatus.PAID
    transfer.paid_at = timezone.now()
    transfer.paid_via = via
    transfer.paid_by = by if getattr(by, "is_authenticated", False) else None
    transfer.paid_note = note
    transfer.save(update_fields=["status", "paid_at", "paid_via", "paid_by", "paid_note"])
    record_audit(
        action="payment.bank_transfer_paid", obj=registration, actor=by, device=device,
        data={"reference": transfer.reference, "via": via, "note": note,
              "amount_vnd": transfer.amount_vnd},
    )
    # The attendees get their confirmation and badge; whoever paid gets the receipt.
    send_to_contact(registration, "payments/receipt", {"transfer": transfer})
    return registration
