from django.db import models
from django.utils.translation import gettext_lazy as _


class Numbering(models.TextChoices):
    LEFT_TO_RIGHT = "ltr", _("1, 2, 3 … from the left")
    RIGHT_TO_LEFT = "rtl", _("1, 2, 3 … from the right")
    # Vietnamese halls often number from the centre aisle: odd seats to one side, even to the other.
    ODD_EVEN = "odd_even", _("Odd on the left, even on the right, from the centre")


class BlockKind(models.TextChoices):
    VIP = "vip", _("VIP")
    SPEAKERS = "speakers", _("Speakers")
    DELEGATION = "delegation", _("Delegation")
    PRESS = "press", _("Press")
    OTHER = "other", _("Reserved")


class AssignedHow(models.TextChoices):
    HAND = "hand", _("By hand")
    RULE = "rule", _("By rule")
