"""Taking seats: a new registration for one person or a delegation.

``StartRegistration`` is an action in the manner of Wagtail's ``wagtail/actions/``: ``check()``
validates what needs no lock and raises RegistrationError; ``execute()`` checks, then in one
transaction locks the capacity rows (capacity.lock_capacity), re-checks what other people can
change meanwhile (invitation code, waiting-list offer, a registration of the same person, room)
and writes. ``start_registration(**arguments)`` does both.
"""

import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.common.db import insert_prepared
from conference.common.services import record_audit

from .. import emails
from ..config_cache import cached_questions, cached_registration_settings
from ..enums import PaymentMethod, RegistrationStatus, WaitingListStatus
from ..exceptions import RegistrationError
from ..models import (
    Attendee,
    Category,
    InvitationCode,
    Registration,
    RegistrationSettings,
    SeatReservation,
    WaitingListEntry,
)
from ..queries import SeatCounts, seat_counts
from .attendees import clean_attendee, new_attendee
from .capacity import check_room, check_sale_window, lock_capacity
from .confirmation import confirm_registration

REFERENCE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"


@dataclass(kw_only=True)
class StartRegistration:
    """Take seats for one person or a delegation, in one transaction.

    Free categories end confirmed (badges issued, emails queued) or pending approval; paid ones end
    awaiting payment with a hold of ``hold_minutes`` (``BANK_TRANSFER_HOLD_DAYS`` for a bank
    transfer). Raises RegistrationError (sold_out, venue_full, duplicate, bad invitation code, ...)
    and then changes nothing. Staff at the desk (walk-ins) pass ``by`` and may pass
    ``ignore_sale_window``.

    With a ``reservation`` (an invitation's seats) the seats come out of the reservation, not
    out of the free ones: no sale window, open/closed switch, invitation code or approval
    applies (the organisers chose these people), and a reservation ``free_of_charge`` confirms
    without payment whatever the price.
    """

    category: Category
    attendees: list[dict]
    consent_version: str
    contact: object = None
    contact_email: str = ""
    language: str = "vi"
    invitation_code: str | None = None
    payment_method: str | None = None
    waiting_list_entry: WaitingListEntry | None = None
    reservation: SeatReservation | None = None
    by: object = None
    device: str = ""
    ignore_sale_window: bool = False
    # Where the request came from (unpaid seats are capped per address), the API key it carried,
    # and a shorter hold than the edition's for paid seats (the API's).
    client_ip: str = ""
    api_key: object = None
    hold_minutes: int | None = None
    # Filled by check(): the attendees' cleaned details.
    cleaned: list[dict] = field(default_factory=list, init=False)

    # --- check: nothing locked, nothing written ---------------------------------------------

    def check(self) -> None:
        """Everything that needs no lock, from the rows kept in memory (config_cache): execute()
        checks the settings and the sale window again from the locked rows."""
        if not self.attendees:
            raise RegistrationError(_("Add at least one attendee."), code="no_attendees")
        self._check_settings(cached_registration_settings(self.category.edition))
        if not self.ignore_sale_window and self.reservation is None:
            check_sale_window(self.category)
        questions = cached_questions(self.category)
        self.cleaned = [clean_attendee(a, questions) for a in self.attendees]
        if len(set(self.emails)) != len(self.emails):
            raise RegistrationError(
                _("Each attendee needs their own email address."), code="duplicate_in_delegation"
            )

    def _check_settings(self, reg_settings: RegistrationSettings) -> None:
        if not reg_settings.is_open and self.by is None and self.reservation is None:
            raise RegistrationError(_("Registration is closed."), code="closed")
        if len(self.attendees) > reg_settings.max_delegation_size:
            raise RegistrationError(
                _("A delegation can register at most %(n)s people at once.")
                % {"n": reg_settings.max_delegation_size}, code="too_many",
            )
        if self.consent_version != reg_settings.consent_version:
            raise RegistrationError(
                _("Please agree to the processing of your personal data."), code="no_consent"
            )

    @property
    def emails(self) -> list[str]:
        return [a["email"] for a in self.cleaned]

    # --- execute: lock, re-check, write ---------------------------------------------------------

    def execute(self) -> Registration:
        self.check()
        users = {u.email: u for u in get_user_model().objects.filter(email__in=self.emails)}
        with transaction.atomic():
            category, reg_settings = lock_capacity(self.category)
            now = timezone.now()
            # check() read copies kept in memory: what decides is the rows as locked now.
            self._check_settings(reg_settings)
            if not self.ignore_sale_window and self.reservation is None:
                check_sale_window(category, now=now)
            reservation = self._check_reservation(category, now)
            code = None if reservation else self._check_invitation(category, now)
            entry_id = self._check_offer(category, now)
            # Everything else other people can change, read in one query under the locks.
            counts = seat_counts(category=category, now=now, exclude_entry_id=entry_id,
                                 emails=self.emails, contact_email=self._contact_email(),
                                 client_ip=self.client_ip)
            # The edition settings row is locked: no other registration of this edition can
            # commit between this check and our insert, so a person cannot register twice.
            self._check_not_registered(counts)
            self._check_unpaid_seats(category, counts, reservation)
            if reservation is None:
                check_room(category=category, reg_settings=reg_settings,
                           quantity=len(self.cleaned), now=now, counts=counts)
            else:  # the seats move from the reservation to this registration
                SeatReservation.objects.filter(pk=reservation.pk).update(
                    used=reservation.used + len(self.cleaned))
            registration = self._create(category, reg_settings, now, code, reservation)
            Attendee.objects.bulk_create([
                new_attendee(registration, data, users.get(data["email"]))
                for data in self.cleaned
            ])
            if code is not None:
                InvitationCode.objects.filter(pk=code.pk).update(used_count=code.used_count + 1)
            if entry_id:
                WaitingListEntry.objects.filter(pk=entry_id).update(
                    status=WaitingListStatus.ACCEPTED, registration=registration
                )
            record_audit(
                action="registration.started", obj=registration, actor=self.by,
                device=self.device,
                data={"category": category.code, "seats": registration.quantity,
                      "status": registration.status, "amount_vnd": registration.amount_vnd,
                      "consent_version": self.consent_version},
            )
            if registration.status == RegistrationStatus.PENDING_APPROVAL:
                emails.send_to_attendees(registration, "registration/pending")
            elif registration.amount_vnd == 0:
                registration = confirm_registration(registration=registration, by=self.by)
        return registration

    def _check_reservation(self, category: Category, now) -> SeatReservation | None:
        """The reservation these seats come out of, locked, if it still holds enough of them."""
        if self.reservation is None:
            return None
        reservation = SeatReservation.objects.select_for_update().get(pk=self.reservation.pk)
        if (
            reservation.category_id != category.pk
            or reservation.released_at is not None
            or reservation.expires_at <= now
        ):
            raise RegistrationError(_("The seats set aside for you are no longer held."),
                                    code="reservation_lapsed", status=410)
        if len(self.cleaned) > reservation.remaining:
            raise RegistrationError(
                _("Only %(n)s seats are left for you.") % {"n": reservation.remaining},
                code="reservation_too_small", remaining=reservation.remaining,
            )
        return reservation

    def _check_invitation(self, category: Category, now) -> InvitationCode | None:
        if not category.requires_invitation:
            return None
        raw = (self.invitation_code or "").strip().upper()
        code = (InvitationCode.objects.select_for_update().filter(category=category, code=raw)
                .first() if raw else None)
        if (
            code is None
            or code.used_count + 1 > code.max_uses
            or (code.valid_until and code.valid_until <= now)
        ):
            raise RegistrationError(
                _("This invitation code is not valid for this category."),
                code="bad_invitation",
            )
        return code

    def _check_offer(self, category: Category, now) -> int | None:
        """The waiting-list entry whose offer this registration takes up, if any."""
        if self.waiting_list_entry is None:
            return None
        entry = WaitingListEntry.objects.select_for_update().get(pk=self.waiting_list_entry.pk)
        if (
            entry.category_id != category.pk
            or entry.status != WaitingListStatus.OFFERED
            or entry.offer_expires_at <= now
        ):
            raise RegistrationError(
                _("This waiting-list offer has expired."), code="offer_expired"
            )
        if len(self.cleaned) != 1:
            raise RegistrationError(
                _("A waiting-list offer is for one person."), code="offer_one_person"
            )
        return entry.pk

    def _check_not_registered(self, counts: SeatCounts) -> None:
        if counts.duplicate is not None:
            email, reference = counts.duplicate
            raise RegistrationError(
                _("%(email)s is already registered for this conference (reference %(ref)s).")
                % {"email": email, "ref": reference}, code="duplicate", reference=reference,
            )

    def _check_unpaid_seats(self, category: Category, counts: SeatCounts, reservation) -> None:
        """Seats held unpaid in a paid category are capped per contact e-mail and per client
        address, so that nobody holds a category without paying (staff and invitations are
        not capped). Runs under the capacity lock: concurrent attempts cannot both pass."""
        if self.by is not None or reservation is not None or category.is_free:
            return
        quantity = len(self.cleaned)
        if counts.unpaid_by_contact + quantity > settings.REGISTRATION_UNPAID_SEATS_PER_CONTACT or (
            self.client_ip
            and counts.unpaid_by_address + quantity > settings.REGISTRATION_UNPAID_SEATS_PER_ADDRESS
        ):
            raise RegistrationError(
                _("Too many seats are waiting for payment from you in this category. Pay for "
                  "them, or wait until their hold ends, before registering more."),
                code="too_many_unpaid", status=409,
            )

    def _contact_email(self) -> str:
        return (
            self.contact_email or (self.contact.email if self.contact else "") or self.emails[0]
        ).lower()

    def _status_and_hold(self, category: Category, reg_settings: RegistrationSettings,
                         payment_method: str, now, free: bool, invited: bool):
        if category.requires_approval and not invited:
            return RegistrationStatus.PENDING_APPROVAL, None
        if free:
            # Held for the moment it takes to confirm it, in this same transaction.
            return RegistrationStatus.HELD, now + timedelta(minutes=reg_settings.hold_minutes)
        if payment_method == PaymentMethod.BANK_TRANSFER:
            # A transfer is reconciled from bank statements: days, not minutes.
            return (RegistrationStatus.AWAITING_PAYMENT,
                    now + timedelta(days=settings.BANK_TRANSFER_HOLD_DAYS))
        return (RegistrationStatus.AWAITING_PAYMENT,
                now + timedelta(minutes=self.hold_minutes or reg_settings.hold_minutes))

    def _create(self, category: Category, reg_settings: RegistrationSettings, now,
                code: InvitationCode | None,
                reservation: SeatReservation | None = None) -> Registration:
        free = category.is_free or (reservation is not None and reservation.free_of_charge)
        payment_method = self.payment_method or (
            PaymentMethod.FREE if free else PaymentMethod.STRIPE
        )
        status, hold_until = self._status_and_hold(category, reg_settings, payment_method, now,
                                                   free, reservation is not None)
        contact = self.contact if getattr(self.contact, "is_authenticated", False) else None
        contact_email = self._contact_email()
        quantity = len(self.cleaned)
        registration = Registration(
            edition=category.edition, category=category, contact=contact,
            contact_email=contact_email,
            language=self.language if self.language in ("vi", "en") else "vi",
            status=status, hold_expires_at=hold_until, quantity=quantity,
            payment_method=payment_method, invitation_code=code, reservation=reservation,
            amount_vnd=0 if free else category.price_vnd * quantity,
            consent_version=self.consent_version, consent_at=now,
            client_ip=self.client_ip or None, api_key=self.api_key,
        )

        # No query compiled under the lock, and no savepoint around the INSERT: a reference
        # already taken (25^8 of them) is not written, and another is drawn.
        for _attempt in range(5):
            registration.reference = new_reference()
            if insert_prepared(registration, unless_taken="reference"):
                return registration
        raise RuntimeError("Could not draw an unused registration reference.")


def start_registration(**arguments) -> Registration:
    """Take seats for one person or a delegation: ``StartRegistration(**arguments)``, checked
    and executed (see its docstring for the arguments and the outcome)."""
    return StartRegistration(**arguments).execute()


def new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
