from django.core.management.base import BaseCommand

from conference.payments.services import send_transfer_reminders


class Command(BaseCommand):
    help = "Email payers whose bank-transfer hold ends within BANK_TRANSFER_REMINDER_HOURS (once)."

    def handle(self, *args, **options):
        sent = send_transfer_reminders()
        self.stdout.write(f"{sent} reminder(s) queued")
