import time

from django.core.management.base import BaseCommand

from conference.messaging.services import send_due_broadcasts


class Command(BaseCommand):
    help = ("Send messages to delegates whose scheduled time has come (run every minute from "
            "cron, or with --loop).")

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true")
        parser.add_argument("--interval", type=int, default=30)

    def handle(self, *args, loop=False, interval=30, **options):
        while True:
            queued = send_due_broadcasts()
            if queued:
                self.stdout.write(f"queued {queued} emails")
            if not loop:
                return
            time.sleep(interval)
