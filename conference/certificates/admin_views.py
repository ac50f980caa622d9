"""Attendance certificates in the Wagtail admin: start a batch (with a count of who qualifies),
follow its progress, download its print-ready PDF; find a certificate and revoke it."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.models import Edition
from conference.common.permissions import permission_required
from conference.common.progress import private_download, progress_page, progress_status
from conference.common.text import fold

from . import queries
from .enums import BatchStatus
from .exceptions import CertificateError
from .forms import BatchForm, RevokeForm
from .models import AttendanceCertificate, CertificateBatch
from .services import revoke_certificate, start_certificate_batch
from .views import pdf_response

LIST = "certificates.list_certificates"
ISSUE = "certificates.issue_certificates"
REVOKE = "certificates.revoke_certificates"
PER_PAGE = 50


def _edition() -> Edition:
    edition = Edition.current()
    if edition is None:
        raise Http404
    return edition


@permission_required(LIST)
def index(request):
    edition = _edition()
    form = BatchForm(request.POST or None, edition=edition)
    if request.method == "POST":
        if not request.user.has_perm(ISSUE):
            raise Http404
        if form.is_valid():
            try:
                batch = start_certificate_batch(edition=edition, by=request.user,
                                                **form.cleaned_data)
            except CertificateError as error:
                form.add_error(None, error.message)
            else:
                return redirect("certificates_admin:batch", batch_id=batch.pk)
    attended = len(queries.attendance(edition, queries.default_points(edition)))
    certificates = (AttendanceCertificate.objects.filter(edition=edition)
                    .select_related("attendee").order_by("full_name", "pk"))
    query = request.GET.get("q", "").strip()
    if query:
        certificates = certificates.filter(attendee__search_text__contains=fold(query))
    return render(request, "certificates/admin/index.html", {
        "edition": edition,
        "form": form,
        "attended": attended,
        "valid": AttendanceCertificate.objects.filter(edition=edition,
                                                      revoked_at__isnull=True).count(),
        "batches": CertificateBatch.objects.filter(edition=edition)
        .select_related("created_by")[:20],
        "page_obj": Paginator(certificates, PER_PAGE).get_page(request.GET.get("p")),
        "query": query,
    })


@permission_required(LIST)
def batch_detail(request, batch_id: int):
    batch = get_object_or_404(
        CertificateBatch.objects.select_related("created_by").prefetch_related("points"),
        pk=batch_id)
    return progress_page(request, "certificates/admin/batch.html", task=batch,
                         status_url=reverse("certificates_admin:batch_status", args=[batch.pk]))


@permission_required(LIST)
def batch_status(request, batch_id: int):
    batch = CertificateBatch.objects.filter(pk=batch_id).first()
    return progress_status(batch, not_found=_("No such batch."),
                           counts=("total", "done", "issued"),
                           download="certificates_admin:batch_download")


@permission_required(LIST)
def batch_download(request, batch_id: int):
    batch = get_object_or_404(CertificateBatch, pk=batch_id, status=BatchStatus.DONE)
    return private_download(batch.file, "application/pdf")


def _certificate(pk: int) -> AttendanceCertificate:
    return get_object_or_404(
        AttendanceCertificate.objects.select_related("edition", "attendee__registration",
                                                     "revoked_by", "batch"), pk=pk)


@permission_required(LIST)
def certificate_detail(request, pk: int):
    return render(request, "certificates/admin/certificate.html", {
        "certificate": _certificate(pk), "form": RevokeForm(),
    })


@permission_required(LIST)
def certificate_file(request, pk: int):
    return pdf_response(_certificate(pk))


@require_POST
@permission_required(REVOKE)
def certificate_revoke(request, pk: int):
    certificate = _certificate(pk)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the certificate is revoked."))
    else:
        try:
            revoke_certificate(certificate=certificate, by=request.user,
                               reason=form.cleaned_data["reason"])
        except CertificateError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Certificate revoked. Its verification page now says "
                                        "so."))
    return redirect("certificates_admin:certificate", pk=certificate.pk)
