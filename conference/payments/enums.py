from django.db import models
from django.utils.translation import gettext_lazy as _


class TransferStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting transfer")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")


class PaidVia(models.TextChoices):
    STATEMENT = "statement", _("Bank statement")
    MANUAL = "manual", _("Marked paid by hand")


class LineOutcome(models.TextChoices):
    """What matching found for a statement line."""

    MATCHED = "matched", _("Matched: registration confirmed")
    PARTIAL = "partial", _("Less than the amount due")
    OVERPAID = "overpaid", _("More than the amount due")
    ALREADY_PAID = "already_paid", _("Registration already paid (duplicate payment)")
    NOT_PAYABLE = "not_payable", _("Registration no longer awaiting payment")
    AMBIGUOUS = "ambiguous", _("Several references in the description")
    UNKNOWN = "unknown", _("No known reference")


class LineResolution(models.TextChoices):
    AUTOMATIC = "automatic", _("Confirmed automatically")
    OPEN = "open", _("To resolve")
    CONFIRMED = "confirmed", _("Accepted as payment")
    DISMISSED = "dismissed", _("Dismissed")


class StripePaymentStatus(models.TextChoices):
    OPEN = "open", _("Waiting for payment")
    PAID = "paid", _("Paid")
    EXPIRED = "expired", _("Expired")
    REFUNDED = "refunded", _("Refunded")
    PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")


class RefundStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Refunded")
    FAILED = "failed", _("Failed")
