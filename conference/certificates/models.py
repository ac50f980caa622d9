"""Attendance certificates (giấy chứng nhận tham dự) and the batches that issue them.

A certificate is issued only to an attendee whose badge was admitted at one of the points the
organisers chose as proof of attendance (the main entrance); the sessions whose door they passed
may be listed on it. What it says (name, organisation, days, sessions) is copied when it is
issued, so that the certificate and its verification page never change afterwards; a mistake is
corrected by revoking it and issuing a new one.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conference.common.models import NFCMixin
from conference.common.storage import private_storage

from .enums import BatchStatus


class CertificateBatch(models.Model):
    """One run of "issue certificates to everyone who attended", done by a background task.

    ``done`` counts attendees handled so far (issued, or already holding one), for the progress
    bar; ``file`` is a print-ready PDF of every certificate the batch issued.
    """

    edition = models.ForeignKey(
        "cms.Edition", verbose_name=_("edition"), on_delete=models.PROTECT,
        related_name="certificate_batches",
    )
    points = models.ManyToManyField(
        "checkin.CheckinPoint", verbose_name=_("proof of attendance"), related_name="+",
        help_text=_("An admitted scan at one of these points earns a certificate."),
    )
    list_sessions = models.BooleanField(
        _("list the sessions attended"), default=True,
        help_text=_("Sessions whose door admitted the attendee are printed on the certificate."),
    )
    send_email = models.BooleanField(_("e-mail each new certificate"), default=True)
    status = models.CharField(_("status"), max_length=10, choices=BatchStatus.choices,
                              default=BatchStatus.QUEUED)
    total = models.PositiveIntegerField(_("attendees"), default=0)
    done = models.PositiveIntegerField(_("handled"), default=0)
    issued = models.PositiveIntegerField(_("certificates issued"), default=0)
    file = models.FileField(_("file"), storage=private_storage,
                            upload_to="certificate-batches/", blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate batch")
        verbose_name_plural = _("certificate batches")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"#{self.pk}"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, round(100 * self.done / self.total))


class AttendanceCertificate(NFCMixin, models.Model):
    """A certificate of attendance for one attendee of one edition; its random code opens the
    public verification page (the one award certificates use)."""

    edition = models.ForeignKey(
        "cms.Edition", verbose_name=_("edition"), on_delete=models.PROTECT,
        related_name="attendance_certificates",
    )
    # Deleting an attendee's personal data (Decree 13/2023) deletes their certificate: the
    # verification page then answers that no certificate has the code.
    attendee = models.ForeignKey(
        "registration.Attendee", verbose_name=_("attendee"), on_delete=models.CASCADE,
        related_name="attendance_certificates",
    )
    batch = models.ForeignKey(
        CertificateBatch, verbose_name=_("batch"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="certificates",
    )
    code = models.CharField(_("code"), max_length=32, unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, blank=True)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    # Local dates (ISO) of the days admitted, and the sessions attended:
    # [{"title": ..., "title_en": ..., "start": ISO datetime}].
    days = models.JSONField(_("days attended"), default=list)
    sessions = models.JSONField(_("sessions attended"), default=list, blank=True)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revoking"), max_length=255, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("revoked by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    nfc_fields = ("full_name", "position", "organisation")

    class Meta:
        verbose_name = _("attendance certificate")
        verbose_name_plural = _("attendance certificates")
        ordering = ["-issued_at", "-pk"]
        permissions = [("issue_attendancecertificate", _("Can issue attendance certificates"))]
        constraints = [
            # A batch run twice, or two batches at once, cannot give anyone a second one.
            models.UniqueConstraint(fields=["edition", "attendee"],
                                    condition=models.Q(revoked_at__isnull=True),
                                    name="one_valid_attendance_certificate"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None
