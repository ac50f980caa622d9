from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "conference.payments"
    label = "payments"
    verbose_name = _("Payments")

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects the receivers)
