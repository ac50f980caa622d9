from django.core.management.base import BaseCommand

from conference.registration.badges.services import resume_stale_badge_batches


class Command(BaseCommand):
    help = ("Queue again the badge batches whose worker died while drawing them (their lease "
            "ran out): the next worker takes them over. Run every minute (cron or a timer).")

    def handle(self, *args, **options):
        self.stdout.write(f"resumed {resume_stale_badge_batches()} badge batch(es)")
