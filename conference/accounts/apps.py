from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "conference.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.models import Group

        from .roles import role_label, sync_roles_after_migrate

        # Group names are identifiers the code looks roles up by ("Organizer"); people read the
        # role's translated label. Everywhere Django and Wagtail print a group goes through
        # str(): the user form's role checkboxes, the users filter, "assign role", page headers
        # and messages. (Wagtail's group listing reads the name field: see wagtail_users.py.)
        Group.__str__ = role_label

        from allauth.mfa.signals import authenticator_added

        from .mfa import record_totp_activation

        authenticator_added.connect(record_totp_activation, dispatch_uid="govconf_totp_activated")

        # After every migrate, so that permissions of apps added later join their roles.
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="govconf_sync_roles")
