"""The sweep: unanswered invitations past their deadline expire (their seats go back to sale and
to the waiting list), and reminders go out before the deadline, each one once.

Run every few minutes (``manage.py expire_invitations``, next to ``expire_holds``). Seats of an
invitation past its deadline already stop counting at the deadline (the reservation's
``expires_at``); the sweep makes the status say so and offers the seats to people waiting.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from conference.common.services import record_audit
from conference.registration.services import release_reservation

from .. import emails
from ..enums import ANSWERABLE_STATUSES, OPEN_STATUSES, InvitationKind, InvitationStatus
from ..models import Invitation


def expire_invitations(*, now=None) -> dict:
    """Expire the open invitations whose deadline passed, release the seats organisations did
    not name delegates for, and offer all of them to the waiting list (after commit).
    Rows being answered at this moment are skipped (SKIP LOCKED) and left to their answer."""
    now = now or timezone.now()
    expired = released = 0
    with transaction.atomic():
        lapsed = list(
            Invitation.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(deadline__lte=now, status__in=OPEN_STATUSES)
            .select_related("reservation")
        )
        for invitation in lapsed:
            release_reservation(reservation=invitation.reservation, reason="expired", now=now)
            invitation.status = InvitationStatus.EXPIRED
            invitation.save(update_fields=["status", "updated_at"])
            record_audit(action="invitation.expired", obj=invitation)
            expired += 1
        # Organisations that accepted but left seats unnamed: those seats go back too.
        unnamed = (
            Invitation.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(deadline__lte=now, status=InvitationStatus.ACCEPTED,
                    kind=InvitationKind.ORGANISATION, reservation__released_at__isnull=True)
            .select_related("reservation")
        )
        for invitation in unnamed:
            release_reservation(reservation=invitation.reservation, reason="expired", now=now)
            released += 1
    return {"expired": expired, "released": released}


def send_reminders(*, now=None) -> int:
    """Remind invitees who have not answered, ``INVITATION_REMINDER_DAYS`` before the deadline
    (e.g. 7 and 2 days), each reminder once: the row's ``reminders_sent`` counts those gone out,
    updated under the row lock in the transaction that queues the email. A reminder whose moment
    passed while a later one is due is skipped, not sent late."""
    now = now or timezone.now()
    days = sorted(settings.INVITATION_REMINDER_DAYS, reverse=True)
    sent = 0
    with transaction.atomic():
        candidates = (
            Invitation.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(status__in=ANSWERABLE_STATUSES, deadline__gt=now,
                    deadline__lte=now + timedelta(days=days[0]),
                    reminders_sent__lt=len(days))
            .select_related("edition", "category")
        )
        for invitation in candidates:
            due = sum(1 for d in days if invitation.deadline - timedelta(days=d) <= now)
            if due <= invitation.reminders_sent:
                continue
            invitation.reminders_sent = due
            invitation.save(update_fields=["reminders_sent", "updated_at"])
            emails.send(invitation, "reminder")
            record_audit(action="invitation.reminded", obj=invitation, data={"reminder": due})
            sent += 1
    return sent
