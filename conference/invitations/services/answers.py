"""What the invitee does through the private link: open it, accept (a person fills their
details; an organisation names its delegates, up to its seats, in one go or several), name a
substitute, decline, or give back the seats it will not use.

Accepting registers the people through ``registration.start_registration`` against the
invitation's seat reservation: the seats move from the reservation to the registration under
the capacity locks, and the registration is confirmed (badges, emails) without payment unless
the category makes invited delegates pay.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.common.services import record_audit
from conference.common.text import nfc
from conference.registration.models import Registration, SeatReservation
from conference.registration.services import release_reservation, start_registration

from ..enums import ANSWERABLE_STATUSES, InvitationKind, InvitationStatus
from ..exceptions import InvitationError
from ..links import public_id_from_token
from ..models import Invitation


def invitation_from_token(token: str) -> Invitation:
    """The invitation a private link points at; InvitationError (404) for a forged link."""
    public_id = public_id_from_token(token)
    invitation = (
        Invitation.objects.select_related("category", "edition", "reservation")
        .filter(public_id=public_id).first() if public_id else None
    )
    if invitation is None:
        raise InvitationError(_("This invitation link is not valid."), code="bad_link",
                              status=404)
    return invitation


def open_invitation(*, invitation: Invitation) -> Invitation:
    """Record the first time the invitee opened the link (sent -> opened)."""
    now = timezone.now()
    with transaction.atomic():
        opened = Invitation.objects.filter(
            pk=invitation.pk, status=InvitationStatus.SENT
        ).update(status=InvitationStatus.OPENED, opened_at=now, updated_at=now)
        if opened:
            invitation.status, invitation.opened_at = InvitationStatus.OPENED, now
            record_audit(action="invitation.opened", obj=invitation)
    return invitation


def _lock_for_answer(invitation: Invitation, *, more_delegates: bool = False) -> Invitation:
    # The reservation is read after the lock, not joined to it: rows joined to a locked row
    # keep the snapshot of before the wait (PostgreSQL's EvalPlanQual re-reads only the locked
    # row), and a second browser would see the seats the first one just used as still free.
    invitation = (Invitation.objects.select_for_update(of=("self",))
                  .select_related("category__edition").get(pk=invitation.pk))
    invitation.reservation = SeatReservation.objects.get(pk=invitation.reservation_id)
    can_add = (more_delegates and invitation.kind == InvitationKind.ORGANISATION
               and invitation.status == InvitationStatus.ACCEPTED)
    if invitation.status not in ANSWERABLE_STATUSES and not can_add:
        if invitation.status == InvitationStatus.EXPIRED:
            raise InvitationError(_("The answer deadline of this invitation has passed."),
                                  code="expired", status=410)
        raise InvitationError(_("This invitation has already been answered."),
                              code="answered", status=409)
    if invitation.deadline <= timezone.now():
        raise InvitationError(_("The answer deadline of this invitation has passed."),
                              code="expired", status=410)
    return invitation


def accept_invitation(*, invitation: Invitation, attendees: list[dict], consent_version: str,
                      substitute: bool = False, language: str = "vi",
                      device: str = "") -> Registration:
    """Accept: register ``attendees`` against the invitation's seats, in one transaction.

    A person's invitation takes exactly one attendee (themself, or with ``substitute`` the
    person they send instead); an organisation's takes up to its remaining seats, and may come
    back to name more until they are used or the deadline passes. Raises InvitationError or
    RegistrationError (too many people, already registered, deadline passed) and then changes
    nothing.
    """
    with transaction.atomic():
        invitation = _lock_for_answer(invitation, more_delegates=True)
        if invitation.kind == InvitationKind.PERSON and len(attendees) != 1:
            raise InvitationError(_("This invitation is for one person."), code="one_person")
        if substitute and invitation.kind != InvitationKind.PERSON:
            raise InvitationError(_("An organisation names its delegates itself."),
                                  code="no_substitute")
        remaining = invitation.reservation.remaining
        if len(attendees) > remaining:
            raise InvitationError(
                _("This invitation has %(n)s seats left: name at most %(n)s people.")
                % {"n": remaining}, code="too_many", remaining=remaining,
            )
        registration = start_registration(
            category=invitation.category, attendees=attendees, consent_version=consent_version,
            contact_email=invitation.email, language=language,
            reservation=invitation.reservation, device=device,
        )
        first = invitation.status != InvitationStatus.ACCEPTED
        fields = ["status", "updated_at"]
        invitation.status = InvitationStatus.ACCEPTED
        if first:
            invitation.answered_at = timezone.now()
            fields.append("answered_at")
        if substitute:
            invitation.substitute_name = nfc(attendees[0].get("full_name", ""))
            fields.append("substitute_name")
        invitation.save(update_fields=fields)
        record_audit(action="invitation.accepted", obj=invitation, device=device,
                     data={"registration": registration.reference, "seats": len(attendees),
                           "substitute": substitute})
    return registration


def decline_invitation(*, invitation: Invitation, reason: str = "",
                       device: str = "") -> Invitation:
    """Decline: the seats return to sale and to the waiting list (after commit)."""
    with transaction.atomic():
        invitation = _lock_for_answer(invitation)
        release_reservation(reservation=invitation.reservation, reason="declined")
        invitation.status = InvitationStatus.DECLINED
        invitation.answered_at = timezone.now()
        invitation.decline_reason = nfc(reason)[:500]
        invitation.save(update_fields=["status", "answered_at", "decline_reason",
                                       "updated_at"])
        record_audit(action="invitation.declined", obj=invitation, device=device,
                     data={"reason": invitation.decline_reason})
    return invitation


def release_unused_seats(*, invitation: Invitation, device: str = "") -> int:
    """An organisation that named all the delegates it will send gives back the other seats.
    Returns how many seats went back."""
    with transaction.atomic():
        invitation = _lock_for_answer(invitation, more_delegates=True)
        if invitation.status != InvitationStatus.ACCEPTED:
            raise InvitationError(_("Name at least one delegate first, or decline."),
                                  code="not_accepted")
        reservation = invitation.reservation
        release_reservation(reservation=reservation, reason="not needed")
        record_audit(action="invitation.seats_released", obj=invitation, device=device,
                     data={"seats": reservation.remaining})
    return reservation.remaining
