from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "conference.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the rules)
