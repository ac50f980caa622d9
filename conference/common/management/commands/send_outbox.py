import time

from django.core.management.base import BaseCommand

from conference.common.services import retry_due_messages


class Command(BaseCommand):
    help = "Send queued emails whose retry time has come (run from cron, or with --loop)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running, every --interval s.")
        parser.add_argument("--interval", type=int, default=30)

    def handle(self, *args, loop=False, interval=30, **options):
        while True:
            sent = retry_due_messages()
            self.stdout.write(f"sent {sent}")
            if not loop:
                return
            time.sleep(interval)
