from django.db import models
from django.utils.translation import gettext_lazy as _


class InvitationKind(models.TextChoices):
    PERSON = "person", _("A person")
    ORGANISATION = "organisation", _("An organisation (names its delegates)")


class InvitationStatus(models.TextChoices):
    DRAFTED = "drafted", _("Drafted")
    SENT = "sent", _("Sent")
    OPENED = "opened", _("Opened")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: Invitations waiting for an answer: their seats are held until the deadline.
OPEN_STATUSES = (InvitationStatus.DRAFTED, InvitationStatus.SENT, InvitationStatus.OPENED)
#: Invitations the invitee may still answer through the link.
ANSWERABLE_STATUSES = (InvitationStatus.SENT, InvitationStatus.OPENED)
