"""Reconciliation on worked examples: exact, partial, over, duplicate, unknown, re-upload."""

import datetime as dt
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from conference.common.models import AuditEntry, OutboxMessage
from conference.payments import services
from conference.payments.enums import LineOutcome, LineResolution, PaidVia, TransferStatus
from conference.payments.models import BankStatement, StatementLine
from conference.payments.services import PaymentError
from conference.payments.statements import StatementError
from conference.registration.enums import RegistrationStatus
from tests.registration.factories import person

from .bank import paid_category, register_by_transfer, statement_csv, statement_xlsx

pytestmark = pytest.mark.django_db


def lines_by_row(statement):
    return {line.row_number: line for line in statement.lines.all()}


def test_worked_example(user_factory):
    desk = user_factory()
    category = paid_category(price_vnd=1_500_000)
    exact, exact_t = register_by_transfer(category, [person(1)])
    lower, lower_t = register_by_transfer(category, [person(2)])
    partial, partial_t = register_by_transfer(category, [person(3)])
    over, over_t = register_by_transfer(category, [person(4)])
    r = {t.reference: t for t in (exact_t, lower_t, partial_t, over_t)}
    assert len(r) == 4

    mangled = f"{exact_t.reference[:2]}-{exact_t.reference[2:6]} {exact_t.reference[6:]}"
    data = statement_csv([
        ("20/11/2026", "1.500.000", f"MBVCB.5532123.{mangled}.CT tu 0071000 NGUYEN VAN A"),
        ("20/11/2026", "1,500,000", f"IBFT {lower_t.reference.lower()} thanh toan"),
        ("21/11/2026", "500.000", f"Chuyển tiền {partial_t.reference} đợt 1"),
        ("21/11/2026", "2.000.000", f"{over_t.reference} NGUYEN THI D"),
        ("21/11/2026", "1.500.000", f"MBVCB.5532199.{mangled}.CT lan 2"),
        ("22/11/2026", "1.500.000", "NGUYEN VAN E chuyen tien hoi thao"),
    ])
    result = services.import_statement(data=data, filename="saoke.csv", by=desk)
    statement = result.statement
    assert result.already_imported is False
    assert (statement.credit_rows, statement.new_lines, statement.repeated_lines,
            statement.confirmed) == (6, 6, 0, 2)

    lines = lines_by_row(statement)
    assert [(lines[n].outcome, lines[n].resolution) for n in sorted(lines)] == [
        (LineOutcome.MATCHED, LineResolution.AUTOMATIC),       # bank mangled the reference
        (LineOutcome.MATCHED, LineResolution.AUTOMATIC),       # lower case
        (LineOutcome.PARTIAL, LineResolution.OPEN),
        (LineOutcome.OVERPAID, LineResolution.OPEN),
        (LineOutcome.ALREADY_PAID, LineResolution.OPEN),       # paid twice
        (LineOutcome.UNKNOWN, LineResolution.OPEN),
    ]
    assert lines[5].transfer_id == exact_t.pk
    assert lines[10].transfer_id is None

    for registration in (exact, lower, partial, over):
        registration.refresh_from_db()
    assert exact.status == RegistrationStatus.CONFIRMED
    assert lower.status == RegistrationStatus.CONFIRMED
    assert partial.status == RegistrationStatus.AWAITING_PAYMENT
    assert over.status == RegistrationStatus.AWAITING_PAYMENT
    exact_t.refresh_from_db()
    assert (exact_t.status, exact_t.paid_via) == (TransferStatus.PAID, PaidVia.STATEMENT)

    # The usual confirmation email, through the registration service, audited.
    assert OutboxMessage.objects.filter(template="registration/confirmed",
                                        to="nguoi1@example.vn").count() == 1
    assert AuditEntry.objects.filter(action="registration.confirmed",
                                     object_id=str(exact.pk)).count() == 1
    assert AuditEntry.objects.filter(action="payment.bank_transfer_paid").count() == 2
    assert AuditEntry.objects.filter(action="payment.statement_imported",
                                     actor=desk).count() == 1


def test_same_statement_again_changes_nothing(user_factory):
    desk = user_factory()
    category = paid_category()
    _registration, transfer = register_by_transfer(category)
    data = statement_csv([("20/11/2026", "1.500.000", transfer.reference)])
    first = services.import_statement(data=data, filename="a.csv", by=desk)
    emails = OutboxMessage.objects.count()
    audits = AuditEntry.objects.count()

    again = services.import_statement(data=data, filename="a (1).csv", by=desk)
    assert again.already_imported is True
    assert again.statement.pk == first.statement.pk
    assert BankStatement.objects.count() == 1
    assert StatementLine.objects.count() == 1
    assert OutboxMessage.objects.count() == emails
    assert AuditEntry.objects.count() == audits


def test_overlapping_statement_in_another_format_skips_known_lines(user_factory):
    desk = user_factory()
    category = paid_category()
    _first, first_t = register_by_transfer(category, [person(1)])
    _second, second_t = register_by_transfer(category, [person(2)])
    services.import_statement(
        data=statement_csv([("20/11/2026", "1.500.000", f"CT {first_t.reference}")]),
        filename="week1.csv", by=desk,
    )
    # The next export repeats 20/11 and adds 21/11, as XLSX with typed cells.
    result = services.import_statement(
        data=statement_xlsx([
            (dt.datetime(2026, 11, 20), 1500000, f"CT {first_t.reference}"),
            (dt.datetime(2026, 11, 21), 1500000, f"CT {second_t.reference}"),
        ]),
        filename="week2.xlsx", by=desk,
    )
    statement = result.statement
    assert (statement.new_lines, statement.repeated_lines, statement.confirmed) == (1, 1, 1)
    assert StatementLine.objects.count() == 2
    assert StatementLine.objects.filter(outcome=LineOutcome.ALREADY_PAID).count() == 0


def test_resolve_partial_by_accepting_it(user_factory):
    desk = user_factory()
    category = paid_category()
    registration, transfer = register_by_transfer(category)
    services.import_statement(
        data=statement_csv([("20/11/2026", "1.000.000", transfer.reference)]),
        filename="s.csv", by=desk,
    )
    line = StatementLine.objects.get()
    with pytest.raises(PaymentError) as missing_note:
        services.resolve_line(line=line, action="confirm", by=desk, note="  ")
    assert missing_note.value.code == "note_required"

    services.resolve_line(line=line, action="confirm", by=desk,
                          note="Ban tổ chức đồng ý giảm 500.000đ")
    line.refresh_from_db()
    registration.refresh_from_db()
    transfer.refresh_from_db()
    assert line.resolution == LineResolution.CONFIRMED
    assert line.resolved_by == desk
    assert registration.status == RegistrationStatus.CONFIRMED
    assert transfer.status == TransferStatus.PAID
    assert AuditEntry.objects.filter(action="payment.statement_line_confirmed",
                                     actor=desk).count() == 1
    with pytest.raises(PaymentError) as twice:
        services.resolve_line(line=line, action="dismiss", by=desk, note="x")
    assert twice.value.code == "resolved"


def test_resolve_unknown_line_with_the_reference_the_desk_types(user_factory):
    desk = user_factory()
    category = paid_category()
    registration, transfer = register_by_transfer(category)
    services.import_statement(
        data=statement_csv([("20/11/2026", "1.500.000", "NGUYEN VAN A CK HOI THAO")]),
        filename="s.csv", by=desk,
    )
    line = StatementLine.objects.get()
    assert line.outcome == LineOutcome.UNKNOWN
    with pytest.raises(PaymentError) as no_reference:
        services.resolve_line(line=line, action="confirm", by=desk, note="called the payer")
    assert no_reference.value.code == "reference_required"
    with pytest.raises(PaymentError) as bad:
        services.resolve_line(line=line, action="confirm", by=desk, note="x",
                              reference="GCAAAAAAA")
    assert bad.value.code == "unknown_reference"

    typed = transfer.reference.lower()[:4] + " " + transfer.reference.lower()[4:]
    services.resolve_line(line=line, action="confirm", by=desk, note="called the payer",
                          reference=typed)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_duplicate_payment_can_only_be_dismissed(user_factory):
    desk = user_factory()
    category = paid_category()
    _registration, transfer = register_by_transfer(category)
    services.import_statement(
        data=statement_csv([
            ("20/11/2026", "1.500.000", transfer.reference),
            ("20/11/2026", "1.500.000", transfer.reference),  # the payer pressed twice
        ]),
        filename="s.csv", by=desk,
    )
    duplicate = StatementLine.objects.get(outcome=LineOutcome.ALREADY_PAID)
    with pytest.raises(PaymentError) as error:
        services.resolve_line(line=duplicate, action="confirm", by=desk, note="x")
    assert error.value.code == "already_paid"
    services.resolve_line(line=duplicate, action="dismiss", by=desk, note="Refunded 21/11")
    duplicate.refresh_from_db()
    assert duplicate.resolution == LineResolution.DISMISSED


def test_late_payment_after_hold_expired_confirms_when_seats_are_free(user_factory):
    desk = user_factory()
    category = paid_category(quota=1)
    registration, transfer = register_by_transfer(category)
    from conference.registration.services import expire_holds

    expire_holds(now=timezone.now() + timedelta(days=4))
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.EXPIRED
    services.import_statement(
        data=statement_csv([("25/11/2026", "1.500.000", transfer.reference)]),
        filename="s.csv", by=desk,
    )
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_late_payment_when_seats_are_gone_is_listed(user_factory):
    desk = user_factory()
    category = paid_category(quota=1)
    late, late_t = register_by_transfer(category, [person(1)])
    from conference.registration.services import expire_holds

    expire_holds(now=timezone.now() + timedelta(days=4))
    _other, other_t = register_by_transfer(category, [person(2)])  # takes the freed seat
    services.import_statement(
        data=statement_csv([("25/11/2026", "1.500.000", late_t.reference)]),
        filename="s.csv", by=desk,
    )
    line = StatementLine.objects.get()
    assert line.outcome == LineOutcome.NOT_PAYABLE
    assert line.resolution == LineResolution.OPEN
    assert line.transfer_id == late_t.pk
    late.refresh_from_db()
    assert late.status == RegistrationStatus.EXPIRED


def test_unreadable_statement_writes_nothing(user_factory):
    with pytest.raises(StatementError):
        services.import_statement(data=b"hello", filename="notes.csv", by=user_factory())
    assert BankStatement.objects.count() == 0


def test_mark_paid_by_hand(user_factory):
    desk = user_factory()
    category = paid_category()
    registration, transfer = register_by_transfer(category)
    with pytest.raises(PaymentError):
        services.mark_paid_by_hand(registration=registration, by=desk, note="")
    services.mark_paid_by_hand(registration=registration, by=desk,
                               note="Tiền mặt, phiếu thu số 0123")
    registration.refresh_from_db()
    transfer.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert (transfer.status, transfer.paid_via, transfer.paid_by, transfer.paid_note) == (
        TransferStatus.PAID, PaidVia.MANUAL, desk, "Tiền mặt, phiếu thu số 0123")
    entry = AuditEntry.objects.get(action="payment.bank_transfer_paid")
    assert entry.actor == desk
    assert entry.data["note"] == "Tiền mặt, phiếu thu số 0123"
    with pytest.raises(PaymentError) as again:
        services.mark_paid_by_hand(registration=registration, by=desk, note="again")
    assert again.value.code == "confirmed"


@pytest.mark.django_db(transaction=True)
def test_two_desks_uploading_the_same_statement_at_once_confirm_once(user_factory):
    desk = user_factory()
    category = paid_category()
    registration, transfer = register_by_transfer(category)
    data = statement_csv([("20/11/2026", "1.500.000", transfer.reference)])
    barrier = threading.Barrier(2)
    results, errors = [], []

    def upload(name):
        try:
            barrier.wait()
            results.append(services.import_statement(data=data, filename=name, by=desk))
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=upload, args=(f"{n}.csv",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(r.already_imported for r in results) == [False, True]
    assert BankStatement.objects.count() == 1
    assert StatementLine.objects.count() == 1
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert AuditEntry.objects.filter(action="registration.confirmed").count() == 1



@pytest.mark.django_db(transaction=True)
def test_statement_import_racing_mark_paid_by_hand_confirms_once(user_factory):
    """Both paths lock the registration before the transfer: no deadlock, one confirmation."""
    desk = user_factory()
    registration, transfer = register_by_transfer(paid_category())
    data = statement_csv([("20/11/2026", "1.500.000", transfer.reference)])
    barrier = threading.Barrier(2)
    errors, refusals = [], []

    def upload():
        try:
            barrier.wait()
            services.import_statement(data=data, filename="race.csv", by=desk)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    def by_hand():
        try:
            barrier.wait()
            services.mark_paid_by_hand(registration=registration, by=desk, note="Tiền mặt")
        except PaymentError as exc:  # lost the race to the statement: a clear domain answer
            refusals.append(exc.code)
        except Exception as exc:  # a deadlock or any other database error
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=upload), threading.Thread(target=by_hand)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert refusals in ([], ["confirmed"])
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert AuditEntry.objects.filter(
        action="registration.confirmed", object_id=str(registration.pk)
    ).count() == 1
