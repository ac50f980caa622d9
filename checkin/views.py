"""The scanner web app and its JSON API.

The app's page is a page people use (Vietnamese at /checkin/, English at /en/checkin/), behind
the staff login (and MFA). Its web app manifest and service worker are served to anyone: they hold
no data, and a browser fetches the manifest without cookies, so behind the login door staff could
not add the scanner to a phone's home screen. The API is language-neutral
(/api/checkin/...) and authenticated by the device token only, never by the session cookie: the
app calls it with ``credentials: "omit"``, so a forged cross-site request carries no authority
and the API needs no CSRF token.
"""

import gzip
import json
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from cms.models import Edition
from conference.common.exceptions import DomainError
from conference.common.jsonbody import field, read_json_object
from conference.common.middleware import accepts_nul
from conference.common.permissions import permission_required
from conference.registration.badges import CODE_ALPHABET, CODE_LENGTH

from . import services
from .enums import SCAN_METHODS, ScanMethod, ScanResult
from .models import CheckinPoint, Scan
from .point_cache import cached_point
from .queries import attendee_payload, build_manifest, point_payload, search_attendees
from .services import CheckinError

RESULT_STATUS = {
    ScanResult.ADMITTED: 200,
    ScanResult.ALREADY_CHECKED_IN: 409,
    ScanResult.NOT_ADMITTED: 403,
    ScanResult.REVOKED: 410,
    ScanResult.UNKNOWN: 404,
    ScanResult.MALFORMED: 400,
}
MAX_SCAN_BODY = 4096


def _error(code: str, message: str, status: int) -> JsonResponse:
    return JsonResponse({"code": code, "message": str(message)}, status=status)


def device_api(view):
    """Authenticate the device token (``Authorization: Device <token>``) and map domain errors to
    4xx JSON. Requests with a session cookie are not trusted for authority here."""

    @csrf_exempt
    @never_cache
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        language = request.headers.get("Accept-Language", "vi")[:2]
        with translation.override("en" if language == "en" else "vi"):
            header = request.headers.get("Authorization", "")
            scheme, _sep, token = header.partition(" ")
            try:
                if scheme != "Device":
                    raise CheckinError(_("This scanner is not registered."),
                                       code="device_unknown", status=401)
                request.device = services.authenticate_device(token.strip())
                return view(request, *args, **kwargs)
            except DomainError as error:
                return JsonResponse(error.as_dict(), status=error.status)
            except RequestDataTooBig:
                return _error("too_large", _("The request is too large."), 413)

    return wrapper


# --- The app's pages ---------------------------------------------------------------------------


@permission_required("checkin.scan_badges")
def scanner(request):
    edition = Edition.current()
    points = list(
        CheckinPoint.objects.filter(edition=edition, is_active=True)
        .select_related("session")
        .order_by("sort_order", "pk")
    ) if edition else []
    config = {
        "api": "/api/checkin/",
        "registerUrl": reverse("checkin:register_device"),
        "serviceWorker": reverse("checkin:service_worker"),
        "scope": reverse("checkin:scanner"),
        "userId": request.user.pk,
        "language": translation.get_language(),
        "points": [point_payload(p) for p in points],
        "strings": _app_strings(),
        "badgeCode": badge_code_format(),
    }
    return render(request, "checkin/scanner.html", {"config": config, "points": points})


def badge_code_format() -> dict:
    """What a well-formed badge code is, for the scanner's offline decision (decide.js)."""
    return {"alphabet": CODE_ALPHABET, "length": CODE_LENGTH}


def _app_strings() -> dict:
    return {
        "admitted": _("Admitted"),
        "already_checked_in": _("Already checked in"),
        "not_admitted": _("Not admitted here"),
        "revoked": _("Revoked badge"),
        "unknown": _("Unknown code"),
        "malformed": _("Not a badge code"),
        "exit": _("Exit recorded"),
        "welcome": _("Welcome!"),
        # The seat at a seated hall's door, decided offline (the manifest carries row, number).
        "seatLabel": _("Row %(row)s, seat %(number)s"),
        "offline": _("Offline"),
        "online": _("Online"),
        "waiting": _("%(count)s scans waiting to upload"),
        "uploaded": _("All scans uploaded"),
        "manifestAge": _("Badge list updated %(time)s"),
        "noManifest": _("No badge list yet: scans need the network."),
        "decidedOffline": _("Decided offline"),
        "undo": pgettext("scan", "Undo"),
        "undone": _("Scan undone"),
        "cameraError": _("The camera cannot be opened: %(error)s"),
        "noResults": _("Nobody found."),
        "checkIn": _("Check in"),
        "noBadge": _("No active badge"),
        "revokedDevice": _("This scanner has been revoked. Ask the check-in lead."),
        "error": _("Something went wrong: %(error)s"),
        "conflict": _("Conflict: already admitted at this point."),
        "categoryNotAdmitted": _("This category is not admitted at this point."),
        "notConfirmed": _("The registration is not confirmed."),
        "tooEarly": _("This point is not open yet."),
        "tooLate": _("This point has closed."),
        "pointClosed": _("This check-in point is closed."),
        "alreadyOffline": _("Already checked in on this scanner at %(time)s."),
        "revokedMessage": _(
            "This badge has been revoked; a newer badge was issued or it was cancelled."
        ),
        "unknownMessage": _("Unknown code: this is not one of our badges."),
        "malformedMessage": _("This is not a badge code."),
    }


def web_manifest(request):
    """The install manifest: names, icons and scope only, the same for every visitor."""
    scope = reverse("checkin:scanner")
    body = {
        "name": _("Conference check-in"),
        "short_name": _("Check-in"),
        "lang": translation.get_language(),
        "start_url": scope,
        "scope": scope,
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#0b1f3a",
        "theme_color": "#0B4F9C",
        "icons": [
            {"src": static("checkin/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("checkin/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        ],
    }
    return JsonResponse(body, content_type="application/manifest+json",
                        json_dumps_params={"ensure_ascii": False})


@never_cache
def service_worker(request):
    """The service worker, served from the app's own path so that its scope covers the app."""
    context = {
        "scope": reverse("checkin:scanner"),
        "assets": [
            reverse("checkin:scanner"),
            static("checkin/scanner.js"),
            static("checkin/decide.js"),
            static("checkin/upload.js"),
            static("checkin/scanner.css"),
            static("vendor/jsqr/jsQR.js"),
            static("checkin/icon-192.png"),
        ],
    }
    response = render(request, "checkin/sw.js", context, content_type="text/javascript")
    response["Service-Worker-Allowed"] = context["scope"]
    return response


@login_required
@require_POST
def register_device(request):
    """The logged-in (MFA-verified) staff member registers this browser as a scanner."""
    if not request.user.has_perm("checkin.scan_badges"):
        return _error("forbidden", _("Only check-in staff may register a scanner."), 403)
    name = (request.POST.get("name") or "").strip()
    device, token = services.register_device(
        user=request.user, name=name, user_agent=request.headers.get("User-Agent", "")
    )
    return JsonResponse({"device": device.pk, "name": device.name, "token": token})


# --- API -------------------------------------------------------------------------------------


@device_api
@require_GET
def points(request):
    edition = Edition.current()
    rows = (
        CheckinPoint.objects.filter(edition=edition, is_active=True)
        .select_related("session")
        .order_by("sort_order", "pk")
    )
    return JsonResponse({
        "device": {"id": request.device.pk, "name": request.device.name},
        "points": [point_payload(p) for p in rows],
    })


@accepts_nul  # a damaged code is answered as malformed (perform_scan)
@device_api
@require_POST
def scan(request):
    data = read_json_object(request, limit=MAX_SCAN_BODY)
    # The code may hold anything a camera read (a NUL from a damaged QR code): perform_scan
    # answers it as malformed. Every other field must be what the app sends.
    code = field(data, "code", str, required=False, default="", allow_control=True)
    nonce = field(data, "nonce", str, required=False, default="", max_length=64)
    method = field(data, "method", str, required=False, default="", max_length=20)
    point = cached_point(field(data, "point", int))
    answer = services.perform_scan(
        code=code,
        point=point,
        device=request.device,
        nonce=nonce,
        method=method if method in SCAN_METHODS else ScanMethod.CAMERA,
    )
    response = JsonResponse(answer.as_dict(), status=RESULT_STATUS[answer.result])
    # The decision is recorded (its Scan row); an amber or red answer is the door working, not a
    # warning for the request log, which would otherwise get thousands on the opening morning.
    response._has_been_logged = True  # what django.utils.log.log_response looks for
    return response


@accepts_nul  # one damaged code is answered on its own, the batch goes on
@device_api
@require_POST
def upload(request):
    data = read_json_object(request, limit=1024 * 1024)
    answers = services.upload_scans(device=request.device, items=data.get("scans"))
    return JsonResponse({"answers": answers})


@device_api
@require_POST
def undo(request, pk: int):
    row = Scan.objects.filter(pk=pk, device=request.device).first()
    if row is None:
        return _error("unknown_scan", _("Unknown scan."), 404)
    row = services.undo_scan(scan=row, by=request.device.user, device=request.device)
    return JsonResponse({"code": "undone", "message": _("Scan undone"), "scan_id": row.pk})


@device_api
@require_GET
def manifest(request, pk: int):
    point = CheckinPoint.objects.select_related("session").filter(pk=pk).first()
    if point is None:
        return _error("unknown_point", _("Unknown check-in point."), 404)
    body = build_manifest(point=point)
    etag = f'"{body["version"]}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
        response["ETag"] = etag
        return response
    raw = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    response = HttpResponse(content_type="application/json")
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        response.content = gzip.compress(raw, compresslevel=6)
        response["Content-Encoding"] = "gzip"
    else:
        response.content = raw
    response["ETag"] = etag
    response["Vary"] = "Accept-Encoding, Authorization"
    return response


@device_api
@require_GET
def search(request):
    edition = Edition.current()
    query = (request.GET.get("q") or "")[:100]
    found = search_attendees(edition=edition, query=query, limit=20) if edition else []
    return JsonResponse({"results": [attendee_payload(a) for a in found]})
