from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "conference.certificates"
    label = "certificates"
    verbose_name = _("Attendance certificates")

    def ready(self) -> None:
        from . import permissions, receivers  # noqa: F401  (rules; signal receivers)
