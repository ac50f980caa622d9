"""Prepare the post-event report of an edition and copy its files to a folder.

    python manage.py edition_report --year 2024 --output var/reports
"""

import shutil
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.models import Edition
from conference.reports.enums import ReportStatus
from conference.reports.services import start_report


class Command(BaseCommand):
    help = "Prepare the post-event report (PDF and XLSX, Vietnamese and English) of an edition."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="The edition's year (default: current).")
        parser.add_argument("--output", help="Copy the files to this folder.")

    def handle(self, *args, year=None, output=None, **options):
        edition = (Edition.objects.filter(year=year).first() if year
                   else Edition.current())
        if edition is None:
            raise CommandError(f"No edition for {year}." if year else "No current edition.")
        report = start_report(edition=edition, run_now=True)
        if report.status != ReportStatus.DONE:
            raise CommandError(f"The report failed: {report.error}")
        self.stdout.write(f"Report #{report.pk} of {edition} is ready.")
        for kind in ("pdf_vi", "pdf_en", "xlsx_vi", "xlsx_en"):
            file = report.file(kind)
            if output:
                folder = Path(output)
                folder.mkdir(parents=True, exist_ok=True)
                target = folder / Path(file.name).name
                with file.open("rb") as source, target.open("wb") as handle:
                    shutil.copyfileobj(source, handle)
                self.stdout.write(f"  {target}")
            else:
                self.stdout.write(f"  {file.name}")
