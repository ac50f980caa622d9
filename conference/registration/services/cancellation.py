"""Cancelling a registration: badges revoked, seats freed, money given back by the apps that
hold it (signals.registration_cancelling)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.common.services import record_audit

from .. import emails, signals
from ..enums import SEAT_HOLDING_STATUSES, RegistrationStatus
from ..exceptions import RegistrationError
from ..models import Badge, Registration
from .edition_settings import get_registration_settings
from .waiting_list import offer_seats_after_commit


def cancel_registration(*, registration: Registration, by, refund_amount_vnd: int | None = None,
                        reason: str = "", device: str = "") -> Registration:
    """Cancel a registration, revoke its badges and free its seats.

    ``refund_amount_vnd``: None refunds what the rules say (organiser: everything; attendee: all if
    the edition refunds attendee cancellations); 0 refunds nothing; a number refunds that much
    (a partial refund). Registration holds no money: the apps that do (payments) plan the refund
    in this transaction through signals.registration_cancelling, and may refuse the cancellation
    (a refund larger than what was paid). signals.registration_cancelled follows after commit.
    """
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status not in SEAT_HOLDING_STATUSES:
            raise RegistrationError(_("This registration is not active."), code="not_active")
        is_staff = by is not None and by.has_perm("registration.refund_in_full")
        if refund_amount_vnd is None:
            reg_settings = get_registration_settings(registration.edition)
            refund_all = is_staff or reg_settings.attendee_cancel_refund
            refund_amount_vnd = None if refund_all else 0
        reason = reason or "cancelled"
        refund_vnd = sum(signals.collect(
            signals.registration_cancelling, registration=registration, by=by,
            refund_vnd=refund_amount_vnd, reason=reason,
        ))
        now = timezone.now()
        previous = registration.status
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = now
        registration.hold_expires_at = None
        registration.save(update_fields=["status", "cancelled_at", "hold_expires_at",
                                         "updated_at"])
        Badge.objects.filter(attendee__registration=registration, revoked_at__isnull=True).update(
            revoked_at=now, revoked_reason="cancelled"
        )
        record_audit(
            action="registration.cancelled", obj=registration, actor=by, device=device,
            data={"from": previous, "reason": reason, "refund_vnd": refund_vnd},
        )
        emails.send_to_attendees(registration, "registration/cancelled",
                                 extra={"refund_vnd": refund_vnd})
        offer_seats_after_commit(registration.category_id)
        signals.send_after_commit(signals.registration_cancelled, registration=registration,
                                  by=by, reason=reason, refund_vnd=refund_vnd)
    return registration
