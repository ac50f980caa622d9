"""Reads used in more than one place: seats taken, live counts per category."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, F, IntegerField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from conference.common.db import fetch_one_prepared

from .enums import EXPIRING_STATUSES, FIRM_STATUSES, RegistrationStatus, WaitingListStatus
from .models import Attendee, Category, Registration, SeatReservation, WaitingListEntry


def live_q(now=None, prefix: str = "") -> Q:
    """Registrations that hold seats now: firm ones, and holds whose time has not run out.

    A hold past its time stops counting at once, even before `expire_holds` marks it expired: this
    is the lazy half of expiry.
    """
    now = now or timezone.now()
    return Q(**{f"{prefix}status__in": FIRM_STATUSES}) | Q(
        **{f"{prefix}status__in": EXPIRING_STATUSES, f"{prefix}hold_expires_at__gt": now}
    )


def live_offers_q(now=None) -> Q:
    now = now or timezone.now()
    return Q(status=WaitingListStatus.OFFERED, offer_expires_at__gt=now)


def live_reservations_q(now=None) -> Q:
    """Seat reservations (invitations) that hold seats now: not released, not past their time."""
    now = now or timezone.now()
    return Q(released_at__isnull=True, expires_at__gt=now)


def reserved_seats():
    """The seats a reservation still holds (``Sum`` of this over live reservations)."""
    return F("quantity") - F("used")


def seats_taken(*, category=None, edition=None, now=None, exclude_entry_id=None) -> int:
    """Seats held or confirmed in a category (or in an edition), plus open waiting-list offers
    and live seat reservations (invitations not answered yet)."""
    now = now or timezone.now()
    regs = Registration.objects.filter(live_q(now))
    offers = WaitingListEntry.objects.filter(live_offers_q(now))
    reservations = SeatReservation.objects.filter(live_reservations_q(now))
    if category is not None:
        regs = regs.filter(category=category)
        offers = offers.filter(category=category)
        reservations = reservations.filter(category=category)
    if edition is not None:
        regs = regs.filter(edition=edition)
        offers = offers.filter(category__edition=edition)
        reservations = reservations.filter(edition=edition)
    if exclude_entry_id:
        offers = offers.exclude(pk=exclude_entry_id)
    held = regs.aggregate(n=Coalesce(Sum("quantity"), Value(0)))["n"]
    reserved = reservations.aggregate(n=Coalesce(Sum(reserved_seats()), Value(0)))["n"]
    return held + offers.count() + reserved


@dataclass(frozen=True)
class SeatCounts:
    """What ``seat_counts`` reads under the capacity lock, in one query.

    ``category`` and ``venue``: seats taken (``seats_taken``) in the category and in its edition;
    ``unpaid_by_contact`` and ``unpaid_by_address``: seats of the category held waiting for
    payment by that contact e-mail and that client address; ``duplicate``: (email, reference)
    of the first of the given people already in a live registration of the edition, or None.
    """

    category: int
    venue: int
    unpaid_by_contact: int = 0
    unpaid_by_address: int = 0
    duplicate: tuple[str, str] | None = None


def seat_counts(*, category, now=None, exclude_entry_id=None, emails=(), contact_email="",
                client_ip=None) -> SeatCounts:
    """``seats_taken`` of the category and of its edition, the unpaid seats of one contact and
    one address, and the people of ``emails`` already registered: one query.

    Read under the capacity lock on every registration: a registration surge queues on that
    lock, and each query (its ORM compilation, its planning) there lengthens the queue. Hence
    raw SQL for PostgreSQL, prepared once per connection.
    """
    now = now or timezone.now()
    emails = [e.strip().lower() for e in emails]
    if connection.vendor != "postgresql":  # SQLite (a developer's machine): the same, with the ORM
        return _seat_counts_orm(category=category, now=now, exclude_entry_id=exclude_entry_id,
                                emails=emails, contact_email=contact_email, client_ip=client_ip)
    row = fetch_one_prepared(_SEAT_COUNTS_SQL, [
        category.pk, category.edition_id, now, list(FIRM_STATUSES), list(EXPIRING_STATUSES),
        contact_email.lower(), client_ip or None, WaitingListStatus.OFFERED,
        exclude_entry_id or 0, emails,
    ])
    return SeatCounts(
        category=row[0] + row[4], venue=row[1] + row[5],
        unpaid_by_contact=row[2], unpaid_by_address=row[3],
        duplicate=(row[6], row[7]) if row[6] is not None else None,
    )


def _seat_counts_orm(*, category, now, exclude_entry_id, emails, contact_email,
                     client_ip) -> SeatCounts:
    """``seat_counts`` in portable queries (five), for databases other than PostgreSQL."""
    unpaid = Registration.objects.filter(
        live_q(now), category=category, status__in=EXPIRING_STATUSES
    ).aggregate(
        contact=Coalesce(Sum("quantity", filter=Q(contact_email=contact_email.lower())),
                         Value(0)),
        address=Coalesce(Sum("quantity", filter=Q(client_ip=client_ip)), Value(0)),
    )
    duplicate = (
        Attendee.objects.filter(live_q(now, prefix="registration__"),
                                registration__edition_id=category.edition_id, email__in=emails)
        .select_related("registration").first()
    )
    return SeatCounts(
        category=seats_taken(category=category, now=now, exclude_entry_id=exclude_entry_id),
        venue=seats_taken(edition=category.edition_id, now=now,
                          exclude_entry_id=exclude_entry_id),
        unpaid_by_contact=unpaid["contact"],
        unpaid_by_address=unpaid["address"] if client_ip else 0,
        duplicate=(duplicate.email, duplicate.registration.reference) if duplicate else None,
    )


_REGISTRATION = Registration._meta.db_table
_ATTENDEE = Attendee._meta.db_table
_ENTRY = WaitingListEntry._meta.db_table
_CATEGORY = Category._meta.db_table
_RESERVATION = SeatReservation._meta.db_table
# Table names from the models, values as parameters. A live registration is live_q's (firm, or
# a hold whose time has not run out); unpaid seats are the live holds of the category; offers
# and reservations are live_offers_q's and live_reservations_q's; the duplicate is
# existing_registration_for's, in Attendee's ordering (newest registration first, then id).
_SEAT_COUNTS_SQL = f"""
WITH p AS (
    SELECT %s::bigint AS category, %s::bigint AS edition, %s::timestamptz AS now,
           %s::varchar[] AS firm, %s::varchar[] AS expiring, %s::varchar AS contact,
           %s::inet AS address, %s::varchar AS offered, %s::bigint AS entry,
           %s::varchar[] AS emails
)
SELECT held.category, held.venue, held.contact, held.address,
       taken.category, taken.venue, duplicate.email, duplicate.reference
FROM p
CROSS JOIN LATERAL (
    SELECT COALESCE(SUM(r.quantity) FILTER (WHERE r.category_id = p.category), 0) AS category,
           COALESCE(SUM(r.quantity), 0) AS venue,
           COALESCE(SUM(r.quantity) FILTER (
               WHERE r.category_id = p.category AND r.status = ANY(p.expiring)
               AND r.contact_email = p.contact), 0) AS contact,
           COALESCE(SUM(r.quantity) FILTER (
               WHERE r.category_id = p.category AND r.status = ANY(p.expiring)
               AND r.client_ip = p.address), 0) AS address
    FROM {_REGISTRATION} r
    WHERE r.edition_id = p.edition AND (r.status = ANY(p.firm) OR (
        r.status = ANY(p.expiring) AND r.hold_expires_at > p.now))
) AS held
CROSS JOIN LATERAL (
    SELECT COALESCE(SUM(in_category), 0) AS category, COALESCE(SUM(seats), 0) AS venue FROM (
        SELECT CASE WHEN w.category_id = p.category THEN 1 ELSE 0 END AS in_category,
               1 AS seats
        FROM {_ENTRY} w JOIN {_CATEGORY} c ON c.id = w.category_id
        WHERE c.edition_id = p.edition AND w.status = p.offered
          AND w.offer_expires_at > p.now AND w.id <> p.entry
        UNION ALL
        SELECT CASE WHEN r.category_id = p.category THEN r.quantity - r.used ELSE 0 END,
               r.quantity - r.used
        FROM {_RESERVATION} r
        WHERE r.edition_id = p.edition AND r.released_at IS NULL AND r.expires_at > p.now
    ) AS offered_and_reserved
) AS taken
LEFT JOIN LATERAL (
    SELECT a.email, r.reference
    -- From the people of this attempt (the e-mail index), then each one's registration by its
    -- key: planned once for any parameters, a plain join would start from every live
    -- registration of the edition, under the capacity lock. Each OFFSET 0 keeps its subquery
    -- from being folded into that join.
    FROM (SELECT a.id, a.email, a.registration_id FROM {_ATTENDEE} a
          WHERE a.email = ANY(p.emails) OFFSET 0) AS a
    JOIN LATERAL (
        SELECT r.reference, r.created_at FROM {_REGISTRATION} r
        WHERE r.id = a.registration_id AND r.edition_id = p.edition
          AND (r.status = ANY(p.firm) OR (r.status = ANY(p.expiring) AND r.hold_expires_at > p.now))
        OFFSET 0
    ) AS r ON TRUE
    ORDER BY r.created_at DESC, a.id LIMIT 1
) AS duplicate ON TRUE
"""  # noqa: S608


def category_counts(edition, now=None) -> list[dict]:
    """Per category: confirmed, pending approval, held (awaiting payment), offered, reserved
    (invitations not answered yet), quota, free.

    Three queries whatever the number of categories.
    """
    now = now or timezone.now()
    zero = Value(0, output_field=IntegerField())
    categories = list(
        Category.objects.filter(edition=edition)
        .annotate(
            confirmed=Coalesce(Sum("registrations__quantity", filter=Q(
                registrations__status=RegistrationStatus.CONFIRMED)), zero),
            pending=Coalesce(Sum("registrations__quantity", filter=Q(
                registrations__status=RegistrationStatus.PENDING_APPROVAL)), zero),
            held=Coalesce(Sum("registrations__quantity", filter=Q(
                registrations__status__in=EXPIRING_STATUSES,
                registrations__hold_expires_at__gt=now)), zero),
        )
        .order_by("sort_order", "id")
    )
    offers = dict(
        WaitingListEntry.objects.filter(live_offers_q(now), category__edition=edition)
        .values_list("category").annotate(n=Count("id")).values_list("category", "n")
    )
    waiting = dict(
        WaitingListEntry.objects.filter(status=WaitingListStatus.WAITING,
                                        category__edition=edition)
        .values_list("category").annotate(n=Count("id")).values_list("category", "n")
    )
    reserved = dict(
        SeatReservation.objects.filter(live_reservations_q(now), edition=edition)
        .values_list("category").annotate(n=Sum(reserved_seats()))
        .values_list("category", "n")
    )
    rows = []
    for cat in categories:
        taken = (cat.confirmed + cat.pending + cat.held + offers.get(cat.pk, 0)
                 + reserved.get(cat.pk, 0))
        rows.append({
            "category": cat,
            "confirmed": cat.confirmed,
            "pending": cat.pending,
            "held": cat.held,
            "offered": offers.get(cat.pk, 0),
            "reserved": reserved.get(cat.pk, 0),
            "waiting": waiting.get(cat.pk, 0),
            "quota": cat.quota,
            "taken": taken,
            "free": max(cat.quota - taken, 0),
        })
    return rows


def registrations_of(user):
    """The registrations a person may manage: those they made, and those naming their email."""
    return (
        Registration.objects.filter(
            Q(contact=user) | Q(attendees__user=user) | Q(attendees__email=user.email.lower())
        )
        .distinct()
        .select_related("category", "edition")
        .prefetch_related("attendees__badges")
        .order_by("-created_at")
    )


def is_contact(user, registration) -> bool:
    """Whether ``user`` is the contact of ``registration``: who made it (their account, or the
    e-mail a guest gave, verified when the account was made). Only the contact manages the whole
    registration; a member of a delegation manages only themself."""
    if not getattr(user, "is_authenticated", False):
        return False
    return registration.contact_id == user.pk or (
        bool(user.email) and registration.contact_email.lower() == user.email.lower()
    )


def is_attendee_self(user, attendee) -> bool:
    """Whether ``attendee`` is ``user`` (their account, or their e-mail)."""
    return attendee.user_id == user.pk or (
        bool(user.email) and attendee.email == user.email.lower()
    )


def attendees_of(user):
    return Attendee.objects.filter(Q(user=user) | Q(email=user.email.lower()))
