from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "conference.awards"
    label = "awards"
    verbose_name = _("Awards")

    def ready(self) -> None:
        from conference.accounts.roles import require_mfa_when
        from conference.common.navigation import register_nav_item

        from . import permissions  # registers the rules

        # A judge reads private evidence: on a panel, with or without the Judge group.
        require_mfa_when(permissions.sits_on_a_panel)

        register_nav_item("awards", _("Awards"), "awards:index", order=60)

        from . import receivers

        receivers.connect()
