import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from conference.accounts.roles import ORGANIZER, sync_roles
from conference.common.links import site_url

DEMO_ORGANIZER_EMAIL = "organizer@govconf.local"


class Command(BaseCommand):
    help = "Load the demo 2024 edition and a demo organizer account. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--password", help="Password for the demo organizer account.")

    def handle(self, *args, password=None, **options):
        with transaction.atomic():
            for path in settings.GOVCONF_DEMO_LOADERS:
                self.stdout.write(f"loading {path}")
                import_string(path)()
            sync_roles()
            password = self._organizer(password)
        self.stdout.write(self.style.SUCCESS("Demo edition loaded."))
        if password:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo organizer: {DEMO_ORGANIZER_EMAIL} / {password}  "
                    f"(log in at {site_url('/admin/')})"
                )
            )
        else:
            self.stdout.write(
                f"Demo organizer {DEMO_ORGANIZER_EMAIL} already exists; its password was kept "
                "(set a new one with: python manage.py load_demo --password ...)."
            )

    def _organizer(self, password: str | None) -> str | None:
        from allauth.account.models import EmailAddress

        User = get_user_model()
        user = User.objects.filter(email=DEMO_ORGANIZER_EMAIL).first()
        created = user is None
        if created:
            user = User(email=DEMO_ORGANIZER_EMAIL, last_name="Ban", first_name="Tổ chức",
                        is_staff=True, is_superuser=True)
        if created or password:
            password = password or secrets.token_urlsafe(9)
            user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name=ORGANIZER))
        EmailAddress.objects.update_or_create(
            user=user, email=DEMO_ORGANIZER_EMAIL, defaults={"verified": True, "primary": True}
        )
        secret_file = settings.BASE_DIR / "var" / "demo-organizer-password.txt"
        if created or password:
            secret_file.parent.mkdir(parents=True, exist_ok=True)
            secret_file.write_text(password)
            return password
        # Print the login again on later runs, as long as nobody changed the password.
        if secret_file.exists() and user.check_password(secret_file.read_text().strip()):
            return secret_file.read_text().strip()
        return None
