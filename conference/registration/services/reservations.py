"""Seat reservations: seats of a category set aside for people invited, under the same locks as
registrations (capacity.lock_capacity), counted against the quota and the venue capacity until
they are registered against, released, or their time passes (queries.live_reservations_q).

The apps built on registration (invitations) hold one reservation per invitation and call these
services; registration knows nothing of what a reservation is for besides its ``purpose`` label.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.common.services import record_audit

from ..exceptions import RegistrationError
from ..models import Category, SeatReservation
from .capacity import check_room, lock_capacity
from .waiting_list import offer_seats_after_commit


def reserve_seats(*, category: Category, quantity: int, expires_at, purpose: str = "",
                  free_of_charge: bool = True, by=None, now=None) -> SeatReservation:
    """Set ``quantity`` seats of ``category`` aside until ``expires_at``.

    Locks the capacity rows like a registration and raises RegistrationError (sold_out,
    venue_full) when the seats are not free; then nothing is written. Call inside the caller's
    transaction to make the reservation and the caller's own rows commit together.
    """
    now = now or timezone.now()
    if quantity < 1:
        raise RegistrationError(_("Reserve at least one seat."), code="no_seats")
    if expires_at <= now:
        raise RegistrationError(_("The deadline must be in the future."), code="past_deadline")
    with transaction.atomic():
        category, reg_settings = lock_capacity(category)
        check_room(category=category, reg_settings=reg_settings, quantity=quantity, now=now)
        reservation = SeatReservation.objects.create(
            edition_id=category.edition_id, category=category, quantity=quantity,
            expires_at=expires_at, purpose=purpose[:100], free_of_charge=free_of_charge,
        )
        record_audit(action="reservation.created", obj=reservation, actor=by,
                     data={"category": category.code, "seats": quantity,
                           "until": expires_at.isoformat(), "for": purpose})
    return reservation


def extend_reservation(*, reservation: SeatReservation, expires_at, by=None,
                       now=None) -> SeatReservation:
    """Hold a reservation's remaining seats until ``expires_at``.

    A reservation still live keeps its seats; one that lapsed (its time passed or it was
    released) takes them again under the capacity locks, or raises RegistrationError
    (sold_out, venue_full) when they are gone.
    """
    now = now or timezone.now()
    if expires_at <= now:
        raise RegistrationError(_("The deadline must be in the future."), code="past_deadline")
    with transaction.atomic():
        category, reg_settings = lock_capacity(reservation.category)
        reservation = SeatReservation.objects.select_for_update().get(pk=reservation.pk)
        lapsed = reservation.released_at is not None or reservation.expires_at <= now
        if lapsed and reservation.remaining:
            check_room(category=category, reg_settings=reg_settings,
                       quantity=reservation.remaining, now=now)
        previous = reservation.expires_at
        reservation.expires_at = expires_at
        reservation.released_at = None
        reservation.save(update_fields=["expires_at", "released_at"])
        record_audit(action="reservation.extended", obj=reservation, actor=by,
                     data={"from": previous.isoformat(), "until": expires_at.isoformat(),
                           "lapsed": lapsed})
    return reservation


def release_reservation(*, reservation: SeatReservation, reason: str, by=None,
                        now=None) -> SeatReservation:
    """Give the reservation's remaining seats back to sale; the waiting list is offered them
    after commit. Idempotent: a released reservation is returned unchanged."""
    now = now or timezone.now()
    with transaction.atomic():
        reservation = SeatReservation.objects.select_for_update().get(pk=reservation.pk)
        if reservation.released_at is not None:
            return reservation
        reservation.released_at = now
        reservation.save(update_fields=["released_at"])
        record_audit(action="reservation.released", obj=reservation, actor=by,
                     data={"reason": reason, "seats": reservation.remaining})
        if reservation.remaining:
            offer_seats_after_commit(reservation.category_id)
    return reservation
