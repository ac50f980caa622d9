"""Categories, registrations, attendees and their badge codes.

A Registration is one submission (one person, or a delegation registered by one contact) and owns
the payment; each Attendee in it has their own badge and email. Quotas count attendees whose
registration holds seats (see enums.SEAT_HOLDING_STATUSES).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conference.common.i18n import localized
from conference.common.models import NFCMixin
from conference.common.storage import private_storage
from conference.common.text import fold

from .enums import (
    BadgeBatchStatus,
    BadgeSelection,
    BadgeSize,
    DocumentKind,
    OrganisationType,
    QuestionKind,
    RegistrationStatus,
    WaitingListStatus,
)
from .provinces import Province


class RegistrationSettings(models.Model):
    """Registration rules of one edition: venue capacity, hold length, consent text.

    The row is also the lock that serialises seat-taking across the edition's categories, so that
    the venue capacity shared by all categories is never exceeded (see services.start_registration).
    """

    edition = models.OneToOneField(
        "cms.Edition", verbose_name=_("edition"), on_delete=models.PROTECT,
        related_name="registration_settings",
    )
    is_open = models.BooleanField(_("registration open"), default=True)
    venue_capacity = models.PositiveIntegerField(
        _("venue capacity"), default=1000,
        help_text=_("Seats in the venue, shared by all categories."),
    )
    hold_minutes = models.PositiveSmallIntegerField(
        _("hold (minutes)"), default=30,
        help_text=_("How long seats are held while payment is pending."),
    )
    offer_hours = models.PositiveSmallIntegerField(
        _("waiting-list offer (hours)"), default=24,
        help_text=_("How long a waiting-list offer stays valid."),
    )
    max_delegation_size = models.PositiveSmallIntegerField(
        _("largest delegation"), default=20,
    )
    attendee_cancel_refund = models.BooleanField(
        _("refund attendees who cancel"), default=True,
        help_text=_("Refund paid registrations in full when the attendee cancels."),
    )
    retention_days = models.PositiveSmallIntegerField(
        _("keep personal data (days after the edition)"), default=365,
        help_text=_("After this, anonymise_edition erases attendees' personal data."),
    )
    consent_version = models.CharField(_("consent text version"), max_length=20, default="1")
    consent_text = models.TextField(_("consent text (Vietnamese)"))
    consent_text_en = models.TextField(_("consent text (English)"), blank=True)

    class Meta:
        verbose_name = _("registration settings")
        verbose_name_plural = _("registration settings")

    def __str__(self) -> str:
        return str(self.edition)


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
    invitees_pay = models.BooleanField(
        _("invited delegates pay"), default=False,
        help_text=_("Invited delegates pay the price too; otherwise accepting an invitation "
                    "confirms without payment."),
    )
    badge_color = models.CharField(_("badge colour"), max_length=7, default="#0B4F9C")
    role_label = models.CharField(
        _("role on badge (Vietnamese)"), max_length=40, blank=True, help_text="ĐẠI BIỂU"
    )
    role_label_en = models.CharField(_("role on badge (English)"), max_length=40, blank=True)
    is_public = models.BooleanField(_("shown on the registration page"), default=True)
    asks_press_card = models.BooleanField(
        _("asks for a press card"), default=False,
        help_text=_("Press accreditation: each attendee uploads a scan of their press card."),
    )
    asks_photo = models.BooleanField(
        _("asks for a portrait photo"), default=False,
        help_text=_("Each attendee uploads a portrait photo (for the badge)."),
    )
    photo_on_badge = models.BooleanField(
        _("print photos on badges"), default=False,
        help_text=_("Badges of this category carry the attendee's portrait photo."),
    )
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


class Question(models.Model):
    """An extra question asked of each attendee of a category."""

    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.CASCADE, related_name="questions"
    )
    key = models.SlugField(_("key"), max_length=50)
    label = models.CharField(_("question (Vietnamese)"), max_length=255)
    label_en = models.CharField(_("question (English)"), max_length=255, blank=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.TEXT
    )
    choices = models.TextField(
        _("choices (Vietnamese)"), blank=True, help_text=_("One choice per line.")
    )
    choices_en = models.TextField(
        _("choices (English)"), blank=True,
        help_text=_("One choice per line, in the same order as the Vietnamese ones."),
    )
    required = models.BooleanField(_("required"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["category", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["category", "key"], name="question_key_per_category"),
        ]

    def __str__(self) -> str:
        return localized(self, "label")

    def choice_list(self) -> list[tuple[str, str]]:
        """(stored value, label in the current language); the Vietnamese text is the value."""
        values = [c.strip() for c in self.choices.splitlines() if c.strip()]
        labels_en = [c.strip() for c in self.choices_en.splitlines() if c.strip()]
        from django.utils import translation

        english = (translation.get_language() or "vi").startswith("en")
        if english and len(labels_en) == len(values):
            return list(zip(values, labels_en, strict=True))
        return [(v, v) for v in values]


class InvitationCode(models.Model):
    """A code that unlocks an invitation-only category (speakers, VIPs), for a number of uses."""

    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.CASCADE,
        related_name="invitation_codes",
    )
    code = models.CharField(_("code"), max_length=40, unique=True)
    max_uses = models.PositiveSmallIntegerField(_("uses allowed"), default=1)
    used_count = models.PositiveSmallIntegerField(_("times used"), default=0, editable=False)
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("invitation code")
        verbose_name_plural = _("invitation codes")
        ordering = ["category", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(used_count__lte=models.F("max_uses")),
                name="invitation_code_not_overused",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs):
        self.code = (self.code or "").strip().upper()
        super().save(*args, **kwargs)


class SeatReservation(models.Model):
    """Seats of a category set aside for someone who has not registered yet (an invitation).

    Its seats count against the category's quota and the venue capacity (queries.seats_taken)
    while it is live: not released and ``expires_at`` in the future. It is taken under the same
    locks as a registration (services.reserve_seats) and turns into registrations when the
    people it was set aside for register against it (``StartRegistration(reservation=...)``):
    each of their seats moves from ``quantity - used`` to a registration, so the count never
    changes on the way.
    """

    wagtail_reference_index_ignore = True

    edition = models.ForeignKey(
        "cms.Edition", verbose_name=_("edition"), on_delete=models.PROTECT, related_name="+",
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT,
        related_name="reservations",
    )
    quantity = models.PositiveSmallIntegerField(_("seats"))
    used = models.PositiveSmallIntegerField(_("seats registered"), default=0)
    expires_at = models.DateTimeField(_("held until"))
    released_at = models.DateTimeField(_("released"), null=True, blank=True)
    purpose = models.CharField(_("reserved for"), max_length=100, blank=True)
    free_of_charge = models.BooleanField(_("free of charge"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("seat reservation")
        verbose_name_plural = _("seat reservations")
        indexes = [models.Index(fields=["edition", "released_at", "expires_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(used__lte=models.F("quantity")),
                                   name="reservation_not_overused"),
        ]

    def __str__(self) -> str:
        return self.purpose or f"#{self.pk}"

    @property
    def remaining(self) -> int:
        return self.quantity - self.used


class ApiKey(models.Model):
    """A key for writes to the JSON registration API, issued to a kiosk or partner site.

    The key is shown once when issued; only its SHA-256 is stored (like scanner devices). A
    revoked key is refused. Registrations made with it name it.
    """

    name = models.CharField(_("name"), max_length=100,
                            help_text=_("The kiosk or partner site that uses the key."))
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_hint = models.CharField(_("key starts with"), max_length=8, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    revoked_reason = models.CharField(_("reason for revoking"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("registration API key")
        verbose_name_plural = _("registration API keys")
        ordering = ["revoked_at", "-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_hint}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Registration(models.Model):
    """One submission: a single attendee, or a delegation registered by its contact."""

    # Wagtail's reference index ("usage" in the admin) would queue a task for every registration,
    # inside the capacity lock; a transactional row needs none (its foreign keys are PROTECT).
    wagtail_reference_index_ignore = True

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
    quantity = models.PositiveSmallIntegerField(
        _("seats"), default=1, help_text=_("Number of attendees in this registration.")
    )
    payment_method = models.CharField(_("payment method"), max_length=20, blank=True)
    invitation_code = models.ForeignKey(
        InvitationCode, verbose_name=_("invitation code"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="registrations",
    )
    reservation = models.ForeignKey(
        SeatReservation, verbose_name=_("seat reservation"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="registrations",
    )
    # Where it came from: unpaid seats held are capped per address and per API key's caller.
    client_ip = models.GenericIPAddressField(_("client address"), null=True, blank=True,
                                             editable=False)
    api_key = models.ForeignKey(
        ApiKey, verbose_name=_("API key"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="registrations", editable=False,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    decision_note = models.TextField(_("decision note"), blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
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
        indexes = [
            models.Index(fields=["category", "status"]),
            models.Index(fields=["edition", "status"]),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="registration_seats"),
        ]
        permissions = [
            ("approve_registration", _("Can approve and reject registrations")),
            ("cancel_registration", _("Can cancel registrations and refund")),
            ("export_registration", _("Can export registrations")),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_active(self) -> bool:
        return self.status in (
            RegistrationStatus.HELD, RegistrationStatus.AWAITING_PAYMENT,
            RegistrationStatus.PENDING_APPROVAL, RegistrationStatus.CONFIRMED,
        )


class Attendee(NFCMixin, models.Model):
    """One person who comes to the conference; has their own badge and email."""

    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE,
        related_name="attendees",
    )
    full_name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, blank=True)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    organisation_type = models.CharField(_("type of organisation"), max_length=20, blank=True,
                                         choices=OrganisationType.choices)
    # The 34 provinces and cities since 2025 (older names are mapped by provinces.province_code).
    province = models.CharField(_("province or city"), max_length=20, blank=True,
                                choices=Province.choices)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    language = models.CharField(
        _("preferred language"), max_length=8, default="vi",
        choices=[("vi", "Tiếng Việt"), ("en", "English")],
    )
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="attendances",
    )
    search_text = models.CharField(max_length=600, blank=True, editable=False, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["registration", "id"]
        indexes = [models.Index(fields=["email"])]

    def __str__(self) -> str:
        return self.full_name

    nfc_fields = ("full_name", "position", "organisation")

    def save(self, *args, **kwargs):
        self.normalise_text()  # NFC first: fields below derive from it
        self.email = (self.email or "").strip().lower()
        self.search_text = fold(
            f"{self.full_name} {self.email} {self.phone} {self.organisation}"
        )[:600]
        super().save(*args, **kwargs)


class AttendeeDocument(models.Model):
    """A file a category asks of an attendee: a press card scan or a portrait photo.

    Kept in private storage and handed out only to the registration desk (admin_views.document);
    checked by its content when uploaded (services.upload_attendee_document).
    """

    attendee = models.ForeignKey(Attendee, verbose_name=_("attendee"), on_delete=models.CASCADE,
                                 related_name="documents")
    kind = models.CharField(_("kind of document"), max_length=12, choices=DocumentKind.choices)
    file = models.FileField(_("file"), storage=private_storage,
                            upload_to="attendee-documents/")
    content_type = models.CharField(_("content type"), max_length=40)
    sha256 = models.CharField(max_length=64, editable=False)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now=True)

    class Meta:
        verbose_name = _("attendee document")
        verbose_name_plural = _("attendee documents")
        constraints = [
            models.UniqueConstraint(fields=["attendee", "kind"],
                                    name="one_document_of_a_kind_per_attendee"),
        ]

    def __str__(self) -> str:
        return f"{self.attendee} · {self.get_kind_display()}"


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
    # The worker drawing the batch holds a lease it renews as it draws; a lease that ran out
    # means the worker died (killed, redeployed), and another may take the batch over.
    lease_token = models.CharField(_("worker lease"), max_length=32, blank=True)
    leased_until = models.DateTimeField(_("worker lease until"), null=True, blank=True)
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

    @property
    def is_stale(self) -> bool:
        """Running, but its worker stopped renewing the lease: the worker died."""
        return self.status == BadgeBatchStatus.RUNNING and (
            self.leased_until is None or self.leased_until < timezone.now()
        )

    @property
    def can_retry(self) -> bool:
        return self.status == BadgeBatchStatus.FAILED or self.is_stale


class WaitingListEntry(NFCMixin, models.Model):
    """A person waiting for a seat in a full category; offered freed seats in order."""

    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT,
        related_name="waiting_list",
    )
    full_name = models.CharField(_("full name"), max_length=150)
    email = models.EmailField(_("email"))
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    language = models.CharField(_("language"), max_length=8, default="vi")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=WaitingListStatus.choices,
        default=WaitingListStatus.WAITING, db_index=True,
    )
    offered_at = models.DateTimeField(_("offered"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires"), null=True, blank=True)
    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("waiting-list entry")
        verbose_name_plural = _("waiting list")
        ordering = ["category", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "email"],
                condition=models.Q(status__in=["waiting", "offered"]),
                name="one_waiting_entry_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>"

    nfc_fields = ("full_name",)

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)
