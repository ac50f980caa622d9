"""Preparing the post-event report: a record, a background task that counts and draws it with
progress, the files in private storage. The management command and the admin button both call
``start_report``/``run_report``."""

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from conference.common.services import record_audit

from .enums import ReportStatus
from .figures import collect
from .layout import present
from .models import EditionReport
from .pdf import report_pdf
from .xlsx import report_xlsx

logger = logging.getLogger(__name__)

COUNTING_STEPS = 4  # the progress calls of figures.collect
STEPS = COUNTING_STEPS + 4  # then two PDFs and two workbooks


def start_report(*, edition, by=None, run_now: bool = False) -> EditionReport:
    """Record a report to prepare and queue its task after commit (or run it now, for the
    management command)."""
    with transaction.atomic():
        report = EditionReport.objects.create(
            edition=edition, steps=STEPS,
            created_by=by if getattr(by, "is_authenticated", False) else None)
        record_audit(action="reports.started", obj=report, actor=by,
                     data={"edition": edition.pk})
        if not run_now:
            transaction.on_commit(lambda: _enqueue(report.pk))
    if run_now:
        return run_report(report_id=report.pk)
    return report


def _enqueue(report_id: int) -> None:
    from .tasks import prepare_report_task

    prepare_report_task.enqueue(report_id)


def run_report(*, report_id: int) -> EditionReport:
    """Count the figures, then draw the PDF and the XLSX in Vietnamese and English.

    Idempotent: a report already running or finished is left alone. A failure is recorded on
    the report (status failed, the error), never raised to the worker.
    """
    with transaction.atomic():
        report = EditionReport.objects.select_for_update().select_related("edition").get(
            pk=report_id)
        if report.status != ReportStatus.QUEUED:
            return report
        report.status = ReportStatus.RUNNING
        report.save(update_fields=["status"])
    done = {"step": 0}

    def advance(_label: str = "") -> None:
        done["step"] += 1
        EditionReport.objects.filter(pk=report_id).update(step=done["step"])

    try:
        figures = collect(report.edition, progress=advance)
        report.figures = figures
        year = report.edition.year
        for language in ("vi", "en"):
            layout = present(figures, language)
            getattr(report, f"pdf_{language}").save(
                f"report-{year}-{report.pk}-{language}.pdf",
                ContentFile(report_pdf(layout, language)), save=False)
            advance()
            getattr(report, f"xlsx_{language}").save(
                f"report-{year}-{report.pk}-{language}.xlsx",
                ContentFile(report_xlsx(layout, language)), save=False)
            advance()
    except Exception as exc:
        logger.exception("Report %s failed", report_id)
        with transaction.atomic():
            EditionReport.objects.filter(pk=report_id).update(
                status=ReportStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now())
            record_audit(action="reports.failed", obj=report, data={"error": str(exc)[:500]})
        report.refresh_from_db()
        return report
    with transaction.atomic():
        report.status = ReportStatus.DONE
        report.step = report.steps
        report.finished_at = timezone.now()
        report.save(update_fields=["status", "step", "figures", "pdf_vi", "pdf_en", "xlsx_vi",
                                   "xlsx_en", "finished_at"])
        record_audit(action="reports.ready", obj=report)
    return report
