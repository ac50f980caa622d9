"""Check-in points by id, kept briefly in the scan cache for the scan API (every scan names its
point).

The cache is bumped whenever a point, its categories or its linked session change (see
CheckinConfig.ready), so a scanner sees an edit at once.
"""

from django.utils.translation import gettext as _

from .models import CheckinPoint
from .scan_cache import scan_cache
from .services import CheckinError

POINT_CACHE_SECONDS = 30


def cached_point(pk) -> CheckinPoint:
    """A check-in point by id (its session selected), cached; CheckinError 404 if unknown."""
    try:
        pk = int(pk)
    except (TypeError, ValueError) as exc:
        raise CheckinError(_("Unknown check-in point."), code="unknown_point", status=404) from exc
    return scan_cache.get(("point", pk), lambda: _load_point(pk), POINT_CACHE_SECONDS)


def _load_point(pk: int) -> CheckinPoint:
    point = CheckinPoint.objects.select_related("session").filter(pk=pk).first()
    if point is None:
        raise CheckinError(_("Unknown check-in point."), code="unknown_point", status=404)
    return point


def forget_point(pk) -> None:
    """A point changed: every process forgets the points it keeps (they are few)."""
    scan_cache.bump()
