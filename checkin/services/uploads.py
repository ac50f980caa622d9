"""Scans a device made offline, uploaded in a batch when it is back online."""

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from conference.common.exceptions import DomainError
from conference.common.jsonbody import MAX_ID, field

from ..models import CheckinPoint, Device
from .base import CheckinError
from .scans import perform_scan

MAX_BATCH = 500
# A scan kept offline longer than this is not a scan of this conference.
MAX_AGE = timedelta(days=60)


def _parse_time(value) -> datetime | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if timezone.is_naive(moment) or moment < timezone.now() - MAX_AGE:
        return None
    return moment


def upload_scans(*, device: Device, items: list, by=None) -> list[dict]:
    """Record a batch of scans a device made offline, each through perform_scan.

    Idempotent: every item carries the nonce it was given on the device, so uploading the same
    batch again (a lost response, a retry after a crash) returns the first answers and records
    nothing new. Each item is its own short transaction and is answered on its own: an item that
    cannot be read (a field of the wrong type, a point that is a list or 1e400) is answered with
    an error and a reason, and the others still go through.
    """
    if not isinstance(items, list):
        raise CheckinError(_("The upload must be a list of scans."), code="bad_batch")
    if len(items) > MAX_BATCH:
        raise CheckinError(
            _("Upload at most %(count)s scans at a time.") % {"count": MAX_BATCH},
            code="batch_too_large", status=413,
        )
    point_ids = {
        item.get("point") for item in items
        if isinstance(item, dict) and type(item.get("point")) is int
        and 1 <= item.get("point") <= MAX_ID
    }
    points = {
        point.pk: point
        for point in CheckinPoint.objects.select_related("session").filter(pk__in=point_ids)
    }
    return [_upload_one(item, points, device, by) for item in items]


def _upload_one(item, points: dict, device: Device, by) -> dict:
    if not isinstance(item, dict):
        return {"code": "bad_item", "message": _("Not a scan.")}
    nonce = item.get("nonce")
    # The nonce is echoed so that the device can match the answer; only if it is one.
    echo = {"nonce": nonce if isinstance(nonce, str) and len(nonce) <= 64 else None}
    try:
        nonce = field(item, "nonce", str, max_length=64)
        point_id = field(item, "point", int)
        code = field(item, "code", str, required=False, default="", allow_control=True)
        method = field(item, "method", str, required=False, default="", max_length=20)
        local_result = field(item, "local_result", str, required=False, default="",
                             max_length=40)
        scanned_at = _parse_time(field(item, "scanned_at", str, max_length=40))
        point = points.get(point_id)
        if point is None:
            return {**echo, "code": "unknown_point", "message": _("Unknown check-in point.")}
        if scanned_at is None:
            return {**echo, "code": "bad_time",
                    "message": _("The scan time is missing or not a valid time.")}
        answer = perform_scan(
            code=code, point=point, device=device, nonce=nonce, scanned_at=scanned_at, by=by,
            method=method, offline=True, local_result=local_result,
        )
    except DomainError as error:
        return {**echo, **error.as_dict()}
    return answer.as_dict()
