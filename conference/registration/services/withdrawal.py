"""A member of a delegation withdraws themself: only their seat, never the delegation's."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.common.services import record_audit

from .. import emails
from ..enums import RegistrationStatus
from ..exceptions import RegistrationError
from ..models import Attendee, Badge, Registration
from .cancellation import cancel_registration
from .registrations import new_reference
from .waiting_list import offer_seats_after_commit

# While money is being collected for the delegation, its amount must not change under the payer.
_WITHDRAWABLE = (RegistrationStatus.PENDING_APPROVAL, RegistrationStatus.CONFIRMED)


def withdraw_attendee(*, attendee: Attendee, by, device: str = "") -> Registration:
    """Take ``attendee`` out of their delegation: their badges revoked, their seat freed, the
    contact told by e-mail in the contact's language. Returns the registration they leave.

    The attendee moves to a registration of their own, cancelled, so that every list, count and
    badge batch that reads registrations sees them as cancelled; the delegation keeps its other
    attendees, one seat fewer, and what was paid (a refund is the organisers' decision). The
    only attendee of a registration withdrawing cancels it (refund by the attendee rules).
    Refused while the delegation awaits payment: only its contact changes it then.
    """
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=attendee.registration_id)
        attendee = Attendee.objects.select_for_update().get(pk=attendee.pk,
                                                            registration=registration)
        if registration.status in (RegistrationStatus.HELD, RegistrationStatus.AWAITING_PAYMENT):
            raise RegistrationError(
                _("This registration is awaiting payment: only its contact can change it now."),
                code="awaiting_payment")
        if registration.status not in _WITHDRAWABLE:
            raise RegistrationError(_("This registration is not active."), code="not_active")
        if registration.attendees.count() == 1:
            return cancel_registration(registration=registration, by=by,
                                       reason="attendee withdrew", device=device)
        now = timezone.now()
        own = Registration.objects.create(
            edition_id=registration.edition_id, category_id=registration.category_id,
            reference=new_reference(), contact_id=registration.contact_id,
            contact_email=registration.contact_email, language=attendee.language,
            status=RegistrationStatus.CANCELLED, quantity=1, amount_vnd=0,
            consent_version=registration.consent_version, consent_at=registration.consent_at,
            cancelled_at=now,
        )
        Attendee.objects.filter(pk=attendee.pk).update(registration=own)
        Badge.objects.filter(attendee=attendee, revoked_at__isnull=True).update(
            revoked_at=now, revoked_reason="withdrawn")
        registration.quantity -= 1
        registration.save(update_fields=["quantity", "updated_at"])
        record_audit(action="registration.attendee_withdrawn", obj=registration, actor=by,
                     device=device, data={"attendee": attendee.pk, "moved_to": own.reference})
        attendee.registration = own
        emails.send_to_contact(registration, "registration/attendee_withdrawn",
                               extra={"withdrawn": attendee})
        offer_seats_after_commit(registration.category_id)
    return registration
