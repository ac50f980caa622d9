from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "conference.awards"
    label = "awards"
    verbose_name = _("Awards")

    def ready(self) -> None:
        from conference.common.navigation import register_nav_item

        from . import permissions  # noqa: F401  (registers the rules)

        register_nav_item("awards", _("Awards"), "awards:index", order=60)

        from . import receivers

        receivers.connect()
