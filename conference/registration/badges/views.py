"""Attendees download their own badge: signed in (portal) or from the link in their email."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import render

from ..enums import RegistrationStatus
from ..models import Badge
from .images import badge_png
from .pdf import SIZES, badge_pdf
from .services import BadgeError, badge_from_token


def _badge_response(badge: Badge, fmt: str, size: str) -> HttpResponse:
    if fmt == "pdf":
        body, content_type = badge_pdf(badge, size=size), "application/pdf"
    else:
        body, content_type = badge_png(badge), "image/png"
    response = HttpResponse(body, content_type=content_type)
    disposition = "inline" if fmt == "png" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="badge-{badge.attendee_id}.{fmt}"'
    # Personal data: never stored by shared caches or kept by the browser.
    response["Cache-Control"] = "private, no-store"
    return response


def _size(request) -> str:
    size = request.GET.get("size", "a6")
    return size if size in SIZES else "a6"


def _own_badge(request, attendee_id: int) -> Badge:
    """The active badge of a confirmed attendee this account registered or is (by email)."""
    user = request.user
    badge = (
        Badge.objects.select_related(
            "attendee__registration__category", "attendee__registration__edition"
        )
        .filter(
            attendee_id=attendee_id,
            revoked_at__isnull=True,
            attendee__registration__status=RegistrationStatus.CONFIRMED,
        )
        .filter(Q(attendee__registration__contact=user) | Q(attendee__email__iexact=user.email))
        .first()
    )
    if badge is None:
        raise Http404
    return badge


@login_required
def download_png(request, attendee_id: int):
    return _badge_response(_own_badge(request, attendee_id), "png", "a6")


@login_required
def download_pdf(request, attendee_id: int):
    return _badge_response(_own_badge(request, attendee_id), "pdf", _size(request))


def _signed(request, token: str, fmt: str):
    try:
        badge = badge_from_token(token)
    except BadgeError as error:
        status = 410 if error.code in ("link_expired", "badge_revoked") else 404
        return render(request, "registration/badges/link_invalid.html",
                      {"error": error}, status=status)
    return _badge_response(badge, fmt, _size(request))


def signed_png(request, token: str):
    return _signed(request, token, "png")


def signed_pdf(request, token: str):
    return _signed(request, token, "pdf")
