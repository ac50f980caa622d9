from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import OutboxStatus, SuppressionReason
from .text import nfc


class AuditEntry(models.Model):
    """One state change: who, what, when, on which object, from which device. Append-only."""

    # Shown in the admin (a ModelViewSet), which puts the model in Wagtail's reference index:
    # every audit write would then re-read the row and query the index, inside the capacity
    # lock of every registration. An audit row references nothing a user edits.
    wagtail_reference_index_ignore = True

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    device = models.CharField(_("device"), max_length=255, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit entries are append-only.")


class OutboxMessage(models.Model):
    """An email rendered in its recipient's language, kept with its delivery status."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # When the current round of delivery began (creation, or the last resend): retries go on
    # for OUTBOX_RETRY_DAYS from here.
    queued_at = models.DateTimeField(_("queued"), default=timezone.now)
    to = models.EmailField(_("to"))
    language = models.CharField(_("language"), max_length=8, default="vi")
    template = models.CharField(_("template"), max_length=150, blank=True)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    # [{"filename": ..., "mimetype": ..., "content_b64": ...}]: small files (badge PNG, .ics).
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=OutboxStatus.choices, default=OutboxStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    provider_message_id = models.CharField(
        _("provider message id"), max_length=255, blank=True, db_index=True
    )
    events = models.JSONField(_("provider events"), default=list, blank=True)

    class Meta:
        verbose_name = _("email")
        verbose_name_plural = _("email outbox")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class EmailSuppression(models.Model):
    """An address the provider reported as hard-bounced or complained about.

    While a flag is active (not cleared) the outbox sends nothing to the address: sending again to
    a dead mailbox or to someone who pressed "spam" hurts the delivery of every other message.
    Staff clear a flag once the delegate has fixed the address; cleared flags stay as history.
    """

    created_at = models.DateTimeField(_("flagged"), auto_now_add=True)
    email = models.EmailField(_("address"), db_index=True)
    reason = models.CharField(_("reason"), max_length=20, choices=SuppressionReason.choices)
    detail = models.TextField(_("provider's description"), blank=True)
    message = models.ForeignKey(
        OutboxMessage,
        verbose_name=_("email"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cleared_at = models.DateTimeField(_("cleared"), null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cleared by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("flagged address")
        verbose_name_plural = _("flagged addresses")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=models.Q(cleared_at__isnull=True),
                name="one_active_flag_per_address",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_reason_display()})"

    @property
    def is_active(self) -> bool:
        return self.cleared_at is None


class NFCMixin:
    """Stores the text fields named in ``nfc_fields`` in Unicode NFC on every save.

    Vietnamese arrives composed or decomposed depending on the keyboard and the system ("ế" is one
    code point or three); NFC makes equal names equal in the database, in sorting and in the
    unique constraints. Put it before ``models.Model`` in the bases. A model whose own ``save()``
    derives fields from these (search columns, sort keys, slugs) calls ``normalise_text()`` first.
    """

    nfc_fields: tuple[str, ...] = ()

    def normalise_text(self) -> None:
        for name in self.nfc_fields:
            setattr(self, name, nfc(getattr(self, name)))

    def save(self, *args, **kwargs):
        self.normalise_text()
        super().save(*args, **kwargs)
