"""Bank statements: import a file, match its lines to transfers, let a person decide the rest."""

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.common.exceptions import DomainError
from conference.common.services import record_audit
from conference.common.text import nfc
from conference.registration.enums import RegistrationStatus

from .. import statements, vietqr
from ..enums import LineOutcome, LineResolution, PaidVia, TransferStatus
from ..exceptions import PaymentError
from ..models import BankStatement, BankTransfer, StatementLine
from .bank_transfers import confirm_paid, lock_transfer

# Statement imports are serialised with this PostgreSQL advisory lock: two desk agents uploading
# overlapping statements at once must not both confirm the same line.
_IMPORT_LOCK = 0x6763_7174  # "gcqt"


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
        transfer = line.transfer = lock_transfer(transfers[0])
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
                confirm_paid(transfer, via=PaidVia.STATEMENT, by=by, device=device,
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
            transfer = lock_transfer(transfer)
            if transfer.status == TransferStatus.PAID:
                raise PaymentError(
                    _("This registration is already paid: dismiss the line and refund it."),
                    code="already_paid",
                )
            line.transfer = transfer
            confirm_paid(transfer, via=PaidVia.STATEMENT, by=by, device=device, note=note)
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
