from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "conference.payments"
    label = "payments"
    verbose_name = _("Payments")

    def ready(self) -> None:
        # Registers the rules; connects the receivers.
        from . import permissions, receivers  # noqa: F401
