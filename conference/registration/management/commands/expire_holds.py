from django.core.management.base import BaseCommand

from conference.registration.services import expire_holds


class Command(BaseCommand):
    help = ("Expire lapsed seat holds and waiting-list offers, close their Stripe sessions and "
            "offer the freed seats to the waiting list. Run every minute (cron or a timer).")

    def handle(self, *args, **options):
        result = expire_holds()
        self.stdout.write(
            f"expired {result['expired']} hold(s), {result['offers_expired']} offer(s); "
            f"offered {result['offered']} seat(s)"
        )
