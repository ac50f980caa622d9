"""Seats: the locks that guard them and the checks made under those locks.

Capacity rule: a registration may take seats only inside one transaction that has locked, in this
order, the category row and then the edition's RegistrationSettings row, and re-counted the seats
held or confirmed (queries.seats_taken). Locking the category first keeps the order fixed for
every path; the settings row serialises categories that share the venue capacity. Existing
registration rows are always locked *before* those two (confirming a late payment), never after,
so the order registration -> category -> settings has no cycle.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from conference.common.db import first_row

from ..exceptions import RegistrationError
from ..models import Category, RegistrationSettings
from ..queries import SeatCounts, seat_counts, seats_taken
from .edition_settings import get_registration_settings


def lock_capacity(category: Category) -> tuple[Category, RegistrationSettings]:
    """Lock the rows that hold capacity, in the fixed order: category, then edition settings.
    Call inside a transaction; returns both rows as they are now (the category's edition, which
    these locks do not guard, is the one ``category`` carried, if it carried one)."""
    # Two queries while the settings row exists, prepared on PostgreSQL: every query under these
    # locks (its compilation, its planning) lengthens the queue of a registration surge.
    edition = category.edition if Category.edition.is_cached(category) else None
    category = _lock_row(Category, "id", category.pk)
    if edition is not None:
        category.edition = edition
    reg_settings = _lock_row(RegistrationSettings, "edition_id", category.edition_id)
    if reg_settings is None:  # the edition's first registration: create the row, then lock it
        get_registration_settings(category.edition)
        reg_settings = _lock_row(RegistrationSettings, "edition_id", category.edition_id)
    return category, reg_settings


def _lock_row(model, column: str, value):
    """The first row (by primary key) of ``model`` whose ``column`` is ``value``, locked FOR
    UPDATE; None if there is none (a statement prepared once per connection on PostgreSQL)."""
    return first_row(model, {column: value}, for_update=True)


def free_seats(*, category: Category, reg_settings: RegistrationSettings, now) -> int:
    """Seats still free in the category, within the venue's capacity (under lock_capacity)."""
    return min(
        category.quota - seats_taken(category=category, now=now),
        reg_settings.venue_capacity - seats_taken(edition=category.edition, now=now),
    )


def check_room(*, category, reg_settings, quantity: int, now, exclude_entry_id=None,
               counts: SeatCounts | None = None) -> None:
    """Raise RegistrationError (sold_out, venue_full) unless ``quantity`` seats are free; call
    under lock_capacity. ``exclude_entry_id``: a waiting-list offer being taken up (its seat is
    already counted). ``counts``: the caller's ``seat_counts``, read under the same locks."""
    if counts is None:
        counts = seat_counts(category=category, now=now, exclude_entry_id=exclude_entry_id)
    if counts.category + quantity > category.quota:
        raise RegistrationError(
            _("Sorry, “%(category)s” is full. You can join the waiting list.")
            % {"category": category}, code="sold_out", status=409,
        )
    if counts.venue + quantity > reg_settings.venue_capacity:
        raise RegistrationError(
            _("Sorry, the venue is full. You can join the waiting list."),
            code="venue_full", status=409,
        )


def check_sale_window(category: Category, *, now=None) -> None:
    now = now or timezone.now()
    if category.sale_starts_at and now < category.sale_starts_at:
        raise RegistrationError(_("Registration for this category has not opened yet."),
                                code="not_open")
    if category.sale_ends_at and now >= category.sale_ends_at:
        raise RegistrationError(_("Registration for this category has closed."),
                                code="closed")
