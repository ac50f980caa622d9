from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionKind(models.TextChoices):
    KEYNOTE = "keynote", _("Keynote")
    TALK = "talk", _("Talk")
    PANEL = "panel", _("Panel discussion")
    CEREMONY = "ceremony", _("Ceremony")
    BREAK = "break", _("Break")


class SpeakerRole(models.TextChoices):
    SPEAKER = "speaker", _("Speaker")
    MODERATOR = "moderator", _("Moderator")
    PANELIST = "panelist", _("Panelist")


class SessionLanguage(models.TextChoices):
    VI = "vi", _("Vietnamese")
    EN = "en", _("English")
    BOTH = "vi-en", _("Vietnamese and English (interpreted)")


class PartnerKind(models.TextChoices):
    ORGANISER = "organiser", _("Organiser")
    CO_ORGANISER = "co_organiser", _("Co-organiser")
    SPONSOR = "sponsor", _("Sponsor")
    MEDIA = "media", _("Media partner")


class MaterialKind(models.TextChoices):
    SLIDES = "slides", _("Slides")
    LIVESTREAM = "livestream", _("Livestream")
    RECORDING = "recording", _("Recording")
    LINK = "link", _("Other link")


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
