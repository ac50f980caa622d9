import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from conference.accounts.roles import CHECKIN_STAFF, JUDGE, ORGANIZER, REGISTRATION_DESK, sync_roles
from conference.common.links import site_url

DEMO_ORGANIZER_EMAIL = "organizer@govconf.local"
#: The other demo logins, with the organizer's password: (email, family, given, roles, where).
DEMO_STAFF = [
    ("desk@govconf.local", "Bàn", "Đăng ký", (REGISTRATION_DESK, CHECKIN_STAFF), "/admin/"),
    ("judge@govconf.local", "Nguyễn Thanh", "Hải", (JUDGE,), "/awards/judging/"),
]


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
            self._staff(password)
        self.stdout.write(self.style.SUCCESS("Demo edition loaded."))
        if password:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo organizer: {DEMO_ORGANIZER_EMAIL} / {password}  "
                    f"(log in at {site_url('/admin/')})"
                )
            )
            for email, _family, _given, _roles, where in DEMO_STAFF:
                self.stdout.write(self.style.SUCCESS(
                    f"Demo {email.split('@')[0]}: {email} / {password}  "
                    f"(log in at {site_url(where)})"))
        else:
            self.stdout.write(
                f"Demo organizer {DEMO_ORGANIZER_EMAIL} already exists; its password was kept "
                "(set a new one with: python manage.py load_demo --password ...)."
            )

    def _staff(self, password: str | None) -> None:
        """The registration desk and a judge of the 2024 panel, to see each role's screens.
        They take the organizer's password whenever it is set."""
        from allauth.account.models import EmailAddress

        User = get_user_model()
        for email, family, given, roles, _where in DEMO_STAFF:
            user, created = User.objects.get_or_create(
                email=email, defaults={"last_name": family, "first_name": given})
            if password or created:
                user.set_password(password or secrets.token_urlsafe(9))
                user.save()
            user.groups.add(*Group.objects.filter(name__in=roles))
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True})

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
