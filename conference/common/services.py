"""Writes for the audit log and the email outbox."""

import base64
import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation

from .db import insert_prepared
from .enums import OutboxStatus, SuppressionReason
from .models import AuditEntry, EmailSuppression, OutboxMessage

logger = logging.getLogger(__name__)


def record_audit(
    *,
    action: str,
    obj=None,
    actor=None,
    device: str = "",
    ip_address: str | None = None,
    data: dict | None = None,
) -> AuditEntry:
    """Append an audit entry. Call it inside the transaction of the change it records."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    entry = AuditEntry(
        action=action,
        actor=actor,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        device=device[:255],
        ip_address=ip_address,
        data=data or {},
    )
    # Written inside the caller's transaction, often under its locks (the capacity lock of a
    # registration): a statement prepared once per connection, no query compiled there.
    insert_prepared(entry)
    return entry


def _render_plain(name: str, context: dict) -> str:
    """Render a plain-text template without HTML escaping: "O'Brien & Co" stays as typed.

    A text part or a subject is not HTML, so autoescaping would print "O&#x27;Brien &amp; Co".
    """
    return get_template(name).template.render(Context(context, autoescape=False))


def render_email(template: str, context: dict, language: str) -> tuple[str, str, str]:
    """Render ``email/<template>_subject.txt``, ``_body.txt`` (both as plain text, unescaped) and,
    if present, ``_body.html`` (escaped as any HTML)."""
    with translation.override(language):
        ctx = {"SITE_URL": settings.SITE_URL, "LANGUAGE_CODE": language, **context}
        subject = " ".join(_render_plain(f"email/{template}_subject.txt", ctx).split())
        text = _render_plain(f"email/{template}_body.txt", ctx).strip() + "\n"
        try:
            html = render_to_string(f"email/{template}_body.html", ctx)
        except TemplateDoesNotExist:  # a text-only message
            html = ""
    return subject, text, html


def queue_email(
    *,
    to: str,
    template: str,
    context: dict | None = None,
    language: str = "vi",
    attachments: Iterable[tuple[str, bytes, str]] = (),
) -> OutboxMessage:
    """Render an email in ``language`` and queue it; it is sent by a task after commit.

    Rendering happens now so that a broken template fails the action that asked for the email,
    not silently in the worker.
    """
    subject, text, html = render_email(template, context or {}, language)
    return queue_rendered_email(
        to=to,
        subject=subject,
        body_text=text,
        body_html=html,
        language=language,
        template=template,
        attachments=attachments,
    )


def queue_rendered_email(
    *,
    to: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    language: str = "vi",
    template: str = "",
    attachments: Iterable[tuple[str, bytes, str]] = (),
) -> OutboxMessage:
    message = OutboxMessage.objects.create(
        to=to,
        subject=subject[:255],
        body_text=body_text,
        body_html=body_html,
        language=language,
        template=template,
        # A safety net: if the delivery task is lost, the retry sweep picks the message up.
        next_attempt_at=timezone.now() + timedelta(minutes=5),
        attachments=[
            {
                "filename": name,
                "content_b64": base64.b64encode(content).decode(),
                "mimetype": mimetype,
            }
            for name, content, mimetype in attachments
        ],
    )
    transaction.on_commit(lambda: _enqueue_delivery(message.pk))
    return message


def _enqueue_delivery(message_id: int) -> None:
    from .tasks import deliver_email

    deliver_email.enqueue(message_id)


def build_email(message: OutboxMessage) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        headers={"X-Govconf-Message": str(message.pk)},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for item in message.attachments:
        email.attach(item["filename"], base64.b64decode(item["content_b64"]), item["mimetype"])
    return email


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff: 1, 2, 4, 8 ... minutes, capped at six hours."""
    seconds = settings.OUTBOX_RETRY_BASE_SECONDS * (2 ** max(attempts - 1, 0))
    return timedelta(seconds=min(seconds, 6 * 60 * 60))


def retry_window() -> timedelta:
    return timedelta(days=settings.OUTBOX_RETRY_DAYS)


def is_suppressed(email: str) -> bool:
    """The address has an active hard-bounce or complaint flag."""
    return EmailSuppression.objects.filter(
        email__iexact=email.strip(), cleared_at__isnull=True
    ).exists()


def deliver_message(*, message_id: int, now=None) -> OutboxMessage | None:
    """Send one queued message, at most once.

    The row is locked (SKIP LOCKED) while sending so that two workers never send it twice; a
    message already sent is left alone. A message to a flagged address is not sent (status
    ``suppressed``). On failure the message stays queued with a later ``next_attempt_at``
    (backoff capped at six hours); once it has been retried for OUTBOX_RETRY_DAYS since it was
    queued, it is marked failed. ``now`` is the sweep's clock (tests move it).
    """
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, status=OutboxStatus.QUEUED)
            .first()
        )
        if message is None:
            return None
        if is_suppressed(message.to):
            message.status = OutboxStatus.SUPPRESSED
            message.next_attempt_at = None
            message.last_error = "Address flagged after a hard bounce or a complaint."
            message.save(update_fields=["status", "next_attempt_at", "last_error"])
            return message
        message.attempts += 1
        now = now or timezone.now()
        try:
            email = build_email(message)
            email.send(fail_silently=False)
        except Exception as exc:  # any provider or network error: retry later
            logger.warning("Email %s to %s failed: %s", message.pk, message.to, exc)
            message.last_error = f"{exc.__class__.__name__}: {exc}"[:2000]
            if now >= message.queued_at + retry_window():
                message.status = OutboxStatus.FAILED
                message.next_attempt_at = None
            else:
                message.next_attempt_at = now + retry_delay(message.attempts)
        else:
            message.status = OutboxStatus.SENT
            message.sent_at = now
            message.next_attempt_at = None
            message.last_error = ""
            status = getattr(email, "anymail_status", None)
            if status is not None and status.message_id:
                message.provider_message_id = str(status.message_id)
        message.save()
    return message


def retry_due_messages(*, now=None, limit: int = 200) -> int:
    """Send queued messages whose retry time has come; returns how many were sent."""
    now = now or timezone.now()
    due = (
        OutboxMessage.objects.filter(status=OutboxStatus.QUEUED, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for message_id in list(due):
        message = deliver_message(message_id=message_id, now=now)
        if message is not None and message.status == OutboxStatus.SENT:
            sent += 1
    return sent


_EVENT_STATUS = {
    "bounced": OutboxStatus.BOUNCED,
    "rejected": OutboxStatus.BOUNCED,
    "complained": OutboxStatus.COMPLAINED,
}
# anymail's normalised events that mean "never send here again": "bounced" is a permanent
# failure (a soft bounce is "deferred"), "complained" a spam report.
_FLAGGING_EVENTS = {
    "bounced": SuppressionReason.BOUNCED,
    "complained": SuppressionReason.COMPLAINED,
}


def record_provider_event(
    *,
    message_id: str,
    event_type: str,
    description: str = "",
    recipient: str = "",
    permanent: bool = True,
) -> int:
    """Record a delivery event from the provider's webhook.

    Bounces and complaints change the message's status; a hard bounce or a complaint also flags
    the address (``recipient``, else the message's), so that nothing more is sent to it; a bounce
    the provider calls temporary (``permanent=False``) does not.
    """
    updated = 0
    with transaction.atomic():
        for message in OutboxMessage.objects.select_for_update().filter(
            provider_message_id=message_id
        ):
            message.events = [
                *message.events,
                {"type": event_type, "at": timezone.now().isoformat(), "info": description[:500]},
            ]
            if event_type in _EVENT_STATUS:
                message.status = _EVENT_STATUS[event_type]
            message.save(update_fields=["events", "status"])
            if event_type in _FLAGGING_EVENTS and (permanent or event_type == "complained"):
                flag_address(
                    email=recipient or message.to,
                    reason=_FLAGGING_EVENTS[event_type],
                    detail=description,
                    message=message,
                )
            updated += 1
    return updated


def flag_address(
    *, email: str, reason: str, detail: str = "", message: OutboxMessage | None = None
) -> EmailSuppression:
    """Flag an address so that the outbox stops sending to it (idempotent: an active flag is
    kept as it is). Writes an audit entry in the caller's transaction."""
    email = email.strip().lower()
    with transaction.atomic():
        existing = (
            EmailSuppression.objects.select_for_update()
            .filter(email__iexact=email, cleared_at__isnull=True)
            .first()
        )
        if existing is not None:
            return existing
        flag = EmailSuppression.objects.create(
            email=email, reason=reason, detail=detail[:2000], message=message
        )
        record_audit(action="email.address_flagged", obj=flag,
                     data={"reason": reason, "message": message.pk if message else None})
    return flag


def clear_address_flag(*, flag: EmailSuppression, by, ip_address: str | None = None) -> bool:
    """Clear an active flag (staff have checked the address): sending to it resumes.

    Messages held back while it was flagged stay ``suppressed``; staff resend those they want.
    Returns False if the flag was already cleared.
    """
    with transaction.atomic():
        flag = EmailSuppression.objects.select_for_update().get(pk=flag.pk)
        if flag.cleared_at is not None:
            return False
        flag.cleared_at = timezone.now()
        flag.cleared_by = by
        flag.save(update_fields=["cleared_at", "cleared_by"])
        record_audit(action="email.address_flag_cleared", obj=flag, actor=by,
                     ip_address=ip_address, data={"email": flag.email})
    return True


RESENDABLE = (
    OutboxStatus.FAILED,
    OutboxStatus.BOUNCED,
    OutboxStatus.COMPLAINED,
    OutboxStatus.SUPPRESSED,
    OutboxStatus.SENT,
)


def resend_messages(*, message_ids: Iterable[int], by, ip_address: str | None = None) -> int:
    """Queue the given messages again (failed, bounced, held back, or sent and lost by the
    recipient), each with a fresh retry window; returns how many were queued.

    Messages still queued are left alone (they are already being tried). A message to a flagged
    address is queued too, and is held back again at delivery until the flag is cleared. Each
    resend is audited; delivery starts after commit.
    """
    ids = sorted({int(pk) for pk in message_ids})
    now = timezone.now()
    queued = []
    with transaction.atomic():
        for message in OutboxMessage.objects.select_for_update().filter(
            pk__in=ids, status__in=RESENDABLE
        ).order_by("pk"):
            previous = message.status
            message.events = [
                *message.events,
                {"type": "resent", "at": now.isoformat(), "info": f"after {previous}"},
            ]
            message.status = OutboxStatus.QUEUED
            message.attempts = 0
            message.last_error = ""
            message.queued_at = now
            message.next_attempt_at = now + timedelta(minutes=5)
            message.save()
            record_audit(action="email.resent", obj=message, actor=by, ip_address=ip_address,
                         data={"previous_status": previous})
            queued.append(message.pk)
    for pk in queued:
        transaction.on_commit(lambda pk=pk: _enqueue_delivery(pk))
    return len(queued)


def undelivered_counts(*, since=None) -> dict[str, int]:
    """Messages that need a person's eye (for the dashboard): failed after every retry, bounced,
    complained about, held back for a flagged address; and the active flags."""
    from django.db.models import Count

    queryset = OutboxMessage.objects.filter(
        status__in=[OutboxStatus.FAILED, OutboxStatus.BOUNCED, OutboxStatus.COMPLAINED,
                    OutboxStatus.SUPPRESSED]
    )
    if since is not None:
        queryset = queryset.filter(created_at__gte=since)
    counts = dict(queryset.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    result = {status: counts.get(status, 0) for status in (
        OutboxStatus.FAILED, OutboxStatus.BOUNCED, OutboxStatus.COMPLAINED,
        OutboxStatus.SUPPRESSED)}
    result["flags"] = EmailSuppression.objects.filter(cleared_at__isnull=True).count()
    return result
