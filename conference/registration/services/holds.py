"""Holds that run out: a held or awaiting-payment registration whose time passed expires, and its
seats go to the waiting list.

Seats of a lapsed hold stop counting as soon as its time passes (queries.live_q, the lazy half of
expiry); ``expire_holds`` is the sweep that makes the status say so.
"""

from django.db import transaction
from django.utils import timezone

from conference.common.services import record_audit

from .. import signals
from ..enums import EXPIRING_STATUSES, RegistrationStatus, WaitingListStatus
from ..models import Category, Registration, WaitingListEntry
from .waiting_list import offer_seats_after_commit, offer_waiting_list_seats


def expire_registration(*, registration: Registration, reason: str,
                        device: str = "") -> Registration:
    """Mark a registration whose hold (or payment session) ran out expired and offer its seats
    to the waiting list after commit. Only a hold can expire: others are returned unchanged."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status not in EXPIRING_STATUSES:
            return registration
        previous = registration.status
        registration.status = RegistrationStatus.EXPIRED
        registration.save(update_fields=["status", "updated_at"])
        record_audit(action="registration.expired", obj=registration, device=device,
                     data={"from": previous, "reason": reason})
        offer_seats_after_commit(registration.category_id)
    return registration


def expire_holds(*, now=None) -> dict:
    """Mark lapsed holds and waiting-list offers expired and offer the freed seats.

    Seats of a lapsed hold stop counting as soon as its time passes (queries.live_q); this sweep
    makes the status say so, tells the apps built on registration (signals.holds_lapsed: payments
    closes the Stripe sessions), and moves the waiting list on. Rows being
    confirmed at this moment are skipped (SKIP LOCKED) and left to their confirmation.
    """
    now = now or timezone.now()
    with transaction.atomic():
        lapsed = list(
            Registration.objects.select_for_update(skip_locked=True)
            .filter(status__in=EXPIRING_STATUSES, hold_expires_at__lte=now)
            .only("pk", "reference", "status", "category_id")
        )
        for registration in lapsed:
            Registration.objects.filter(pk=registration.pk).update(
                status=RegistrationStatus.EXPIRED, updated_at=now
            )
            record_audit(action="registration.expired", obj=registration,
                         data={"from": registration.status})
        offers = list(
            WaitingListEntry.objects.select_for_update(skip_locked=True)
            .filter(status=WaitingListStatus.OFFERED, offer_expires_at__lte=now)
        )
        for entry in offers:
            entry.status = WaitingListStatus.EXPIRED
            entry.save(update_fields=["status"])
            record_audit(action="waiting_list.offer_expired", obj=entry)
    if lapsed:
        # The sweep runs outside any transaction (a command, a task): ours has committed here.
        # Payments closes the lapsed holds' Stripe sessions (a session paid meanwhile confirms
        # its registration) before the freed seats are offered below.
        signals.send_now(signals.holds_lapsed, registrations=lapsed)
    categories = {r.category_id for r in lapsed} | {e.category_id for e in offers}
    categories |= set(
        WaitingListEntry.objects.filter(status=WaitingListStatus.WAITING)
        .values_list("category_id", flat=True).distinct()
    )
    offered = 0
    for category in Category.objects.filter(pk__in=categories).order_by("pk"):
        offered += len(offer_waiting_list_seats(category=category, now=now))
    return {"expired": len(lapsed), "offers_expired": len(offers), "offered": offered}
