"""Writes for bank transfers (VietQR), statement reconciliation and invoice details.

Every confirmation goes through registration.services.confirm_registration, which locks the
registration, issues badges, audits and queues the confirmation email; it is idempotent, so a
statement line and a desk action racing each other confirm once.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.common.exceptions import DomainError
from conference.common.services import queue_email, record_audit
from conference.common.text import nfc
from conference.registration.enums import PaymentMethod, RegistrationStatus
from conference.registration.models import Registration
from conference.registration.services import start_registration

from . import statements, vietqr
from .enums import LineOutcome, LineResolution, PaidVia, TransferStatus
from .links import payment_url
from .models import BankStatement, BankTransfer, InvoiceDetails, StatementLine
from .taxcode import normalise_tax_code, tax_code_error

logger = logging.getLogger(__name__)

# Statement imports are serialised with this PostgreSQL advisory lock: two desk agents uploading
# overlapping statements at once must not both confirm the same line.
_IMPORT_LOCK = 0x6763_7174  # "gcqt"


class PaymentError(DomainError):
    code = "payment_error"


# --- Checkout: taking the seats and choosing how to pay ------------------------------------------


def begin_checkout(*, category, attendees: list[dict], contact=None, contact_email: str = "",
                   language: str = "vi", consent_version: str, invitation_code: str | None = None,
                   payment_method: str | None = None, waiting_list_entry=None,
                   device: str = "") -> Registration:
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
            waiting_list_entry=waiting_list_entry, device=device,
        )
        if (
            registration.payment_method == PaymentMethod.BANK_TRANSFER
            and registration.status == RegistrationStatus.AWAITING_PAYMENT
        ):
            start_bank_transfer(registration=registration, device=device)
    return registration


# --- Starting a transfer ------------------------------------------------------------------------


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
            transfer = _create_transfer(registration)
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


def _create_transfer(registration: Registration) -> BankTransfer:
    for _attempt in range(10):
        try:
            with transaction.atomic():
                return BankTransfer.objects.create(
                    registration=registration, reference=vietqr.new_reference(),
                    amount_vnd=registration.amount_vnd,
                )
        except IntegrityError:  # a reference collision (1 in 148 million): draw again
            continue
    raise RuntimeError("Could not draw an unused transfer reference.")


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
            "payment_url": settings.SITE_URL + payment_url(registration, registration.language),
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


# --- Statements ---------------------------------------------------------------------------------


@dataclass
class ImportResult:
    statement: BankStatement
    already_imported: bool


def import_statement(*, data: bytes, filename: str, by, device: str = "") -> ImportResult:
    """Read a statement file, store its new credited lines and match them.

    Idempotent: the same file (by content) returns the earlier import and changes nothing; a line
    already stored from another file (overlapping periods) is counted and skipped. Lines whose
    description carries one known reference and whose amount is exactly what is due confirm their
    registration; the others wait for a person (resolution "open"). One transaction; imports are
    serialised so two uploads at once cannot both act on one line. Raises StatementError for an
    unreadable file, before anything is written.
    """
    parsed = statements.parse_statement(data, filename)
    fingerprint = statements.file_hash(data)
    hashes = statements.line_hashes(parsed.rows)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_IMPORT_LOCK])
        existing = BankStatement.objects.filter(sha256=fingerprint).first()
        if existing is not None:
            return ImportResult(statement=existing, already_imported=True)
        statement = BankStatement(
            original_name=filename[:255], sha256=fingerprint,
            uploaded_by=by if getattr(by, "is_authenticated", False) else None,
            credit_rows=len(parsed.rows),
        )
        statement.file.save(filename[-100:] or "statement", ContentFile(data), save=False)
        statement.save()
        known = set(
            StatementLine.objects.filter(fingerprint__in=hashes).values_list(
                "fingerprint", flat=True
            )
        )
        confirmed = 0
        for row, line_hash in zip(parsed.rows, hashes, strict=True):
            if line_hash in known:
                statement.repeated_lines += 1
                continue
            line = _match_line(statement, row, line_hash, by=by, device=device)
            statement.new_lines += 1
            confirmed += line.outcome == LineOutcome.MATCHED
        statement.confirmed = confirmed
        statement.save(update_fields=["new_lines", "repeated_lines", "confirmed"])
        record_audit(
            action="payment.statement_imported", obj=statement, actor=by, device=device,
            data={"file": filename, "credit_rows": len(parsed.rows),
                  "new_lines": statement.new_lines, "repeated_lines": statement.repeated_lines,
                  "confirmed": confirmed},
        )
    return ImportResult(statement=statement, already_imported=False)


def _lock_transfer(transfer: BankTransfer) -> BankTransfer:
    """Lock the transfer's registration, then the transfer, and return it re-read.

    Every writer takes these locks in this order (confirm_registration and mark_paid_by_hand lock
    the registration first); a statement import locking the transfer first could deadlock with a
    desk marking the same registration paid by hand.
    """
    registration = Registration.objects.select_for_update().get(pk=transfer.registration_id)
    locked = BankTransfer.objects.select_for_update().get(pk=transfer.pk)
    locked.registration = registration
    return locked


def _match_line(statement, row, line_hash: str, *, by, device: str) -> StatementLine:
    references = vietqr.find_references(row.description)
    transfers = list(BankTransfer.objects.filter(reference__in=references))
    line = StatementLine(
        statement=statement, fingerprint=line_hash, row_number=row.row_number,
        booked_on=row.booked_on, amount_vnd=row.amount_vnd, description=row.description,
        bank_reference=row.bank_reference, found_references=" ".join(references)[:200],
        resolution=LineResolution.OPEN,
    )
    if not transfers:
        line.outcome = LineOutcome.UNKNOWN
    elif len(transfers) > 1:
        line.outcome = LineOutcome.AMBIGUOUS
    else:
        transfer = line.transfer = _lock_transfer(transfers[0])
        registration = transfer.registration
        if transfer.status == TransferStatus.PAID or (
            registration.status == RegistrationStatus.CONFIRMED
        ):
            line.outcome = LineOutcome.ALREADY_PAID
        elif registration.status not in (
            RegistrationStatus.AWAITING_PAYMENT, RegistrationStatus.EXPIRED
        ):
            line.outcome = LineOutcome.NOT_PAYABLE
        elif row.amount_vnd < transfer.amount_vnd:
            line.outcome = LineOutcome.PARTIAL
        elif row.amount_vnd > transfer.amount_vnd:
            line.outcome = LineOutcome.OVERPAID
        else:
            line.save()
            try:
                _confirm_paid(transfer, via=PaidVia.STATEMENT, by=by, device=device,
                              note=_("Statement line %(row)s of %(file)s")
                              % {"row": row.row_number, "file": statement.original_name})
            except DomainError as error:
                # A late payment whose seats are gone (sold out): a person decides (refund).
                line.outcome = LineOutcome.NOT_PAYABLE
                line.resolution_note = str(error.message)
                line.save(update_fields=["outcome", "resolution_note"])
                return line
            line.outcome = LineOutcome.MATCHED
            line.resolution = LineResolution.AUTOMATIC
            line.resolved_at = timezone.now()
            line.save(update_fields=["outcome", "resolution", "resolved_at"])
            return line
    line.save()
    return line


def _confirm_paid(transfer: BankTransfer, *, via: str, by, device: str = "",
                  note: str = "") -> Registration:
    """Mark the transfer paid and confirm its registration (in the caller's transaction)."""
    from conference.registration.services import confirm_registration

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
    return registration


def resolve_line(*, line: StatementLine, action: str, by, note: str,
                 reference: str = "", device: str = "") -> StatementLine:
    """A person decides an open line.

    ``action="confirm"``: accept the line as the payment of a registration (its own, or the one
    whose transfer ``reference`` the desk types for a line the bank mangled beyond recognition);
    the registration is confirmed. ``action="dismiss"``: nothing to do here (refunded, not ours).
    A note is required either way; the decision is audited.
    """
    note = nfc(note)
    if not note:
        raise PaymentError(_("Write a note explaining the decision."), code="note_required")
    with transaction.atomic():
        line = StatementLine.objects.select_for_update().get(pk=line.pk)
        if line.resolution != LineResolution.OPEN:
            raise PaymentError(_("This line has already been resolved."), code="resolved")
        if action == "confirm":
            transfer = line.transfer
            if reference:
                cleaned = vietqr.normalise_description(reference)
                transfer = BankTransfer.objects.filter(reference=cleaned).first()
                if transfer is None:
                    raise PaymentError(
                        _("No bank transfer has the reference %(reference)s.")
                        % {"reference": cleaned}, code="unknown_reference",
                    )
            if transfer is None:
                raise PaymentError(
                    _("Enter the transfer reference of the registration this payment is for."),
                    code="reference_required",
                )
            transfer = _lock_transfer(transfer)
            if transfer.status == TransferStatus.PAID:
                raise PaymentError(
                    _("This registration is already paid: dismiss the line and refund it."),
                    code="already_paid",
                )
            line.transfer = transfer
            _confirm_paid(transfer, via=PaidVia.STATEMENT, by=by, device=device, note=note)
            line.resolution = LineResolution.CONFIRMED
        elif action == "dismiss":
            line.resolution = LineResolution.DISMISSED
        else:
            raise PaymentError(_("Unknown action."), code="bad_action")
        line.resolved_at = timezone.now()
        line.resolved_by = by if getattr(by, "is_authenticated", False) else None
        line.resolution_note = note
        line.save(update_fields=["transfer", "resolution", "resolved_at", "resolved_by",
                                 "resolution_note"])
        record_audit(
            action=f"payment.statement_line_{line.resolution}", obj=line, actor=by,
            device=device,
            data={"note": note, "amount_vnd": line.amount_vnd,
                  "reference": line.transfer.reference if line.transfer else ""},
        )
    return line


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
        ).first() or _create_transfer(registration)
        registration = _confirm_paid(transfer, via=PaidVia.MANUAL, by=by, device=device,
                                     note=note)
    return registration


# --- Invoice details ----------------------------------------------------------------------------


def save_invoice_details(*, registration: Registration, company_name: str, tax_code: str,
                         address: str, email: str, by=None, device: str = "") -> InvoiceDetails:
    """Record (or replace) what the accounting team needs to issue the VAT e-invoice."""
    company_name, address = nfc(company_name), nfc(address)
    email = (email or "").strip().lower()
    error = tax_code_error(tax_code)
    if error:
        raise PaymentError(error, code="bad_tax_code", field="tax_code")
    if not company_name:
        raise PaymentError(_("Enter the company or organisation name."),
                           code="company_required", field="company_name")
    if not address:
        raise PaymentError(_("Enter the address."), code="address_required", field="address")
    with transaction.atomic():
        details, created = InvoiceDetails.objects.update_or_create(
            registration=registration,
            defaults={"company_name": company_name, "tax_code": normalise_tax_code(tax_code),
                      "address": address, "email": email},
        )
        record_audit(
            action="payment.invoice_details_saved", obj=registration, actor=by, device=device,
            data={"company_name": company_name, "tax_code": details.tax_code,
                  "created": created},
        )
    return details
