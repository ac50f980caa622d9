from django.db import models
from django.utils.translation import gettext_lazy as _


class RegistrationStatus(models.TextChoices):
    # Seats are held (count against quotas) in HELD, AWAITING_PAYMENT, PENDING_APPROVAL, CONFIRMED.
    HELD = "held", _("Held, not finished")
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
    PENDING_APPROVAL = "pending_approval", _("Pending approval")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")


SEAT_HOLDING_STATUSES = (
    RegistrationStatus.HELD,
    RegistrationStatus.AWAITING_PAYMENT,
    RegistrationStatus.PENDING_APPROVAL,
    RegistrationStatus.CONFIRMED,
)


class BadgeSelection(models.TextChoices):
    ALL = "all", _("All confirmed attendees")
    NOT_PRINTED = "not_printed", _("Badges not printed yet")
    CATEGORY = "category", _("One category")
    CATEGORY_NOT_PRINTED = "category_not_printed", _("One category, not printed yet")


class BadgeSize(models.TextChoices):
    A6 = "a6", _("A6 (105 × 148 mm)")
    CR80 = "cr80", _("CR80 card (54 × 86 mm)")


class BadgeBatchStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


# Holds that lapse after hold_expires_at; the others hold their seat until a person decides.
EXPIRING_STATUSES = (RegistrationStatus.HELD, RegistrationStatus.AWAITING_PAYMENT)
FIRM_STATUSES = (RegistrationStatus.PENDING_APPROVAL, RegistrationStatus.CONFIRMED)


class DocumentKind(models.TextChoices):
    """What a category may ask each attendee to upload (press accreditation)."""

    PRESS_CARD = "press_card", _("Press card")
    PHOTO = "photo", _("Portrait photo")


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Text")
    CHOICE = "choice", _("Choice")
    YES_NO = "yes_no", _("Yes / no")


class WaitingListStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    OFFERED = "offered", _("Offered a seat")
    ACCEPTED = "accepted", _("Registered")
    EXPIRED = "expired", _("Offer expired")
    CANCELLED = "cancelled", _("Left the list")


class PaymentMethod(models.TextChoices):
    FREE = "free", _("Free")
    STRIPE = "stripe", _("Card (Stripe)")
    BANK_TRANSFER = "bank_transfer", _("Bank transfer (VietQR)")


class OrganisationType(models.TextChoices):
    """The kind of organisation a delegate comes from, as the organisers' report counts them."""

    CENTRAL_GOVERNMENT = "central", _("Ministry or central agency")
    LOCAL_GOVERNMENT = "local", _("Provincial or local government")
    STATE_ENTERPRISE = "state_enterprise", _("State-owned enterprise")
    PRIVATE_ENTERPRISE = "private_enterprise", _("Private enterprise")
    FOREIGN = "foreign", _("Foreign or international organisation")
    ACADEMIC = "academic", _("University or research institute")
    PRESS = "press", _("Press and media")
    ASSOCIATION = "association", _("Association or non-profit")
    OTHER = "other", _("Other organisation")
