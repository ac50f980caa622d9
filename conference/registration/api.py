"""A small JSON API: the categories with live availability, and registering (used by partner
sites, kiosks and the registration-surge benchmark).

Registering through the API never uses the caller's session (the contact is a guest with an
email), so it needs no CSRF token and a third-party page cannot register someone's account.
Errors answer 4xx JSON ``{"code", "message"}`` in the language of ``Accept-Language``.
"""

import json

from django.conf import settings
from django.http import JsonResponse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from cms.models import Edition
from conference.common.exceptions import DomainError
from conference.common.i18n import localized
from conference.common.ratelimit import client_ip, client_limited

from . import services
from .models import Category
from .queries import category_counts


def _error(code: str, message: str, status: int, **extra) -> JsonResponse:
    return JsonResponse({"code": code, "message": str(message), **extra}, status=status)


def _in_client_language(view):
    """The API is outside i18n_patterns: answer in the Accept-Language of the client."""

    def wrapped(request, *args, **kwargs):
        with translation.override(translation.get_language_from_request(request)):
            return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@require_GET
@_in_client_language
def categories(request):
    edition = Edition.current()
    if edition is None:
        return _error("no_edition", _("No edition is open."), 404)
    rows = category_counts(edition)
    return JsonResponse({
        "edition": edition.year,
        "categories": [
            {"code": r["category"].code, "name": localized(r["category"], "name"),
             "price_vnd": r["category"].price_vnd, "quota": r["quota"], "free": r["free"],
             "requires_approval": r["category"].requires_approval,
             "requires_invitation": r["category"].requires_invitation}
            for r in rows if r["category"].is_public
        ],
        "consent_version": services.get_registration_settings(edition).consent_version,
    })


@csrf_exempt
@require_POST
@_in_client_language
def register(request, code: str):
    if client_limited(request, "register", limit=settings.REGISTRATION_RATE_LIMIT):
        return _error("rate_limited", _("Too many registrations from your network. Please try "
                                        "again in a few minutes."), 429)
    edition = Edition.current()
    category = Category.objects.filter(edition=edition, code=code).select_related(
        "edition").first()
    if category is None:
        return _error("not_found", _("No such category."), 404)
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return _error("bad_json", _("The request body is not valid JSON."), 400)
    if not isinstance(body, dict) or not isinstance(body.get("attendees"), list) or not all(
        isinstance(a, dict) for a in body["attendees"]
    ):
        return _error("bad_request", _("Send a JSON object with a list of attendees."), 400)
    try:
        registration = services.start_registration(
            category=category,
            attendees=body["attendees"],
            contact=None,
            contact_email=str(body.get("contact_email") or ""),
            language=str(body.get("language") or get_language() or "vi")[:2],
            consent_version=str(body.get("consent_version") or ""),
            invitation_code=str(body.get("invitation_code") or "") or None,
            device=f"api:{client_ip(request)}",
        )
    except DomainError as exc:
        return JsonResponse(exc.as_dict(), status=exc.status)
    return JsonResponse({
        "reference": registration.reference,
        "status": registration.status,
        "seats": registration.quantity,
        "amount_vnd": registration.amount_vnd,
        "hold_expires_at": registration.hold_expires_at.isoformat()
        if registration.hold_expires_at else None,
    }, status=201)
