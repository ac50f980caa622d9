"""A small JSON API: the categories with live availability, and registering (used by partner
sites, kiosks and the registration-surge benchmark).

Registering through the API never uses the caller's session (the contact is a guest with an
email), so it needs no CSRF token and a third-party page cannot register someone's account.
Registering needs an API key issued in the admin to a kiosk or partner site
(``Authorization: Bearer <key>``); paid seats it takes are held REGISTRATION_API_HOLD_MINUTES,
and unpaid seats are capped per contact and per client address like the public form's.
Errors answer 4xx JSON ``{"code", "message"}`` in the language of ``Accept-Language``.
"""

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
from conference.common.jsonbody import BadInput, field, read_json_object
from conference.common.ratelimit import client_ip, client_limited

from . import services
from .config_cache import cached_current_category
from .queries import category_counts


def _bearer(request) -> str:
    scheme, _sep, key = request.headers.get("Authorization", "").partition(" ")
    return key.strip() if scheme.lower() == "bearer" else ""


def _error(code: str, message: str, status: int, **extra) -> JsonResponse:
    return JsonResponse({"code": code, "message": str(message), **extra}, status=status)


# The attendee's details the API takes, all text. Their lengths are the service's to check
# (clean_attendee says which field is too long and by how much); the body limit bounds them.
ATTENDEE_TEXT = ("full_name", "email", "position", "organisation", "phone", "language",
                 "accessibility_needs")
MAX_BODY = 256 * 1024


def _attendee(data, index: int) -> dict:
    """One attendee of the request, every field type-checked (BadInput names it)."""
    if not isinstance(data, dict):
        raise BadInput(_("Each attendee must be a JSON object."), code="bad_field",
                       field=f"attendees[{index}]")
    person = {name: field(data, name, str, required=False, default="") for name in ATTENDEE_TEXT}
    answers = field(data, "answers", dict, required=False, default={})
    for key, value in answers.items():
        # An answer is text, yes/no or a small number: never a list, an object or 1e400.
        if len(key) > 100 or not (
            isinstance(value, bool) or (isinstance(value, str) and len(value) <= 2000)
            or (isinstance(value, int) and abs(value) < 2**31) or value is None
        ):
            raise BadInput(_("The answer to “%(question)s” is not text or yes/no.")
                           % {"question": key[:100]}, code="bad_field",
                           field=f"attendees[{index}].answers")
    person["answers"] = answers
    return person


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
    api_key = services.api_key_for(_bearer(request))
    if api_key is None:
        response = _error("api_key_required",
                          _("Registering through the API needs a valid API key from the "
                            "organisers."), 401)
        response["WWW-Authenticate"] = 'Bearer realm="govconf registration"'
        return response
    if client_limited(request, "register", limit=settings.REGISTRATION_RATE_LIMIT):
        return _error("rate_limited", _("Too many registrations from your network. Please try "
                                        "again in a few minutes."), 429)
    category = cached_current_category(code)
    if category is None:
        return _error("not_found", _("No such category."), 404)
    try:
        body = read_json_object(request, limit=MAX_BODY)
        attendees = field(body, "attendees", list)
        if len(attendees) > 100:
            raise BadInput(_("A delegation can register at most %(n)s people at once.")
                           % {"n": 100}, code="too_many")
        registration = services.start_registration(
            category=category,
            attendees=[_attendee(a, i) for i, a in enumerate(attendees)],
            contact=None,
            contact_email=field(body, "contact_email", str, required=False, default="",
                                max_length=254),
            language=(field(body, "language", str, required=False, default="", max_length=5)
                      or get_language() or "vi")[:2],
            consent_version=field(body, "consent_version", str, required=False, default="",
                                  max_length=50),
            invitation_code=field(body, "invitation_code", str, required=False, default="",
                                  max_length=64) or None,
            device=f"api:{api_key.key_hint}:{client_ip(request)}",
            client_ip=client_ip(request), api_key=api_key,
            hold_minutes=settings.REGISTRATION_API_HOLD_MINUTES,
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
