from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class FeedbackSettings(models.Model):
    """Per edition: how long rating stays open, and whether speakers may see their results."""

    edition = models.OneToOneField("cms.Edition", verbose_name=_("edition"),
                                   on_delete=models.CASCADE, related_name="feedback_settings")
    days_open_after = models.PositiveSmallIntegerField(
        _("days open after the event"), default=7,
        help_text=_("Attendees may rate sessions until this many days after the last day."))
    released_to_speakers = models.BooleanField(_("results released to speakers"), default=False)

    class Meta:
        verbose_name = _("feedback settings")
        verbose_name_plural = _("feedback settings")

    def __str__(self) -> str:
        return str(self.edition)


class SessionFeedback(models.Model):
    """One attendee's rating of one session: once per account and session, editable."""

    session = models.ForeignKey("cms.Session", verbose_name=_("session"),
                                on_delete=models.PROTECT, related_name="feedback")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("attendee"),
                             on_delete=models.CASCADE, related_name="session_feedback")
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("session rating")
        verbose_name_plural = _("session ratings")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="feedback_once_per_session"),
            models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5),
                                   name="feedback_rating_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}: {self.rating}"
