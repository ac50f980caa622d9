"""What a session leaves behind: slides, the livestream and the recording.

Slides are PDFs checked by their content (``conference.common.files``) and kept in private
storage; the public reads them through ``cms_api:material_file``, which serves only materials of
live sessions. Speakers propose changes through their private link (``SpeakerChange``); nothing
they send is shown before an editor approves it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from conference.common.i18n import localized
from conference.common.links import site_url
from conference.common.models import NFCMixin
from conference.common.storage import private_storage

from ..enums import ChangeStatus, MaterialKind
from .agenda import Session, Speaker

SLIDES_LIMIT = 30 * 1024 * 1024
PHOTO_LIMIT = 8 * 1024 * 1024


class SessionMaterial(NFCMixin, models.Model):
    """Slides (a PDF or a link to them), the livestream, the recording or another link."""

    session = models.ForeignKey(Session, verbose_name=_("session"), on_delete=models.CASCADE,
                                related_name="materials")
    kind = models.CharField(_("kind"), max_length=16, choices=MaterialKind.choices,
                            default=MaterialKind.SLIDES)
    title = models.CharField(_("title (Vietnamese)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    file = models.FileField(_("PDF file"), storage=private_storage,
                            upload_to="session-materials/", blank=True,
                            help_text=_("Slides as a PDF (up to 30 MB)."))
    url = models.URLField(_("address (URL)"), max_length=500, blank=True,
                          help_text=_("The livestream, the recording or slides hosted elsewhere."))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("session"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("sort_order")]),
        FieldRowPanel([FieldPanel("title"), FieldPanel("title_en")]),
        FieldPanel("file"),
        FieldPanel("url"),
    ]

    nfc_fields = ("title", "title_en")

    class Meta:
        verbose_name = _("session material")
        verbose_name_plural = _("session materials")
        ordering = ["session", "sort_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(~models.Q(file="") & models.Q(url=""))
                | (models.Q(file="") & ~models.Q(url="")),
                name="material_file_or_url",
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    def save(self, *args, **kwargs):
        self.normalise_text()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        has_file, has_url = bool(self.file), bool(self.url)
        if has_file == has_url:
            raise ValidationError(_("Give either a PDF file or an address, not both."))
        if has_file and self.kind != MaterialKind.SLIDES:
            raise ValidationError({"file": _("Only slides can be uploaded as a file; give the "
                                             "livestream or recording as an address.")})

    @property
    def display_title(self) -> str:
        return localized(self, "title") or self.get_kind_display()

    @property
    def href(self) -> str:
        """Where the public opens it: our file address, or the external one."""
        if self.file:
            return reverse("cms_api:material_file", args=[self.pk])
        return self.url

    @property
    def absolute_href(self) -> str:
        href = self.href
        return site_url(href) if href.startswith("/") else href

    @property
    def frab_type(self) -> str:
        """The ``Reference.type`` of the frab schema."""
        return {MaterialKind.SLIDES: "slides", MaterialKind.LIVESTREAM: "media",
                MaterialKind.RECORDING: "media"}.get(self.kind, "web")


class SpeakerChange(models.Model):
    """What a speaker sent through their private link, waiting for an editor.

    Nothing here is public: bio and photo reach the speaker, and slides their session, only when
    an editor approves (``cms.services.approve_speaker_change``).
    """

    speaker = models.ForeignKey(Speaker, verbose_name=_("speaker"), on_delete=models.CASCADE,
                                related_name="changes")
    bio = models.TextField(_("biography (Vietnamese)"), blank=True)
    bio_en = models.TextField(_("biography (English)"), blank=True)
    photo = models.FileField(_("photo"), storage=private_storage,
                             upload_to="speaker-changes/photos/", blank=True)
    slides_session = models.ForeignKey(
        Session, verbose_name=_("session of the slides"), on_delete=models.CASCADE,
        null=True, blank=True, related_name="+",
    )
    slides = models.FileField(_("slides (PDF)"), storage=private_storage,
                              upload_to="speaker-changes/slides/", blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ChangeStatus.choices,
                              default=ChangeStatus.PENDING, db_index=True)
    submitted_at = models.DateTimeField(_("sent"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    reason = models.TextField(_("reason for refusal"), blank=True)

    class Meta:
        verbose_name = _("speaker's change")
        verbose_name_plural = _("speakers' changes")
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.speaker} · {self.submitted_at:%d/%m/%Y %H:%M}"
