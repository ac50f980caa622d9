"""A ready post-event report of the demo edition (made once)."""

from cms.models import Edition

from .enums import ReportStatus
from .models import EditionReport
from .services import start_report


def load() -> None:
    edition = Edition.objects.filter(year=2024).first()
    if edition is None or EditionReport.objects.filter(
            edition=edition, status=ReportStatus.DONE).exists():
        return
    start_report(edition=edition, run_now=True)
