"""Categories, registrations, attendees and their badge codes.

A Registration is one submission (one person, or a delegation registered by one contact) and owns
the payment; each Attendee in it has their own badge and email. Quotas count attendees whose
registration holds seats (see enums.SEAT_HOLDING_STATUSES).
"""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from conference.common.i18n import localized
from conference.common.text import fold, nfc

from .enums import BadgeBatchStatus, BadgeSelection, BadgeSize, RegistrationStatus


class Category(models.Model):
    """A kind of delegate for one edition: price, quota, sale window, approval, badge colour."""

    edition = models.ForeignKey(
        "cms.Edition", verbose_name=_("edition"), on_delete=models.PROTECT,
        related_name="categories",
    )
    code = models.SlugField(_("code"), max_length=50)
    name = models.CharField(_("name (Vietnamese)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    description = models.TextField(_("description (Vietnamese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    price_vnd = models.PositiveBigIntegerField(
        _("price (VND)"), default=0, help_text=_("Whole dong; 0 for free.")
    )
    quota = models.PositiveIntegerField(_("quota"), help_text=_("Seats for this category."))
    sale_starts_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    sale_ends_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    requires_approval = models.BooleanField(_("needs approval"), default=False)
    requires_invitation = models.BooleanField(_("needs an invitation code"), default=False)
    badge_color = models.CharField(_("badge colour"), max_length=7, default="#0B4F9C")
    role_label = models.CharField(
        _("role on badge (Vietnamese)"), max_length=40, blank=True, help_text="ĐẠI BIỂU"
    )
    role_label_en = models.CharField(_("role on badge (English)"), max_length=40, blank=True)
    is_public = models.BooleanField(_("shown on the registration page"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("registration category")
        verbose_name_plural = _("registration categories")
        ordering = ["edition", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="category_code_per_edition"),
        ]

    def __str__(self) -> str:
        return localized(self, "name")

    @property
    def is_free(self) -> bool:
        return self.price_vnd == 0


class Registration(models.Model):
    """One submission: a single attendee, or a delegation registered by its contact."""

    edition = models.ForeignKey(
        "cms.Edition", verbose_name=_("edition"), on_delete=models.PROTECT,
        related_name="registrations",
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT,
        related_name="registrations",
    )
    reference = models.CharField(_("reference"), max_length=16, unique=True)
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("contact"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="registrations",
    )
    contact_email = models.EmailField(_("contact email"))
    language = models.CharField(_("language"), max_length=8, default="vi")
    status = models.CharField(
        _("status"), max_length=20, choices=RegistrationStatus.choices,
        default=RegistrationStatus.HELD, db_index=True,
    )
    hold_expires_at = models.DateTimeField(_("hold expires"), null=True, blank=True)
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"), default=0)
    consent_version = models.CharField(_("consent text version"), max_length=20, blank=True)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["category", "status"])]

    def __str__(self) -> str:
        return self.reference


class Attendee(models.Model):
    """One person who comes to the conference; has their own badge and email."""

    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE,
        related_name="attendees",
    )
    full_name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, blank=True)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    language = models.CharField(
        _("preferred language"), max_length=8, default="vi",
        choices=[("vi", "Tiếng Việt"), ("en", "English")],
    )
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    search_text = models.CharField(max_length=600, blank=True, editable=False, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["registration", "id"]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.full_name = nfc(self.full_name)
        self.position = nfc(self.position)
        self.organisation = nfc(self.organisation)
        self.email = (self.email or "").strip().lower()
        self.search_text = fold(
            f"{self.full_name} {self.email} {self.phone} {self.organisation}"
        )[:600]
        super().save(*args, **kwargs)


class Badge(models.Model):
    """A badge code issued to an attendee. Reissuing revokes the old one and issues a new row.

    The code is opaque and random (no personal data), and a scanner looks it up by this unique
    index. At most one unrevoked badge per attendee.
    """

    attendee = models.ForeignKey(
        Attendee, verbose_name=_("attendee"), on_delete=models.CASCADE, related_name="badges"
    )
    code = models.CharField(_("code"), max_length=32, unique=True)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason"), max_length=255, blank=True)
    printed_at = models.DateTimeField(_("printed"), null=True, blank=True)

    class Meta:
        verbose_name = _("badge")
        verbose_name_plural = _("badges")
        constraints = [
            models.UniqueConstraint(
                fields=["attendee"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_badge_per_attendee",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


def private_storage():
    return storages["private"]


class BadgeBatch(models.Model):
    """A PDF of many badges, rendered by a background task into private storage.

    ``done`` counts badges drawn so far, so the admin can show a progress bar while it runs.
    The badges it holds are recorded, so that "mark as printed" marks exactly those.
    """

    edition = models.ForeignKey(
        "cms.Edition", verbose_name=_("edition"), on_delete=models.PROTECT,
        related_name="badge_batches",
    )
    selection = models.CharField(
        _("badges"), max_length=30, choices=BadgeSelection.choices, default=BadgeSelection.ALL
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="badge_batches",
    )
    size = models.CharField(
        _("size"), max_length=8, choices=BadgeSize.choices, default=BadgeSize.A6
    )
    sheet = models.BooleanField(
        _("several badges per A4 sheet"), default=False,
        help_text=_("4 A6 badges or 9 cards on each A4 page, with cutting guides."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=BadgeBatchStatus.choices,
        default=BadgeBatchStatus.QUEUED,
    )
    total = models.PositiveIntegerField(_("badges"), default=0)
    done = models.PositiveIntegerField(_("drawn"), default=0)
    badges = models.ManyToManyField(Badge, verbose_name=_("badges"), related_name="batches",
                                    blank=True)
    file = models.FileField(_("file"), storage=private_storage, upload_to="badge-batches/",
                            blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    printed_at = models.DateTimeField(_("marked printed"), null=True, blank=True)

    class Meta:
        verbose_name = _("badge batch")
        verbose_name_plural = _("badge batches")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_selection_display()} ({self.total})"

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.status == BadgeBatchStatus.DONE else 0
        return min(100, round(100 * self.done / self.total))
