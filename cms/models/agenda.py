"""The programme of an edition: themes, rooms, speakers, sessions and partners.

Every record keeps one row with a Vietnamese field and an English twin (``title``/``title_en``),
shown through ``localized()``: stars, calendar feeds, exports and the API all point at one row per
session, and a missing English text falls back to Vietnamese instead of an empty block. Wagtail's
per-locale snippet copies would have split each session into two rows (two ids to star, two events
in every export), which is why the twin fields were preferred.
"""

import datetime
import uuid
import zoneinfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
)

from conference.common.i18n import localized
from conference.common.models import NFCMixin
from conference.common.text import fold, vietnamese_sort_key

from ..enums import PartnerKind, SessionKind, SessionLanguage, SpeakerRole
from .pages import Edition

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #rrggbb, e.g. #0b4f9c."))
LOCAL_TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
# An evening gala or awards night may run past midnight of the last day (19:00-00:30): a session
# may end until this hour of the morning after it, as frab lets a day end after midnight.
LATEST_END_AFTER_LAST_DAY = datetime.time(6, 0)


class Theme(NFCMixin, models.Model):
    """A track of the programme, with the colour that marks its sessions."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="themes"
    )
    name = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, allow_unicode=False)
    colour = models.CharField(_("colour"), max_length=7, default="#0b4f9c",
                              validators=[hex_colour])
    description = models.TextField(_("description (Vietnamese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("edition"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("slug"), FieldPanel("colour"), FieldPanel("sort_order")]),
        FieldRowPanel([FieldPanel("description"), FieldPanel("description_en")]),
    ]

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["edition", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "slug"], name="theme_slug_per_edition"),
        ]

    def __str__(self) -> str:
        return localized(self, "name")

    nfc_fields = ("name", "name_en")

    def save(self, *args, **kwargs):
        self.normalise_text()  # NFC first: fields below derive from it
        if not self.slug:
            self.slug = slugify(fold(self.name_en or self.name))[:80] or "theme"
        super().save(*args, **kwargs)


class Room(NFCMixin, models.Model):
    """A hall or meeting room of the venue."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="rooms"
    )
    name = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    floor = models.CharField(_("floor"), max_length=60, blank=True)
    floor_en = models.CharField(_("floor (English)"), max_length=60, blank=True)
    sort_order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Columns of the agenda grid, left to right.")
    )
    guid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)

    panels = [
        FieldPanel("edition"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("floor"), FieldPanel("floor_en")]),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("sort_order")]),
    ]

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["edition", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "name"], name="room_name_per_edition"),
        ]

    def __str__(self) -> str:
        return localized(self, "name")

    nfc_fields = ("name", "name_en")


class Speaker(NFCMixin, models.Model):
    """A person on the programme: speaker, moderator or panelist."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="speakers"
    )
    name = models.CharField(
        _("full name"), max_length=200,
        help_text=_("Family name first, the Vietnamese way: Nguyễn Thị Anh Thi."),
    )
    photo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("photo"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    position = models.CharField(_("position (Vietnamese)"), max_length=255, blank=True)
    position_en = models.CharField(_("position (English)"), max_length=255, blank=True)
    organisation = models.CharField(_("organisation (Vietnamese)"), max_length=255, blank=True)
    organisation_en = models.CharField(_("organisation (English)"), max_length=255, blank=True)
    country = models.CharField(
        _("country"), max_length=2, default="VN",
        help_text=_("Two-letter ISO code: VN, GB, MY..."),
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Enter a two-letter country code."))],
    )
    bio = models.TextField(_("biography (Vietnamese)"), blank=True)
    bio_en = models.TextField(_("biography (English)"), blank=True)
    featured = models.BooleanField(_("featured on the home page"), default=False)
    guid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    search_text = models.TextField(editable=False, blank=True)
    sort_key = models.CharField(max_length=255, editable=False, blank=True, db_index=True)

    panels = [
        FieldPanel("edition"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("country"), FieldPanel("featured")]),
        FieldPanel("photo"),
        FieldRowPanel([FieldPanel("position"), FieldPanel("position_en")]),
        FieldRowPanel([FieldPanel("organisation"), FieldPanel("organisation_en")]),
        FieldRowPanel([FieldPanel("bio"), FieldPanel("bio_en")]),
    ]

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["sort_key", "id"]

    def __str__(self) -> str:
        return self.name

    nfc_fields = ("name", "position", "position_en", "organisation", "organisation_en")

    def save(self, *args, **kwargs):
        self.normalise_text()  # NFC first: fields below derive from it
        self.country = (self.country or "").upper()
        given, rest = vietnamese_sort_key(self.name)
        self.sort_key = f"{given} {rest}"[:255]
        self.search_text = fold(
            " ".join([self.name, self.position, self.position_en, self.organisation,
                      self.organisation_en])
        )
        super().save(*args, **kwargs)

    @property
    def affiliation(self) -> str:
        return ", ".join(p for p in (localized(self, "position"),
                                     localized(self, "organisation")) if p)


class Session(NFCMixin, PreviewableMixin, LockableMixin, DraftStateMixin, RevisionMixin,
              ClusterableModel):
    """One slot of the programme. Editors draft, preview and publish; the public sees live ones."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="sessions"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=SessionKind.choices,
                            default=SessionKind.TALK)
    title = models.CharField(_("title (Vietnamese)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    description = models.TextField(_("description (Vietnamese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    room = models.ForeignKey(
        Room, verbose_name=_("room"), on_delete=models.PROTECT, related_name="sessions",
        null=True, blank=True,
        help_text=_("Leave empty for breaks that take place everywhere."),
    )
    themes = ParentalManyToManyField(Theme, verbose_name=_("themes"), blank=True,
                                     related_name="sessions")
    language = models.CharField(_("language"), max_length=8, choices=SessionLanguage.choices,
                                default=SessionLanguage.VI)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    guid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    search_text = models.TextField(editable=False, blank=True)

    panels = [
        FieldPanel("edition"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("language")]),
        FieldRowPanel([FieldPanel("title"), FieldPanel("title_en")]),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldRowPanel([FieldPanel("room"), FieldPanel("capacity")]),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [FieldPanel("description"), FieldPanel("description_en")],
            heading=_("Description"),
        ),
        InlinePanel("session_speakers", label=_("Speakers"), heading=_("Speakers")),
    ]

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["start", "room__sort_order", "id"]
        indexes = [models.Index(fields=["edition", "live", "start"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")),
                                   name="session_ends_after_start"),
        ]

    def __str__(self) -> str:
        return localized(self, "title")

    nfc_fields = ("title", "title_en")

    def save(self, *args, **kwargs):
        self.normalise_text()  # NFC first: fields below derive from it
        self.search_text = fold(" ".join([self.title, self.title_en, self.description,
                                          self.description_en]))
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The session must end after it starts.")
        edition = self.edition if self.edition_id else None
        if edition and self.start and self.start.astimezone(LOCAL_TZ).date() < edition.start_date:
            errors["start"] = _("The session starts before the edition (%(date)s).") % {
                "date": edition.start_date.strftime("%d/%m/%Y")}
        if edition and self.start and self.start.astimezone(LOCAL_TZ).date() > edition.end_date:
            errors["start"] = _("The session starts after the edition's last day (%(date)s).") % {
                "date": edition.end_date.strftime("%d/%m/%Y")}
        if edition and self.end and "start" not in errors:
            latest = datetime.datetime.combine(edition.end_date + datetime.timedelta(days=1),
                                               LATEST_END_AFTER_LAST_DAY, tzinfo=LOCAL_TZ)
            if self.end > latest:
                errors.setdefault("end", _(
                    "The session ends too late: after the edition's last day (%(date)s) a session "
                    "may run past midnight until %(latest)s at the latest.") % {
                    "date": edition.end_date.strftime("%d/%m/%Y"),
                    "latest": latest.strftime("%H:%M %d/%m/%Y")})
        if errors:
            raise ValidationError(errors)

    # --- display helpers (no queries when the caller prefetched) ---
    @property
    def local_start(self):
        return timezone.localtime(self.start, LOCAL_TZ)

    @property
    def local_end(self):
        return timezone.localtime(self.end, LOCAL_TZ)

    @property
    def duration_minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)

    @property
    def is_break(self) -> bool:
        return self.kind == SessionKind.BREAK

    @property
    def code(self) -> str:
        """A short upper-case code for apps that want one (frab ``code``)."""
        return f"S{self.pk:05d}" if self.pk else ""

    def get_preview_template(self, request, mode_name):
        return "cms/session_preview.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context["session"] = self
        context["speakers"] = [
            link for link in self.session_speakers.all() if link.speaker_id
        ]
        return context


class SessionSpeaker(Orderable):
    """A speaker's place in a session, in the order editors dragged them into."""

    session = ParentalKey(Session, on_delete=models.CASCADE, related_name="session_speakers")
    speaker = models.ForeignKey(Speaker, verbose_name=_("speaker"), on_delete=models.PROTECT,
                                related_name="session_links")
    role = models.CharField(_("role"), max_length=16, choices=SpeakerRole.choices,
                            default=SpeakerRole.SPEAKER)

    panels = [FieldRowPanel([FieldPanel("speaker"), FieldPanel("role")])]

    class Meta(Orderable.Meta):
        verbose_name = _("session speaker")
        verbose_name_plural = _("session speakers")
        constraints = [
            models.UniqueConstraint(fields=["session", "speaker"], name="speaker_once_per_session"),
        ]


class Partner(NFCMixin, models.Model):
    """An organiser, co-organiser, sponsor or media partner of an edition."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="partners"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=PartnerKind.choices,
                            default=PartnerKind.SPONSOR)
    name = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("logo"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    url = models.URLField(_("website"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldRowPanel([FieldPanel("edition"), FieldPanel("kind"), FieldPanel("sort_order")]),
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("logo"), FieldPanel("url")]),
    ]

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["edition", "kind", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "name"], name="partner_name_per_edition"),
        ]

    def __str__(self) -> str:
        return localized(self, "name")

    nfc_fields = ("name", "name_en")


class StarredSession(models.Model):
    """A session an attendee put in their own agenda."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="starred_sessions")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="stars")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("starred session")
        verbose_name_plural = _("starred sessions")
        constraints = [
            models.UniqueConstraint(fields=["user", "session"], name="star_once"),
        ]


class CalendarFeed(models.Model):
    """The secret address of an attendee's own agenda for calendar apps. Rotating it revokes the
    old address at once (anyone who saw it can no longer read the attendee's choices)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True)
    rotated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)
