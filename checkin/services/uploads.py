"""Scans a device made offline, uploaded in a batch when it is back online."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import CheckinPoint, Device
from .base import CheckinError
from .scans import perform_scan

MAX_BATCH = 500


def _parse_time(value) -> datetime | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if timezone.is_naive(moment):
        return None
    return moment


def upload_scans(*, device: Device, items: list, by=None) -> list[dict]:
    """Record a batch of scans a device made offline, each through perform_scan.

    Idempotent: every item carries the nonce it was given on the device, so uploading the same
    batch again (a lost response, a retry after a crash) returns the first answers and records
    nothing new. Each item is its own short transaction; an item that cannot be read is answered
    with an error and the others still go through.
    """
    if not isinstance(items, list):
        raise CheckinError(_("The upload must be a list of scans."), code="bad_batch")
    if len(items) > MAX_BATCH:
        raise CheckinError(
            _("Upload at most %(count)s scans at a time.") % {"count": MAX_BATCH},
            code="batch_too_large", status=413,
        )
    point_ids = {item.get("point") for item in items if isinstance(item, dict)}
    points = {
        point.pk: point
        for point in CheckinPoint.objects.select_related("session").filter(
            pk__in=[pk for pk in point_ids if isinstance(pk, int)]
        )
    }
    return [_upload_one(item, points, device, by) for item in items]


def _upload_one(item, points: dict, device: Device, by) -> dict:
    if not isinstance(item, dict):
        return {"code": "bad_item", "message": _("Not a scan.")}
    nonce = item.get("nonce")
    point = points.get(item.get("point"))
    scanned_at = _parse_time(item.get("scanned_at"))
    if point is None:
        return {"nonce": nonce, "code": "unknown_point", "message": _("Unknown check-in point.")}
    if scanned_at is None:
        return {"nonce": nonce, "code": "bad_time",
                "message": _("The scan time is missing or not a valid time.")}
    code = item.get("code")
    try:
        answer = perform_scan(
            code=code if isinstance(code, str) else "",
            point=point, device=device, nonce=nonce if isinstance(nonce, str) else "",
            scanned_at=scanned_at, by=by, method=str(item.get("method") or ""),
            offline=True, local_result=str(item.get("local_result") or ""),
        )
    except CheckinError as error:
        return {"nonce": nonce, **error.as_dict()}
    return answer.as_dict()
