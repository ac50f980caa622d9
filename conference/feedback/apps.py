from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "conference.feedback"
    label = "feedback"
    verbose_name = _("Session feedback")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (rules)
