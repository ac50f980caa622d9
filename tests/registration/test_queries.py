"""queries.seat_counts: what a registration re-checks under the capacity lock, in one query on
PostgreSQL, and the same figures from the portable ORM queries used on SQLite."""

import datetime

import pytest
from django.utils import timezone

from conference.registration import queries
from conference.registration.enums import RegistrationStatus, WaitingListStatus
from conference.registration.models import (
    Attendee,
    Registration,
    SeatReservation,
    WaitingListEntry,
)

from .factories import make_category, make_edition

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)


def registration(category, reference, status, quantity, *, hold=None, contact="k@example.vn",
                 ip=None, emails=()):
    row = Registration.objects.create(
        edition=category.edition, category=category, reference=reference, status=status,
        quantity=quantity, hold_expires_at=hold, contact_email=contact, client_ip=ip)
    for email in emails:
        Attendee.objects.create(registration=row, full_name="Lê Thị Hoa", email=email)
    return row


def test_seat_counts_reads_seats_unpaid_holds_and_duplicates_like_the_orm():
    now = timezone.now()
    edition = make_edition()
    paid = make_category(edition, price_vnd=500_000, quota=50)
    other = make_category(edition)
    awaiting, confirmed = RegistrationStatus.AWAITING_PAYMENT, RegistrationStatus.CONFIRMED
    registration(paid, "FIRM0001", confirmed, 2, ip="203.0.113.1")
    registration(paid, "HOLD0001", awaiting, 3, hold=now + 10 * MINUTE, ip="203.0.113.1",
                 emails=["dup@example.vn"])
    registration(paid, "LAPSED01", awaiting, 4, hold=now - MINUTE, ip="203.0.113.1",
                 emails=["old@example.vn"])
    registration(other, "OTHER001", RegistrationStatus.HELD, 1, hold=now + MINUTE)
    registration(paid, "ADDR0001", awaiting, 1, hold=now + MINUTE, contact="x@example.vn",
                 ip="203.0.113.1")
    offer = WaitingListEntry.objects.create(
        category=paid, full_name="Trần Văn Chờ", email="cho@example.vn",
        status=WaitingListStatus.OFFERED, offer_expires_at=now + 60 * MINUTE)
    WaitingListEntry.objects.create(
        category=paid, full_name="Trần Văn Đợi", email="doi@example.vn",
        status=WaitingListStatus.OFFERED, offer_expires_at=now + 60 * MINUTE)
    SeatReservation.objects.create(edition=edition, category=other, quantity=5, used=2,
                                   expires_at=now + 60 * MINUTE)

    arguments = {"category": paid, "now": now, "exclude_entry_id": offer.pk,
                 "emails": ["old@example.vn", " DUP@example.vn "],
                 "contact_email": "K@example.vn", "client_ip": "203.0.113.1"}
    expected = queries.SeatCounts(
        category=2 + 3 + 1 + 1,  # firm, two live holds, the other offer
        venue=2 + 3 + 1 + 1 + 1 + 3,  # and the other category's hold and reservation
        unpaid_by_contact=3, unpaid_by_address=4, duplicate=("dup@example.vn", "HOLD0001"),
    )
    assert queries.seat_counts(**arguments) == expected
    portable = {**arguments, "emails": ["old@example.vn", "dup@example.vn"]}
    assert queries._seat_counts_orm(**portable) == expected

    nobody = {**arguments, "emails": ["new@example.vn"], "client_ip": None}
    assert queries.seat_counts(**nobody) == queries.SeatCounts(
        category=7, venue=11, unpaid_by_contact=3, unpaid_by_address=0, duplicate=None)
    assert queries._seat_counts_orm(**nobody) == queries.seat_counts(**nobody)


def _duplicate_check_pages(edition, category, email: str) -> int:
    """Pages the duplicate check of seat_counts reads for ``email``, under the plan PostgreSQL
    keeps for the prepared statement (the generic one, made once for any parameters)."""
    from django.db import connection

    from conference.common.db import _numbered

    sql = queries._SEAT_COUNTS_SQL
    # Only the duplicate check: the seat sums read every live registration by design.
    duplicate = sql[sql.index("LEFT JOIN LATERAL"):sql.index(") AS duplicate ON TRUE")]
    # The module's own statement text (table names from the models); values are parameters.
    probe = (sql[:sql.index("SELECT held.category")] + "SELECT 1 FROM p "  # noqa: S608
             + duplicate + ") AS duplicate ON TRUE")
    numbered = _numbered(probe)  # as fetch_one_prepared prepares it
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
        cursor.execute(f"PREPARE duplicate_probe AS {numbered}")
        try:
            cursor.execute(
                "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE duplicate_probe "
                "(%s, %s, now(), %s, %s, '', NULL, 'offered', 0, %s)",
                [category.pk, edition.pk, list(queries.FIRM_STATUSES),
                 list(queries.EXPIRING_STATUSES), [email]])
            plan = cursor.fetchone()[0][0]["Plan"]
        finally:
            cursor.execute("DEALLOCATE duplicate_probe")
    return plan["Shared Hit Blocks"] + plan.get("Shared Read Blocks", 0)


def test_the_duplicate_check_under_the_lock_reads_the_attempts_people_not_the_edition():
    """Under the capacity lock every attempt asks whether its people are registered already.
    PostgreSQL plans the prepared statement once for any parameters; that plan must start from
    the attempt's e-mails (their index), not walk every live registration of the edition and
    look up its attendees: that took 4-8 ms per attempt, under the lock, in a surge of 1,000."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the prepared statement's plan is PostgreSQL's")
    edition = make_edition(venue_capacity=100_000)
    category = make_category(edition, quota=100_000)
    rows = Registration.objects.bulk_create([
        Registration(edition=edition, category=category, reference=f"DUP{n:05d}",
                     status=RegistrationStatus.CONFIRMED, quantity=1,
                     contact_email=f"d{n}@example.vn")
        for n in range(600)])
    Attendee.objects.bulk_create([
        Attendee(registration=row, full_name="Phạm Văn Đông", email=f"d{n}@example.vn")
        for n, row in enumerate(rows)])
    found = queries.seat_counts(category=category, emails=["d599@example.vn"]).duplicate
    assert found == ("d599@example.vn", "DUP00599")
    # A few index and heap pages for the one person, against about three per registration:
    # first as in a surge (rows newer than the planner's statistics), then once analysed.
    for analysed in (False, True):
        if analysed:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE registration_registration, registration_attendee")
        assert _duplicate_check_pages(edition, category, "d599@example.vn") < 40, analysed
        assert _duplicate_check_pages(edition, category, "new@example.vn") < 40, analysed
