from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "conference.common"
    label = "common"
    verbose_name = _("Common")

    def ready(self) -> None:
        from . import permissions, receivers  # noqa: F401  (rules, anymail tracking)
