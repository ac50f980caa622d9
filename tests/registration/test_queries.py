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
