from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationConfig(AppConfig):
    name = "conference.registration"
    label = "registration"
    verbose_name = _("Registration")

    def ready(self) -> None:
        from conference.common.navigation import register_nav_item

        from . import permissions  # noqa: F401  (registers the rules)
        from .config_cache import connect_receivers

        connect_receivers()

        register_nav_item("register", _("Attend"), "registration:start", order=40)
