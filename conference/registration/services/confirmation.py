"""Confirming a registration: its seats become firm, each attendee gets a badge and an email."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.common.services import record_audit

from .. import emails, signals
from ..badges import issue_badge
from ..enums import EXPIRING_STATUSES, RegistrationStatus
from ..exceptions import RegistrationError
from ..models import Registration
from .capacity import check_room, lock_capacity


def confirm_registration(*, registration: Registration, by=None, payment=None,
                         device: str = "") -> Registration:
    """Confirm a registration: issue each attendee's badge and queue their confirmation email.

    Idempotent: a registration already confirmed is returned unchanged (the browser return and the
    webhook may both call this; the row lock makes the second one see the first one's result).
    A registration whose hold has lapsed takes its seats again under the capacity locks, or
    raises RegistrationError(code="sold_out"/"venue_full") when they are gone.
    """
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == RegistrationStatus.CONFIRMED:
            return registration
        now = timezone.now()
        lapsed = registration.status in (
            RegistrationStatus.EXPIRED, RegistrationStatus.CANCELLED
        ) or (
            registration.status in EXPIRING_STATUSES
            and (registration.hold_expires_at is None or registration.hold_expires_at <= now)
        )
        if registration.status == RegistrationStatus.REJECTED:
            raise RegistrationError(_("This registration was rejected."), code="rejected")
        if lapsed:
            # Our seats were released: take them again if they are still free (a late payment).
            category, reg_settings = lock_capacity(registration.category)
            check_room(category=category, reg_settings=reg_settings,
                        quantity=registration.quantity, now=now)
        previous = registration.status
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = now
        registration.hold_expires_at = None
        registration.cancelled_at = None
        registration.save(update_fields=["status", "confirmed_at", "hold_expires_at",
                                         "cancelled_at", "updated_at"])
        for attendee in registration.attendees.all():
            issue_badge(attendee=attendee, by=by, reason="confirmed", device=device)
        record_audit(
            action="registration.confirmed", obj=registration, actor=by, device=device,
            data={"from": previous, "payment": str(payment) if payment else "",
                  "late": lapsed},
        )
        emails.send_confirmations(registration)
        signals.send_after_commit(signals.registration_confirmed, registration=registration,
                                  by=by, payment=payment, late=lapsed)
    return registration


def resend_confirmation(*, registration: Registration, by) -> int:
    """Send the confirmation (with badge) again to every attendee of a confirmed registration."""
    if registration.status != RegistrationStatus.CONFIRMED:
        raise RegistrationError(_("Only a confirmed registration has a confirmation to resend."),
                                code="not_confirmed")
    with transaction.atomic():
        count = emails.send_confirmations(registration)
        record_audit(action="registration.confirmation_resent", obj=registration, actor=by)
    return count
