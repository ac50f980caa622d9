from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "conference.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from .roles import sync_roles_after_migrate

        # After every migrate, so that permissions of apps added later join their roles.
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="govconf_sync_roles")
