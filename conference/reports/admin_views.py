"""The post-event report in the Wagtail admin: one button prepares it (in the background, with a
progress bar), then the PDF and XLSX in both languages are downloaded from its page."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.models import Edition
from conference.common.permissions import permission_required
from conference.common.progress import private_download, progress_page, progress_status

from .enums import ReportStatus
from .models import EditionReport
from .services import start_report

READ = "reports.read_reports"
PREPARE = "reports.prepare_reports"
KINDS = {"pdf_vi": "application/pdf", "pdf_en": "application/pdf",
         "xlsx_vi": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "xlsx_en": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _edition(request) -> Edition:
    year = request.POST.get("year") or request.GET.get("year")
    editions = Edition.objects.all()
    edition = (editions.filter(year=year).first() if year and str(year).isdigit()
               else Edition.current())
    if edition is None:
        raise Http404
    return edition


@permission_required(READ)
def index(request):
    edition = _edition(request)
    return render(request, "reports/admin/index.html", {
        "edition": edition,
        "editions": Edition.objects.order_by("-year"),
        "reports": EditionReport.objects.filter(edition=edition)
        .select_related("created_by")[:20],
    })


@require_POST
@permission_required(PREPARE)
def prepare(request):
    report = start_report(edition=_edition(request), by=request.user)
    return redirect("reports_admin:report", report_id=report.pk)


@permission_required(READ)
def detail(request, report_id: int):
    report = get_object_or_404(EditionReport.objects.select_related("edition", "created_by"),
                               pk=report_id)
    return progress_page(request, "reports/admin/report.html", task=report, name="report",
                         status_url=reverse("reports_admin:status", args=[report.pk]))


@permission_required(READ)
def status(request, report_id: int):
    return progress_status(EditionReport.objects.filter(pk=report_id).first(),
                           not_found=_("No such report."))


@permission_required(READ)
def download(request, report_id: int, kind: str):
    report = get_object_or_404(EditionReport, pk=report_id, status=ReportStatus.DONE)
    if kind not in KINDS:
        raise Http404
    return private_download(report.file(kind), KINDS[kind])
