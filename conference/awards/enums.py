from django.db import models
from django.utils.translation import gettext_lazy as _


class NominationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ELIGIBLE = "eligible", _("Eligible")
    INELIGIBLE = "ineligible", _("Ineligible")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    FINALIST = "finalist", _("Finalist")
    WINNER = "winner", _("Winner")
    NOT_SELECTED = "not_selected", _("Not selected")


class NominationKind(models.TextChoices):
    SELF = "self", _("I am nominating myself")
    OTHER = "other", _("I am nominating someone else")


class Sector(models.TextChoices):
    """Where the nominee leads; a category may be reserved for one sector."""

    PROVINCIAL = "provincial", _("Provincial or city government")
    DEPARTMENT = "department", _("Department, agency or district")
    ENTERPRISE = "enterprise", _("Enterprise")
    EDUCATION = "education", _("Education")
    OTHER = "other", _("Other organisation")


class ConsentState(models.TextChoices):
    PENDING = "pending", _("Waiting for the nominee")
    GIVEN = "given", _("Given")
    DECLINED = "declined", _("Declined")


# Statuses past screening: these are judged, ranked and may be published.
JUDGED = (
    NominationStatus.ELIGIBLE, NominationStatus.SHORTLISTED, NominationStatus.FINALIST,
    NominationStatus.WINNER, NominationStatus.NOT_SELECTED,
)
# Statuses open to the public vote.
VOTABLE = (NominationStatus.SHORTLISTED, NominationStatus.FINALIST)
