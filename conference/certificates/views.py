"""Attendees download their attendance certificate: signed in (portal) or from the e-mailed link."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from .exceptions import CertificateError
from .models import AttendanceCertificate
from .pdf import certificate_pdf
from .services import certificate_from_token


def pdf_response(certificate: AttendanceCertificate) -> HttpResponse:
    response = HttpResponse(certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{certificate.edition.year}-{certificate.pk}.pdf"')
    # Personal data: never stored by shared caches or kept by the browser.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def download(request, pk: int):
    certificate = (AttendanceCertificate.objects
                   .select_related("edition", "attendee__registration").filter(pk=pk).first())
    if not request.user.has_perm("certificates.download_certificate", certificate):
        raise Http404
    return pdf_response(certificate)


def signed_download(request, token: str):
    try:
        certificate = certificate_from_token(token)
    except CertificateError as error:
        status = 410 if error.code == "revoked" else 404
        return render(request, "certificates/link_invalid.html", {"error": error},
                      status=status)
    return pdf_response(certificate)
