from django.apps import AppConfig


class WagtailVietnameseConfig(AppConfig):
    """Holds locale/vi/LC_MESSAGES/django.po: Vietnamese for every string of Wagtail's admin.

    An app rather than an entry of LOCALE_PATHS so that its place in INSTALLED_APPS, after our own
    apps and before Wagtail's, gives the right precedence: our apps' translations of a shared
    msgid ("Status", "Rejected", "description") win over it, and it wins over Wagtail's own.
    No gettext calls here, so `make messages` never writes into this locale directory.
    """

    name = "cms.wagtail_vi"
    label = "wagtail_vi"
