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
