from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeatingConfig(AppConfig):
    name = "conference.seating"
    label = "seating"
    verbose_name = _("Protocol seating")

    def ready(self):
        # Registers the rules; connects the answers to registration's and check-in's signals.
        from . import permissions, receivers  # noqa: F401
