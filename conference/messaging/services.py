"""Writes for messages to delegates: save a draft, send now or schedule, cancel, and the send
itself (once per recipient, through the outbox)."""

import logging
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _

from conference.common.services import queue_email, record_audit
from conference.registration.badges import active_badge
from conference.registration.badges.services import signed_badge_url
from conference.registration.models import Attendee

from .enums import BroadcastStatus
from .exceptions import MessagingError
from .models import Broadcast, BroadcastRecipient
from .segments import Recipient, segment_recipients

logger = logging.getLogger(__name__)

#: What organisers may write in a message; replaced for each recipient.
PLACEHOLDERS = ("{name}", "{badge_link}")


def save_broadcast(*, edition, by, subject: str, body: str, subject_en: str = "",
                   body_en: str = "", segment: dict, broadcast: Broadcast | None = None
                   ) -> Broadcast:
    """Create a draft or change one that has not been sent or scheduled."""
    with transaction.atomic():
        if broadcast is None:
            broadcast = Broadcast(edition=edition, created_by=by)
        else:
            broadcast = Broadcast.objects.select_for_update().get(pk=broadcast.pk)
            if broadcast.status != BroadcastStatus.DRAFT:
                raise MessagingError(code="not_draft", message=_(
                    "Only a draft can be changed; cancel the scheduled message first."))
        broadcast.subject, broadcast.subject_en = subject, subject_en
        broadcast.body, broadcast.body_en = body, body_en
        broadcast.segment = segment
        broadcast.save()
        record_audit(action="messaging.saved", obj=broadcast, actor=by,
                     data={"segment": segment})
    return broadcast


def in_language(broadcast: Broadcast, language: str) -> tuple[str, str]:
    """Subject and body in ``language``; English falls back to Vietnamese where not written."""
    if language == "en" and broadcast.body_en.strip():
        return broadcast.subject_en or broadcast.subject, broadcast.body_en
    if language == "en":
        return broadcast.subject_en or broadcast.subject, broadcast.body
    return broadcast.subject, broadcast.body


def _badge_link(attendee_id: int | None) -> str:
    if attendee_id is None:
        return ""
    attendee = Attendee.objects.filter(pk=attendee_id).first()
    badge = active_badge(attendee) if attendee is not None else None
    return signed_badge_url(badge, fmt="pdf") if badge is not None else ""


def render_for(broadcast: Broadcast, recipient: Recipient, *, badge_link: str | None = None
               ) -> dict:
    """The message as this recipient gets it: placeholders filled in, the plain text as written,
    the HTML escaped (a name like ``<b>`` shows as typed, never as markup)."""
    subject, body = in_language(broadcast, recipient.language)
    link = _badge_link(recipient.attendee_id) if badge_link is None else badge_link
    if not link:
        with translation.override(recipient.language):
            link = _("(your badge is sent once your registration is confirmed)")
    text = body.replace("{name}", recipient.name).replace("{badge_link}", link)
    html = linebreaks(escape(body))
    html = html.replace("{name}", escape(recipient.name)).replace(
        "{badge_link}", f'<a href="{escape(link)}">{escape(link)}</a>'
        if link.startswith("http") else escape(link))
    return {"subject": subject.replace("{name}", recipient.name), "body_text": text,
            "body_html": html, "edition": broadcast.edition}


def schedule_broadcast(*, broadcast: Broadcast, by, send_at: datetime | None = None
                       ) -> Broadcast:
    """Send now (``send_at`` None or past) or at a set time. The send runs as a task after
    commit; a scheduled one waits for ``send_due_broadcasts`` (the outbox loop, or cron)."""
    now = timezone.now()
    with transaction.atomic():
        broadcast = Broadcast.objects.select_for_update().get(pk=broadcast.pk)
        if broadcast.status != BroadcastStatus.DRAFT:
            raise MessagingError(code="not_draft",
                                 message=_("This message has already been sent or scheduled."))
        if not segment_recipients(broadcast.edition, broadcast.segment):
            raise MessagingError(code="nobody", message=_("This message would reach nobody."))
        broadcast.status = BroadcastStatus.SCHEDULED
        broadcast.send_at = send_at if send_at and send_at > now else now
        broadcast.save(update_fields=["status", "send_at"])
        record_audit(action="messaging.scheduled", obj=broadcast, actor=by,
                     data={"send_at": broadcast.send_at.isoformat()})
    if broadcast.send_at <= now:
        transaction.on_commit(lambda: _enqueue_send(broadcast.pk))
    return broadcast


def _enqueue_send(broadcast_id: int) -> None:
    from .tasks import send_broadcast_task

    send_broadcast_task.enqueue(broadcast_id)


def cancel_broadcast(*, broadcast: Broadcast, by) -> Broadcast:
    """Cancel a scheduled message before its time (a draft can be cancelled too)."""
    with transaction.atomic():
        broadcast = Broadcast.objects.select_for_update().get(pk=broadcast.pk)
        if broadcast.status not in (BroadcastStatus.SCHEDULED, BroadcastStatus.DRAFT):
            raise MessagingError(code="not_cancellable", message=_(
                "This message is already being sent or was sent; it cannot be cancelled."))
        broadcast.status = BroadcastStatus.CANCELLED
        broadcast.cancelled_at = timezone.now()
        broadcast.save(update_fields=["status", "cancelled_at"])
        record_audit(action="messaging.cancelled", obj=broadcast, actor=by)
    return broadcast


def send_broadcast(*, broadcast_id: int, now=None) -> int:
    """Queue the message for every recipient of its segment who has not had it; returns how
    many were queued now. Idempotent: each recipient row and its email are written in one
    transaction, and the unique constraint (message, address) refuses a second one - a task
    run twice, two workers, or a segment recomputed later queue nothing more."""
    now = now or timezone.now()
    with transaction.atomic():
        broadcast = (Broadcast.objects.select_for_update(skip_locked=True)
                     .filter(pk=broadcast_id, status__in=[BroadcastStatus.SCHEDULED,
                                                          BroadcastStatus.SENDING])
                     .select_related("edition").first())
        if broadcast is None or (broadcast.send_at and broadcast.send_at > now):
            return 0
        broadcast.status = BroadcastStatus.SENDING
        broadcast.save(update_fields=["status"])
    queued = 0
    for recipient in segment_recipients(broadcast.edition, broadcast.segment):
        try:
            with transaction.atomic():
                row = BroadcastRecipient.objects.create(
                    broadcast=broadcast, email=recipient.email.strip().lower(),
                    name=recipient.name[:150], language=recipient.language,
                    attendee_id=recipient.attendee_id)
                row.message = queue_email(
                    to=row.email, template="messaging/broadcast",
                    context=render_for(broadcast, recipient), language=recipient.language)
                row.save(update_fields=["message"])
        except IntegrityError:
            continue  # already sent to this address
        queued += 1
    with transaction.atomic():
        broadcast = Broadcast.objects.select_for_update().get(pk=broadcast.pk)
        broadcast.status = BroadcastStatus.SENT
        broadcast.sent_at = broadcast.sent_at or timezone.now()
        broadcast.recipient_count = broadcast.recipients.count()
        broadcast.save(update_fields=["status", "sent_at", "recipient_count"])
        record_audit(action="messaging.sent", obj=broadcast,
                     data={"queued": queued, "recipients": broadcast.recipient_count})
    return queued


def send_due_broadcasts(*, now=None) -> int:
    """Send every scheduled message whose time has come (and finish any interrupted send)."""
    now = now or timezone.now()
    due = Broadcast.objects.filter(
        status__in=[BroadcastStatus.SCHEDULED, BroadcastStatus.SENDING], send_at__lte=now
    ).values_list("pk", flat=True)
    return sum(send_broadcast(broadcast_id=pk, now=now) for pk in list(due))
