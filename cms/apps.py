from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Content")

    def ready(self):
        from conference.common.navigation import register_nav_item

        from . import permissions, receivers  # noqa: F401 (rules registered on import)

        receivers.connect()
        register_nav_item("agenda", _("Agenda"), "cms:agenda", order=20)
        register_nav_item("speakers", _("Speakers"), "cms:speakers", order=25)
        register_nav_item("news", _("News"), "cms:news", order=40)
        register_nav_item("my_agenda", _("My agenda"), "cms:my_agenda", order=60)
        register_nav_item("search", _("Search"), "cms:search", order=90)
