from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "conference.messaging"
    label = "messaging"
    verbose_name = _("Messages to delegates")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (rules)
