"""The organisers' decision on a registration pending approval: approve or reject."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.common.services import record_audit

from .. import emails
from ..enums import DocumentKind, RegistrationStatus
from ..exceptions import RegistrationError
from ..models import Registration
from .confirmation import confirm_registration
from .documents import documents_asked, missing_documents
from .edition_settings import get_registration_settings
from .waiting_list import offer_seats_after_commit


def approve_registration(*, registration: Registration, by, note: str = "") -> Registration:
    """Approve a pending registration: free ones are confirmed; paid ones get a payment link and
    a hold of ``offer_hours`` to pay."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != RegistrationStatus.PENDING_APPROVAL:
            raise RegistrationError(_("Only a registration pending approval can be approved."),
                                    code="not_pending")
        missing = missing_documents(registration)
        if missing:
            attendee, kind = missing[0]
            raise RegistrationError(
                _("%(name)s has not uploaded the %(document)s yet: it is needed before "
                  "approval.") % {"name": attendee.full_name,
                                  "document": DocumentKind(kind).label.lower()},
                code="documents_missing",
            )
        registration.decided_by = by if getattr(by, "is_authenticated", False) else None
        registration.decision_note = note
        if registration.amount_vnd == 0:
            registration.save(update_fields=["decided_by", "decision_note", "updated_at"])
            record_audit(action="registration.approved", obj=registration, actor=by,
                         data={"note": note})
            emails.send_to_attendees(registration, "registration/approved",
                                     extra={"note": note})
            return confirm_registration(registration=registration, by=by)
        reg_settings = get_registration_settings(registration.edition)
        registration.status = RegistrationStatus.AWAITING_PAYMENT
        registration.hold_expires_at = timezone.now() + timedelta(hours=reg_settings.offer_hours)
        registration.save(update_fields=["status", "hold_expires_at", "decided_by",
                                         "decision_note", "updated_at"])
        record_audit(action="registration.approved", obj=registration, actor=by,
                     data={"note": note, "pay_by": registration.hold_expires_at.isoformat()})
        emails.send_to_contact(registration, "registration/approved", extra={"note": note})
    return registration


def reject_registration(*, registration: Registration, by, note: str = "") -> Registration:
    """Reject a pending registration; its seats go to the waiting list after commit.

    A category that asks for documents (press accreditation) needs the reason: the journalist
    is told why in their language, and may apply again with a valid card."""
    note = (note or "").strip()
    if not note and documents_asked(registration.category):
        raise RegistrationError(_("Give the reason for the rejection: it is sent to the "
                                  "attendee."), code="reason_required")
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != RegistrationStatus.PENDING_APPROVAL:
            raise RegistrationError(_("Only a registration pending approval can be rejected."),
                                    code="not_pending")
        registration.status = RegistrationStatus.REJECTED
        registration.decided_by = by if getattr(by, "is_authenticated", False) else None
        registration.decision_note = note
        registration.hold_expires_at = None
        registration.save(update_fields=["status", "decided_by", "decision_note",
                                         "hold_expires_at", "updated_at"])
        record_audit(action="registration.rejected", obj=registration, actor=by,
                     data={"note": note})
        emails.send_to_attendees(registration, "registration/rejected", extra={"note": note})
        offer_seats_after_commit(registration.category_id)
    return registration
