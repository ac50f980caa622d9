"""Check-in points by id, cached briefly for the scan API (every scan names its point).

The entry is cleared whenever the point, its categories or its linked session change (see
CheckinConfig.ready), so a scanner sees an edit at once.
"""

from django.core.cache import cache
from django.utils.translation import gettext as _

from .models import CheckinPoint
from .services import CheckinError

POINT_CACHE_SECONDS = 30


def _key(pk: int) -> str:
    return f"checkin:point:{pk}"


def cached_point(pk) -> CheckinPoint:
    """A check-in point by id (its session selected), cached; CheckinError 404 if unknown."""
    try:
        pk = int(pk)
    except (TypeError, ValueError) as exc:
        raise CheckinError(_("Unknown check-in point."), code="unknown_point", status=404) from exc
    point = cache.get(_key(pk))
    if point is None:
        point = CheckinPoint.objects.select_related("session").filter(pk=pk).first()
        if point is None:
            raise CheckinError(_("Unknown check-in point."), code="unknown_point", status=404)
        cache.set(_key(pk), point, POINT_CACHE_SECONDS)
    return point


def forget_point(pk) -> None:
    cache.delete(_key(pk))
