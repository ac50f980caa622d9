from django.core.management.base import BaseCommand, CommandError

from cms.models import Edition
from conference.common.exceptions import DomainError
from conference.registration.services import anonymise_edition


class Command(BaseCommand):
    help = ("Erase the personal data of an edition's attendees after its retention period "
            "(Decree 13/2023/ND-CP). Registrations, payments and counts stay, anonymised.")

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--force", action="store_true",
                            help="Erase now, before the retention period is over.")

    def handle(self, *args, year: int, force: bool = False, **options):
        edition = Edition.objects.filter(year=year).first()
        if edition is None:
            raise CommandError(f"No edition {year}.")
        try:
            count = anonymise_edition(edition=edition, force=force)
        except DomainError as exc:
            raise CommandError(str(exc.message)) from None
        self.stdout.write(f"anonymised {count} attendee(s) of {year}")
