"""The waiting list: joining it, offering freed seats first come first served, offer links.

An offer holds one seat until it expires (queries.seats_taken counts live offers); the person
takes it up through a signed link (``offer_token``) within ``offer_hours``.
"""

import logging
from datetime import timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.common.services import record_audit
from conference.common.text import nfc

from .. import emails
from ..enums import WaitingListStatus
from ..exceptions import RegistrationError
from ..models import Category, WaitingListEntry
from .attendees import check_length
from .capacity import free_seats, lock_capacity

logger = logging.getLogger(__name__)

OFFER_SALT = "govconf.registration.waiting-list-offer"


def join_waiting_list(*, category: Category, full_name: str, email: str, language: str = "vi",
                      organisation: str = "", user=None) -> WaitingListEntry:
    email = (email or "").strip().lower()
    if not nfc(full_name) or "@" not in email:
        raise RegistrationError(_("Please give your name and email."), code="invalid")
    for name, value in (("full_name", full_name), ("email", email),
                        ("organisation", organisation)):
        field = WaitingListEntry._meta.get_field(name)
        check_length(value, limit=field.max_length, label=field.verbose_name)
    try:
        with transaction.atomic():
            entry = WaitingListEntry.objects.create(
                category=category, full_name=full_name, email=email, organisation=organisation,
                language=language if language in ("vi", "en") else "vi",
                user=user if getattr(user, "is_authenticated", False) else None,
            )
            record_audit(action="waiting_list.joined", obj=entry, actor=user)
    except IntegrityError:
        raise RegistrationError(_("This email is already on the waiting list."),
                                code="already_waiting") from None
    return entry


def offer_waiting_list_seats(*, category: Category, now=None) -> list[WaitingListEntry]:
    """Offer free seats of the category to the people waiting, first come first served.

    Each offer holds one seat until it expires (queries.seats_taken counts live offers), and is
    emailed as a signed link valid for ``offer_hours``.
    """
    with transaction.atomic():
        category, reg_settings = lock_capacity(category)
        now = now or timezone.now()
        free = free_seats(category=category, reg_settings=reg_settings, now=now)
        if free <= 0:
            return []
        entries = list(
            WaitingListEntry.objects.select_for_update()
            .filter(category=category, status=WaitingListStatus.WAITING)
            .order_by("created_at", "id")[:free]
        )
        expires = now + timedelta(hours=reg_settings.offer_hours)
        for entry in entries:
            entry.status = WaitingListStatus.OFFERED
            entry.offered_at = now
            entry.offer_expires_at = expires
            entry.save(update_fields=["status", "offered_at", "offer_expires_at"])
            record_audit(action="waiting_list.offered", obj=entry,
                         data={"expires": expires.isoformat()})
            emails.send_waiting_list_offer(entry, offer_token(entry))
    return entries


def offer_seats_after_commit(category_id: int) -> None:
    """Once the current transaction commits, offer the category's free seats to the people
    waiting. A failure is logged, never raised into the action that freed the seats."""

    def offer():
        try:
            offer_waiting_list_seats(category=Category.objects.get(pk=category_id))
        except Exception:  # the sweep in expire_holds offers again; never fail the user action
            logger.exception("Waiting-list offers for category %s failed", category_id)

    transaction.on_commit(offer)


def offer_token(entry: WaitingListEntry) -> str:
    return signing.dumps({"e": entry.pk, "m": entry.email}, salt=OFFER_SALT, compress=True)


def entry_from_offer_token(token: str) -> WaitingListEntry:
    """The waiting-list entry a link offers a seat to, if the link is genuine and still valid."""
    try:
        data = signing.loads(token, salt=OFFER_SALT, max_age=timedelta(days=30))
    except signing.BadSignature:
        raise RegistrationError(_("This link is not valid."), code="bad_link", status=404) from None
    entry = WaitingListEntry.objects.select_related("category__edition").filter(
        pk=data.get("e"), email=data.get("m")
    ).first()
    if (
        entry is None
        or entry.status != WaitingListStatus.OFFERED
        or entry.offer_expires_at <= timezone.now()
    ):
        raise RegistrationError(_("This waiting-list offer has expired."), code="offer_expired",
                                status=410)
    return entry
