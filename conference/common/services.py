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

from .enums import OutboxStatus
from .models import AuditEntry, OutboxMessage

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
    return AuditEntry.objects.create(
        action=action,
        actor=actor,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        device=device[:255],
        ip_address=ip_address,
        data=data or {},
    )


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


def deliver_message(*, message_id: int) -> OutboxMessage | None:
    """Send one queued message, at most once.

    The row is locked (SKIP LOCKED) while sending so that two workers never send it twice; a
    message already sent is left alone. On failure the message stays queued with a later
    ``next_attempt_at``; after OUTBOX_MAX_ATTEMPTS it is marked failed.
    """
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, status=OutboxStatus.QUEUED)
            .first()
        )
        if message is None:
            return None
        message.attempts += 1
        try:
            email = build_email(message)
            email.send(fail_silently=False)
        except Exception as exc:  # any provider or network error: retry later
            logger.warning("Email %s to %s failed: %s", message.pk, message.to, exc)
            message.last_error = f"{exc.__class__.__name__}: {exc}"[:2000]
            if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                message.status = OutboxStatus.FAILED
                message.next_attempt_at = None
            else:
                message.next_attempt_at = timezone.now() + retry_delay(message.attempts)
        else:
            message.status = OutboxStatus.SENT
            message.sent_at = timezone.now()
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
        message = deliver_message(message_id=message_id)
        if message is not None and message.status == OutboxStatus.SENT:
            sent += 1
    return sent


_EVENT_STATUS = {
    "bounced": OutboxStatus.BOUNCED,
    "rejected": OutboxStatus.BOUNCED,
    "complained": OutboxStatus.COMPLAINED,
}


def record_provider_event(*, message_id: str, event_type: str, description: str = "") -> int:
    """Record a delivery event from the provider's webhook; bounces change the status."""
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
            updated += 1
    return updated
