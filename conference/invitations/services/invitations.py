"""Making, sending and managing invitations (the organisers' side).

An invitation holds its seats from the moment it is made (``registration.reserve_seats``, under
the registration capacity locks), so a delegation invited is never crowded out by the public
sale. Lock order: the invitation row, then the capacity rows (category, edition settings), then
the reservation row, the same order as registration's.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.common.codes import create_with_unique_code
from conference.common.services import record_audit
from conference.common.text import nfc
from conference.registration.models import Category
from conference.registration.services import (
    extend_reservation,
    release_reservation,
    reserve_seats,
)

from .. import emails
from ..enums import ANSWERABLE_STATUSES, OPEN_STATUSES, InvitationKind, InvitationStatus
from ..exceptions import InvitationError
from ..links import new_public_id
from ..models import Invitation

MAX_SEATS = 200


def clean_invitation(*, kind: str, full_name: str, organisation: str, email: str,
                     seats: int) -> None:
    """Raise InvitationError unless the details make an invitation (checks needing no lock)."""
    if kind not in InvitationKind.values:
        raise InvitationError(_("Choose a person or an organisation."), code="bad_kind")
    if kind == InvitationKind.PERSON and not nfc(full_name):
        raise InvitationError(_("Give the invited person's name."), code="no_name")
    if kind == InvitationKind.ORGANISATION and not nfc(organisation):
        raise InvitationError(_("Give the invited organisation's name."), code="no_organisation")
    email = (email or "").strip()
    if "@" not in email or " " in email or email.startswith("@") or email.endswith("@"):
        raise InvitationError(_("Give a valid email address."), code="bad_email")
    if kind == InvitationKind.PERSON and seats != 1:
        raise InvitationError(_("An invitation to a person is for one seat."),
                              code="person_one_seat")
    if not 1 <= seats <= MAX_SEATS:
        raise InvitationError(_("An invitation is for 1 to %(n)s seats.") % {"n": MAX_SEATS},
                              code="bad_seats")


def create_invitation(*, category: Category, email: str, deadline: datetime,
                      kind: str = InvitationKind.PERSON, full_name: str = "",
                      honorific: str = "", position: str = "", organisation: str = "",
                      phone: str = "", language: str = "vi", seats: int = 1, note: str = "",
                      by=None, send: bool = False) -> Invitation:
    """Make an invitation and reserve its seats at once, in one transaction.

    Raises InvitationError for bad details, and RegistrationError (sold_out, venue_full) when
    the category or the venue has no room; then nothing is written. ``send``: email it too.
    """
    clean_invitation(kind=kind, full_name=full_name, organisation=organisation, email=email,
                     seats=seats)
    if deadline <= timezone.now():
        raise InvitationError(_("The answer deadline must be in the future."),
                              code="past_deadline")
    with transaction.atomic():
        invitation = create_with_unique_code(
            lambda public_id: Invitation.objects.create(
                edition_id=category.edition_id, category=category, kind=kind,
                public_id=public_id, honorific=honorific, full_name=full_name,
                position=position, organisation=organisation, email=email, phone=phone,
                language=language if language in ("vi", "en") else "vi", seats=seats,
                deadline=deadline, note=note, created_by=by if getattr(
                    by, "is_authenticated", False) else None,
            ),
            new_public_id, attempts=5, what="invitation link code",
        )
        invitation.reservation = reserve_seats(
            category=category, quantity=seats, expires_at=deadline,
            purpose=f"invitation {invitation.public_id}",
            free_of_charge=not category.invitees_pay, by=by,
        )
        invitation.save(update_fields=["reservation"])
        record_audit(action="invitation.created", obj=invitation, actor=by,
                     data={"category": category.code, "seats": seats, "kind": kind})
        if send:
            invitation = send_invitation(invitation=invitation, by=by)
    return invitation


def send_invitation(*, invitation: Invitation, by=None, attachments=()) -> Invitation:
    """Email the invitation with its private link (again, for one already sent: a resend).
    Only an invitation still waiting for its answer can be sent."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.status not in OPEN_STATUSES:
            raise InvitationError(_("This invitation has been answered or has lapsed."),
                                  code="not_open")
        if invitation.deadline <= timezone.now():
            raise InvitationError(
                _("The answer deadline has passed: extend it before sending."),
                code="past_deadline")
        resend = invitation.status != InvitationStatus.DRAFTED
        if not resend:
            invitation.status = InvitationStatus.SENT
            invitation.sent_at = timezone.now()
            invitation.save(update_fields=["status", "sent_at", "updated_at"])
        emails.send(invitation, "invitation", attachments=attachments)
        record_audit(action="invitation.resent" if resend else "invitation.sent",
                     obj=invitation, actor=by)
    return invitation


def extend_deadline(*, invitation: Invitation, deadline: datetime, by=None) -> Invitation:
    """Move the answer deadline; an invitation that expired opens again if its seats are still
    free (RegistrationError sold_out/venue_full otherwise)."""
    if deadline <= timezone.now():
        raise InvitationError(_("The answer deadline must be in the future."),
                              code="past_deadline")
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.status not in (*OPEN_STATUSES, InvitationStatus.EXPIRED,
                                     InvitationStatus.ACCEPTED):
            raise InvitationError(_("This invitation has been declined or withdrawn."),
                                  code="closed")
        previous = invitation.deadline
        extend_reservation(reservation=invitation.reservation, expires_at=deadline, by=by)
        invitation.deadline = deadline
        invitation.reminders_sent = 0
        fields = ["deadline", "reminders_sent", "updated_at"]
        if invitation.status == InvitationStatus.EXPIRED:
            invitation.status = (InvitationStatus.OPENED if invitation.opened_at
                                 else InvitationStatus.SENT if invitation.sent_at
                                 else InvitationStatus.DRAFTED)
            fields.append("status")
        invitation.save(update_fields=fields)
        record_audit(action="invitation.deadline_extended", obj=invitation, actor=by,
                     data={"from": previous.isoformat(), "to": deadline.isoformat()})
    return invitation


def withdraw_invitation(*, invitation: Invitation, by=None, reason: str = "") -> Invitation:
    """Cancel an invitation not answered yet; its seats return to sale and the waiting list."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.status not in OPEN_STATUSES and invitation.status != \
                InvitationStatus.EXPIRED:
            raise InvitationError(_("An answered invitation cannot be withdrawn."),
                                  code="answered")
        release_reservation(reservation=invitation.reservation, reason="withdrawn", by=by)
        notify = invitation.status in ANSWERABLE_STATUSES
        invitation.status = InvitationStatus.WITHDRAWN
        invitation.save(update_fields=["status", "updated_at"])
        record_audit(action="invitation.withdrawn", obj=invitation, actor=by,
                     data={"reason": reason})
        if notify:
            emails.send(invitation, "withdrawn")
    return invitation
