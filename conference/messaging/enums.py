from django.db import models
from django.utils.translation import gettext_lazy as _


class BroadcastStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    CANCELLED = "cancelled", _("Cancelled")


class CheckedIn(models.TextChoices):
    ANY = "", _("Either")
    YES = "yes", _("Checked in there")
    NO = "no", _("Not checked in there")
