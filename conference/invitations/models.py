"""Invitations: a person, or an organisation with a number of seats, invited by the organisers.

Each invitation holds a ``registration.SeatReservation`` for its seats from the moment it is
made until its answer deadline; answering turns those seats into registrations (accept,
substitute) or gives them back (decline, expiry, withdrawal).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from conference.common.models import NFCMixin
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
