from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from .enums import BroadcastStatus


class Broadcast(models.Model):
    """An email to a segment of one edition's delegates, written in both languages.

    ``segment`` holds the criteria (see ``segments.Segment``); the recipients are computed when
    the message is sent, and each one is recorded once (``BroadcastRecipient``).
    """

    edition = models.ForeignKey("cms.Edition", verbose_name=_("edition"),
                                on_delete=models.PROTECT, related_name="broadcasts")
    subject = models.CharField(_("subject (Vietnamese)"), max_length=200)
    subject_en = models.CharField(_("subject (English)"), max_length=200, blank=True)
    body = models.TextField(_("message (Vietnamese)"))
    body_en = models.TextField(_("message (English)"), blank=True)
    segment = models.JSONField(_("recipients"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=BroadcastStatus.choices,
                              default=BroadcastStatus.DRAFT)
    send_at = models.DateTimeField(_("send at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("written by"),
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("message to delegates")
        verbose_name_plural = _("messages to delegates")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "send_at"])]

    def __str__(self) -> str:
        return self.subject


class BroadcastRecipient(models.Model):
    """One person a message went to: the record of who got it, in which language, and when.

    The unique constraint is the "once" guarantee: recomputing the segment, a second worker or a
    retried task cannot queue a second email to the same address.
    """

    broadcast = models.ForeignKey(Broadcast, verbose_name=_("message"),
                                  on_delete=models.CASCADE, related_name="recipients")
    email = models.EmailField(_("email"))
    name = models.CharField(_("name"), max_length=150, blank=True)
    language = models.CharField(_("language"), max_length=8, default="vi")
    attendee = models.ForeignKey("registration.Attendee", verbose_name=_("attendee"),
                                 null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    message = models.ForeignKey("common.OutboxMessage", verbose_name=_("email"), null=True,
                                blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["broadcast", "id"]
        constraints = [
            models.UniqueConstraint("broadcast", Lower("email"), name="broadcast_once_per_email"),
        ]

    def __str__(self) -> str:
        return self.email
