"""The post-event report of an edition, as prepared by a background task: its figures (kept as
JSON, so the files can be drawn again and the numbers checked) and the files made from them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from conference.common.storage import private_storage

from .enums import ReportStatus


class EditionReport(models.Model):
    edition = models.ForeignKey("cms.Edition", verbose_name=_("edition"),
                                on_delete=models.PROTECT, related_name="reports")
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices,
                              default=ReportStatus.QUEUED)
    step = models.PositiveSmallIntegerField(_("steps done"), default=0)
    steps = models.PositiveSmallIntegerField(_("steps"), default=1)
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    pdf_vi = models.FileField(_("PDF (Vietnamese)"), storage=private_storage,
                              upload_to="reports/", blank=True)
    pdf_en = models.FileField(_("PDF (English)"), storage=private_storage,
                              upload_to="reports/", blank=True)
    xlsx_vi = models.FileField(_("XLSX (Vietnamese)"), storage=private_storage,
                               upload_to="reports/", blank=True)
    xlsx_en = models.FileField(_("XLSX (English)"), storage=private_storage,
                               upload_to="reports/", blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"),
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("edition report")
        verbose_name_plural = _("edition reports")
        ordering = ["-created_at", "-pk"]
        permissions = [("prepare_editionreport", _("Can prepare post-event reports"))]

    def __str__(self) -> str:
        return f"{self.edition} #{self.pk}"

    @property
    def percent(self) -> int:
        return 100 if not self.steps else min(100, round(100 * self.step / self.steps))

    def file(self, kind: str):
        return {"pdf_vi": self.pdf_vi, "pdf_en": self.pdf_en, "xlsx_vi": self.xlsx_vi,
                "xlsx_en": self.xlsx_en}.get(kind)
