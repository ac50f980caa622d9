"""Check-in points, scanner devices and the scans they record.

How a venue works here (the rules perform_scan applies):

* An **entry** point admits the categories chosen for it (none chosen: every category) during
  its optional time window. If it is **once** (the awards ceremony, a seated hall) a badge is
  admitted at most once; the second scan answers "already checked in" with when and where. A
  database constraint (``one_open_entry_per_point``) backs this, so two doors scanning the same
  badge at the same instant cannot both admit it. If it is **many** (the main entrance of a
  conference day, where people go out for lunch and come back) every valid scan is admitted and
  the first one is the person's arrival on the dashboard.
* An **exit** point records people leaving. An exit point may be linked to an entry-once point
  (``reopens``): a badge scanned out there may enter that point again (a delegate leaves the
  ceremony hall and comes back); the earlier entry scan is marked ``left_at``.
* A scan made offline that the scanner admitted, but which the server finds already admitted at
  the same point, is kept as admitted (the person is inside) and marked as a **conflict** with the
  first admission; conflicts are listed on the dashboard.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from conference.common.i18n import localized

from .enums import Direction, RefusalReason, ScanMethod, ScanResult

# A door linked to a session, without a window of its own, opens this long before the session.
OPENS_BEFORE_SESSION = timedelta(minutes=30)


class CheckinPoint(models.Model):
    """A door, hall or ceremony where staff scan badges."""

    edition = models.ForeignKey(
        "cms.Edition", verbose_name=_("edition"), on_delete=models.PROTECT,
        related_name="checkin_points",
    )
    name = models.CharField(_("name (Vietnamese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    categories = models.ManyToManyField(
        "registration.Category", verbose_name=_("categories admitted"), blank=True,
        related_name="checkin_points",
        help_text=_("Leave empty to admit every category of the edition."),
    )
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.ENTRY
    )
    once = models.BooleanField(
        _("a badge may enter only once"), default=True,
        help_text=_(
            "Untick for doors people pass many times a day (the main entrance); tick for the "
            "ceremony or a seated hall."
        ),
    )
    reopens = models.ForeignKey(
        "self", verbose_name=_("lets badges enter again at"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="exits",
        limit_choices_to={"direction": Direction.ENTRY},
        help_text=_("For an exit point: a badge scanned out here may enter that point again."),
    )
    session = models.ForeignKey(
        "cms.Session", verbose_name=_("session"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="checkin_points",
        help_text=_(
            "Optional: the session held behind this door. Without a time window of its own the "
            "point then opens 30 minutes before the session starts and closes when it ends, "
            "and follows the session if it is moved."
        ),
    )
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("check-in point")
        verbose_name_plural = _("check-in points")
        ordering = ["edition", "sort_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__isnull=True)
                | models.Q(opens_at__isnull=True)
                | models.Q(closes_at__gt=models.F("opens_at")),
                name="checkin_point_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return localized(self, "name")

    @property
    def is_entry(self) -> bool:
        return self.direction == Direction.ENTRY

    def clean(self) -> None:
        super().clean()
        if self.session_id and self.edition_id and self.session.edition_id != self.edition_id:
            raise ValidationError(
                {"session": _("Choose a session of the same edition as the check-in point.")}
            )

    def window(self) -> tuple[datetime | None, datetime | None]:
        """When the point admits: its own opening and closing times where set, otherwise those of
        its linked session (from 30 minutes before it starts until it ends)."""
        opens, closes = self.opens_at, self.closes_at
        session = self.session if self.session_id else None
        if session is not None:
            if opens is None:
                opens = session.start - OPENS_BEFORE_SESSION
            if closes is None:
                closes = session.end
        return opens, closes


class Device(models.Model):
    """A phone or handheld scanner registered to a staff account.

    The token is shown once when the device is registered; only its SHA-256 is stored. A revoked
    device's scans and uploads are refused.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff member"), on_delete=models.PROTECT,
        related_name="checkin_devices",
    )
    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_hint = models.CharField(_("token starts with"), max_length=8, editable=False)
    user_agent = models.CharField(_("browser"), max_length=255, blank=True, editable=False)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    revoked_reason = models.CharField(_("reason for revoking"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("scanner device")
        verbose_name_plural = _("scanner devices")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Scan(models.Model):
    """One scan at a point, whatever its answer: the record of who came in, and who was refused.

    Immutable apart from undo (``undone_at``), an exit reopening the entry (``left_at``) and the
    conflict link. Written by checkin.services only.
    """

    # Every scan is an INSERT, and every index one more write: the foreign keys below that lead
    # a composite index (point, attendee, device) or are rarely looked up (category) have no
    # index of their own.
    point = models.ForeignKey(
        CheckinPoint, verbose_name=_("check-in point"), on_delete=models.PROTECT,
        related_name="scans", db_index=False,
    )
    device = models.ForeignKey(
        Device, verbose_name=_("device"), on_delete=models.PROTECT, related_name="scans",
        db_index=False,
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff member"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    nonce = models.CharField(_("nonce"), max_length=64)
    code = models.CharField(_("code read"), max_length=64, blank=True)
    badge = models.ForeignKey(
        "registration.Badge", verbose_name=_("badge"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="scans",
    )
    attendee = models.ForeignKey(
        "registration.Attendee", verbose_name=_("attendee"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="scans", db_index=False,
    )
    # Copied at scan time so the dashboard groups without joining through the registration.
    category = models.ForeignKey(
        "registration.Category", verbose_name=_("category"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", db_index=False,
    )
    method = models.CharField(
        _("read by"), max_length=8, choices=ScanMethod.choices, default=ScanMethod.CAMERA
    )
    result = models.CharField(_("result"), max_length=20, choices=ScanResult.choices)
    reason = models.CharField(
        _("reason"), max_length=20, choices=RefusalReason.choices, blank=True
    )
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    # True for an admission at an entry-once point: the rows the unique constraint guards.
    counts_once = models.BooleanField(default=False, editable=False)
    scanned_at = models.DateTimeField(_("scanned"), db_index=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    offline = models.BooleanField(_("scanned offline"), default=False)
    local_result = models.CharField(
        _("answer shown offline"), max_length=20, choices=ScanResult.choices, blank=True
    )
    conflict_with = models.ForeignKey(
        "self", verbose_name=_("conflicts with"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="conflicts", db_index=False,
    )
    left_at = models.DateTimeField(_("left"), null=True, blank=True)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)

    class Meta:
        verbose_name = _("scan")
        verbose_name_plural = _("scans")
        ordering = ["-scanned_at", "-id"]
        permissions = [
            ("use_scanner", _("Can scan badges with the scanner app")),
            ("use_desk", _("Can work at the registration desk on the day")),
        ]
        constraints = [
            # A retried request (same device, same nonce) must find the first answer.
            models.UniqueConstraint(fields=["device", "nonce"], name="scan_nonce_per_device"),
            # At most one open admission per badge holder at an entry-once point, whatever the
            # number of devices and however the requests race: PostgreSQL refuses the second.
            models.UniqueConstraint(
                fields=["attendee", "point"],
                condition=models.Q(
                    counts_once=True,
                    undone_at__isnull=True,
                    left_at__isnull=True,
                    conflict_with__isnull=True,
                ),
                name="one_open_entry_per_point",
            ),
        ]
        indexes = [
            models.Index(fields=["point", "scanned_at"]),
            models.Index(fields=["attendee", "point"]),
            # The dashboard's conflict list; almost every row has none, so the index stays tiny.
            models.Index(fields=["conflict_with"], condition=models.Q(conflict_with__isnull=False),
                         name="scan_conflicts"),
        ]

    def __str__(self) -> str:
        return f"{self.code} @ {self.point_id}: {self.result}"
