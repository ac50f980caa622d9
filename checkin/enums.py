from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    ENTRY = "entry", _("Entry")
    EXIT = "exit", _("Exit")


class ScanResult(models.TextChoices):
    ADMITTED = "admitted", _("Admitted")
    ALREADY_CHECKED_IN = "already_checked_in", _("Already checked in")
    NOT_ADMITTED = "not_admitted", _("Not admitted here")
    REVOKED = "revoked", _("Revoked badge")
    UNKNOWN = "unknown", _("Unknown code")
    MALFORMED = "malformed", _("Not a badge code")


class RefusalReason(models.TextChoices):
    """Why a known, valid badge is not admitted at a point."""

    CATEGORY = "category", _("Category not admitted at this point")
    NOT_CONFIRMED = "not_confirmed", _("Registration not confirmed")
    TOO_EARLY = "too_early", _("Before this point opens")
    TOO_LATE = "too_late", _("After this point closes")
    WRONG_EDITION = "wrong_edition", _("Badge of another edition")
    POINT_CLOSED = "point_closed", _("Check-in point is closed")


# Traffic-light colour of each answer on the scanner's screen.
RESULT_COLOUR = {
    ScanResult.ADMITTED: "green",
    ScanResult.ALREADY_CHECKED_IN: "amber",
    ScanResult.NOT_ADMITTED: "red",
    ScanResult.REVOKED: "red",
    ScanResult.UNKNOWN: "red",
    ScanResult.MALFORMED: "red",
}


class ScanMethod(models.TextChoices):
    CAMERA = "camera", _("Camera")
    WEDGE = "wedge", _("Handheld scanner")
    MANUAL = "manual", _("Manual search")


# The values as sets, for the checks made on every scan (``TextChoices.values`` builds a list at
# each call).
SCAN_METHODS = frozenset(ScanMethod.values)
SCAN_RESULTS = frozenset(ScanResult.values)
