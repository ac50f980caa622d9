from django.core.management.base import BaseCommand

from conference.invitations.services import expire_invitations, send_reminders


class Command(BaseCommand):
    help = ("Expire invitations past their answer deadline (their seats go back to sale and to "
            "the waiting list) and send the reminders due, each once. Run every few minutes, "
            "next to expire_holds.")

    def handle(self, *args, **options):
        reminded = send_reminders()
        result = expire_invitations()
        self.stdout.write(
            f"reminded {reminded}; expired {result['expired']} invitation(s); released the "
            f"unnamed seats of {result['released']} organisation(s)"
        )
