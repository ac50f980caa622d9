"""Invitations: a person, or an organisation with a number of seats, invited by the organisers.

Each invitation holds a ``registration.SeatReservation`` for its seats from the moment it is
made until its answer deadline; answering turns those seats into registrations (accept,
substitute) or gives them back (decline, expiry, withdrawal).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from conference.common.models import NFCMixin
from conference.common.storage import private_storage
from conference.common.text import fold

from .enums import OPEN_STATUSES, InvitationKind, InvitationStatus


class Invitation(NFCMixin, models.Model):
    wagtail_reference_index_ignore = True

    edition = models.ForeignKey(
        "cms.Edition", verbose_name=_("edition"), on_delete=models.PROTECT,
        related_name="invitations",
    )
    category = models.ForeignKey(
        "registration.Category", verbose_name=_("category"), on_delete=models.PROTECT,
        related_name="invitations",
    )
    kind = models.CharField(_("invited"), max_length=12, choices=InvitationKind.choices,
                            default=InvitationKind.PERSON)
    status = models.CharField(_("status"), max_length=10, choices=InvitationStatus.choices,
                              default=InvitationStatus.DRAFTED, db_index=True)
    public_id = models.CharField(_("link code"), max_length=16, unique=True, editable=False)
    honorific = models.CharField(_("form of address"), max_length=40, blank=True,
                                 help_text=_("Ông, Bà, Mr, Ms, H.E. …"))
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    language = models.CharField(_("language"), max_length=8, default="vi",
                                choices=[("vi", "Tiếng Việt"), ("en", "English")])
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    deadline = models.DateTimeField(_("answer by"))
    note = models.CharField(_("internal note"), max_length=255, blank=True)
    reservation = models.OneToOneField(
        "registration.SeatReservation", verbose_name=_("seat reservation"), null=True,
        blank=True, on_delete=models.PROTECT, related_name="invitation",
    )
    substitute_name = models.CharField(_("substitute"), max_length=150, blank=True)
    decline_reason = models.CharField(_("reason for declining"), max_length=500, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    letter_number = models.PositiveIntegerField(_("letter number"), null=True, blank=True)
    letter_date = models.DateField(_("letter date"), null=True, blank=True)
    search_text = models.CharField(max_length=600, blank=True, editable=False, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    nfc_fields = ("honorific", "full_name", "position", "organisation", "substitute_name")

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["edition", "status"]),
                   models.Index(fields=["status", "deadline"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(seats__gte=1), name="invitation_seats"),
            models.CheckConstraint(
                condition=models.Q(kind="organisation") | models.Q(seats=1),
                name="invitation_person_one_seat",
            ),
            models.UniqueConstraint(fields=["edition", "letter_number"],
                                    name="letter_number_per_edition"),
        ]
        permissions = [
            ("send_invitation", _("Can send invitations and their letters")),
            ("export_invitation", _("Can export invitations")),
        ]

    def __str__(self) -> str:
        return self.addressee

    @property
    def addressee(self) -> str:
        """Who the invitation is for, as a letter names them."""
        if self.kind == InvitationKind.ORGANISATION:
            return self.organisation
        return " ".join(p for p in (self.honorific, self.full_name) if p)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def save(self, *args, **kwargs):
        self.normalise_text()
        self.email = (self.email or "").strip().lower()
        self.search_text = fold(
            f"{self.full_name} {self.email} {self.organisation} {self.position} {self.phone}"
        )[:600]
        super().save(*args, **kwargs)


DEFAULT_BODY_VI = (
    "Thực hiện Chương trình Chuyển đổi số quốc gia, {edition} được tổ chức nhằm đánh giá kết "
    "quả xây dựng Chính phủ số, chia sẻ kinh nghiệm và định hướng giai đoạn tới.\n"
    "Ban Tổ chức trân trọng kính mời {addressee} tới dự với tư cách "
    "{category} ({seats} đại biểu).\n"
    "Thời gian: {date}. Địa điểm: {venue}.\n"
    "Chương trình gồm phiên toàn thể, các phiên chuyên đề và Lễ trao Giải thưởng Chuyển đổi số. "
    "Trang phục: com-lê (nam), áo dài hoặc trang phục công sở (nữ).\n"
    "Đề nghị Quý đại biểu xác nhận tham dự trước {deadline} bằng cách quét mã QR trên giấy mời "
    "này hoặc theo đường dẫn trong thư điện tử gửi kèm.\n"
    "Thông tin liên hệ: Ban Tổ chức, điện thoại 0236 3888 999, email btc@govconf.vn.\n"
    "Rất mong Quý đại biểu tới dự."
)
DEFAULT_BODY_EN = (
    "Within the National Digital Transformation Programme, {edition} reviews the building of "
    "digital government, shares experience and sets the course for the years ahead.\n"
    "The Organising Committee has the honour to invite {addressee} to attend as {category} "
    "({seats} delegate(s)).\n"
    "Date: {date}. Venue: {venue}.\n"
    "The programme includes a plenary session, thematic sessions and the Digital "
    "Transformation Awards ceremony. Dress code: business attire.\n"
    "Kindly confirm your attendance by {deadline} by scanning the QR code on this letter or "
    "through the link in the accompanying e-mail.\n"
    "Contact: the Organising Committee, phone +84 236 3888 999, email btc@govconf.vn.\n"
    "We look forward to welcoming you."
)


class LetterTemplate(models.Model):
    """The official letter (giấy mời) of one edition: the issuing body, the signer, the body
    text with placeholders, and the counter that numbers the letters without gaps.

    ``next_number`` is locked (SELECT ... FOR UPDATE) in the transaction that gives a letter its
    number, so two letters never share one and a rolled-back letter gives its number back.
    """

    PLACEHOLDERS = ("addressee", "name", "title", "organisation", "seats", "deadline",
                    "category", "edition", "venue", "date", "link")

    edition = models.OneToOneField("cms.Edition", verbose_name=_("edition"),
                                   on_delete=models.PROTECT, related_name="letter_template")
    parent_body = models.CharField(_("parent body (Vietnamese)"), max_length=150,
                                   default="BỘ THÔNG TIN VÀ TRUYỀN THÔNG")
    parent_body_en = models.CharField(_("parent body (English)"), max_length=150,
                                      default="MINISTRY OF INFORMATION AND COMMUNICATIONS")
    issuing_body = models.CharField(_("issuing body (Vietnamese)"), max_length=150,
                                    default="CỤC CHUYỂN ĐỔI SỐ QUỐC GIA")
    issuing_body_en = models.CharField(_("issuing body (English)"), max_length=150,
                                       default="NATIONAL DIGITAL TRANSFORMATION AGENCY")
    number_suffix = models.CharField(_("number suffix"), max_length=30, default="GM-CĐSQG",
                                     help_text=_("Số: 12/GM-CĐSQG"))
    place = models.CharField(_("place (Vietnamese)"), max_length=60, default="Đà Nẵng")
    place_en = models.CharField(_("place (English)"), max_length=60, default="Da Nang")
    subject = models.CharField(_("subject (Vietnamese)"), max_length=255, blank=True,
                               default="Về việc tham dự Hội nghị Chính phủ số")
    subject_en = models.CharField(_("subject (English)"), max_length=255, blank=True,
                                  default="Attending the National Conference on Digital "
                                          "Government")
    body = models.TextField(_("body (Vietnamese)"), default=DEFAULT_BODY_VI,
                            help_text=_("One paragraph per line. Placeholders: {addressee} (name, "
                                        "title and organisation), {name}, {title}, "
                                        "{organisation}, {seats}, {deadline}, {category}, "
                                        "{edition}, {venue}, {date}, {link}."))
    body_en = models.TextField(_("body (English)"), default=DEFAULT_BODY_EN)
    signer_authority = models.CharField(_("signing authority (Vietnamese)"), max_length=60,
                                        blank=True, default="KT. CỤC TRƯỞNG")
    signer_authority_en = models.CharField(_("signing authority (English)"), max_length=60,
                                           blank=True, default="FOR THE DIRECTOR GENERAL")
    signer_title = models.CharField(_("signer's title (Vietnamese)"), max_length=100,
                                    default="PHÓ CỤC TRƯỞNG")
    signer_title_en = models.CharField(_("signer's title (English)"), max_length=100,
                                       default="DEPUTY DIRECTOR GENERAL")
    signer_name = models.CharField(_("signer's name"), max_length=100, default="Nguyễn Phú Tiến")
    recipients = models.TextField(_("“Nơi nhận” (Vietnamese)"),
                                  default="Như trên;\nBan Tổ chức Hội nghị;\nLưu: VT, BTC.")
    recipients_en = models.TextField(_("distribution (English)"),
                                     default="As above;\nOrganising Committee;\nArchived.")
    next_number = models.PositiveIntegerField(_("next letter number"), default=1)

    class Meta:
        verbose_name = _("invitation letter template")
        verbose_name_plural = _("invitation letter templates")

    def __str__(self) -> str:
        return str(self.edition)

    def clean(self):
        from django.core.exceptions import ValidationError

        from .letters import unknown_placeholders

        errors = {}
        for name in ("body", "body_en"):
            unknown = unknown_placeholders(getattr(self, name))
            if unknown:
                errors[name] = _("Unknown placeholders: %(names)s.") % {
                    "names": ", ".join(f"{{{n}}}" for n in unknown)}
        if errors:
            raise ValidationError(errors)


class LetterBatchStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class LetterBatch(models.Model):
    """Letters of many invitations rendered into one PDF by a task (and, if asked, each one
    e-mailed to its invitee), with progress (``done`` of ``total``) for the admin."""

    edition = models.ForeignKey("cms.Edition", verbose_name=_("edition"),
                                on_delete=models.PROTECT, related_name="+")
    invitations = models.ManyToManyField(Invitation, verbose_name=_("invitations"),
                                         related_name="letter_batches", blank=True)
    send = models.BooleanField(_("e-mail each letter"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=LetterBatchStatus.choices,
                              default=LetterBatchStatus.QUEUED)
    total = models.PositiveIntegerField(_("letters"), default=0)
    done = models.PositiveIntegerField(_("letters made"), default=0)
    file = models.FileField(_("file"), storage=private_storage, upload_to="letter-batches/",
                            blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"),
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("letter batch")
        verbose_name_plural = _("letter batches")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} ({self.total})"

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.status == LetterBatchStatus.DONE else 0
        return min(100, round(100 * self.done / self.total))
