"""The venue's rules for one scan: admitted, already inside, or refused and why.

Pure: it reads only what ``checkin.queries.read_badge`` read and the point; ``scans`` records the
result. See checkin.models for the rules themselves.
"""

from datetime import datetime

from conference.registration.enums import RegistrationStatus

from ..enums import Direction, RefusalReason, ScanResult
from ..models import CheckinPoint, Scan
from ..queries import Admission, BadgeFacts


def apply_decision(scan: Scan, facts: BadgeFacts | None, point: CheckinPoint, *,
                    well_formed: bool) -> Admission | None:
    """Set the unsaved ``scan``'s result (and reason, counting, conflict) from what was read;
    returns the earlier admission that makes it "already checked in", if any."""
    previous = None
    if facts is None:
        scan.result = ScanResult.UNKNOWN if well_formed else ScanResult.MALFORMED
    else:
        open_admission = facts.open_admission
        scan.badge_id = facts.badge_id
        scan.attendee_id = facts.holder.attendee_id
        scan.category_id = facts.holder.category_id
        refusal = refusal_reason(facts, point, scan.scanned_at)
        if facts.revoked_at is not None:
            scan.result = ScanResult.REVOKED
        elif refusal:
            scan.result = ScanResult.NOT_ADMITTED
            scan.reason = refusal
        elif point.direction == Direction.EXIT:
            scan.result = ScanResult.ADMITTED
        elif point.once and open_admission is not None:
            previous = open_admission
            if scan.offline and scan.local_result == ScanResult.ADMITTED:
                # Admitted at two doors while offline: the person is inside. Keep the admission,
                # linked to the first one, for the dashboard's conflict list.
                scan.result = ScanResult.ADMITTED
                scan.counts_once = True
                scan.conflict_with_id = open_admission.id
            else:
                scan.result = ScanResult.ALREADY_CHECKED_IN
        else:
            scan.result = ScanResult.ADMITTED
            scan.counts_once = point.once
    if scan.offline and scan.result == ScanResult.ADMITTED and scan.local_result and (
        scan.local_result != ScanResult.ADMITTED
    ):
        # The scanner refused this badge offline (a stale list, say), so the person did not pass
        # through this scan: record what happened at the door, never an admission.
        scan.result = scan.local_result
        scan.counts_once = False
    return previous


def guarded_point(point: CheckinPoint) -> CheckinPoint | None:
    """The entry-once point whose open admission this scan must look at (if any)."""
    if point.direction == Direction.ENTRY:
        return point if point.once else None
    if point.reopens_id:
        return CheckinPoint(pk=point.reopens_id)
    return None


def refusal_reason(facts: BadgeFacts, point: CheckinPoint, at: datetime) -> str:
    holder = facts.holder
    if holder.edition_id != point.edition_id:
        return RefusalReason.WRONG_EDITION
    if not point.is_active:
        return RefusalReason.POINT_CLOSED
    if holder.status != RegistrationStatus.CONFIRMED:
        return RefusalReason.NOT_CONFIRMED
    if facts.point_limits and not facts.category_admitted:
        return RefusalReason.CATEGORY
    opens, closes = point.window()
    if opens and at < opens:
        return RefusalReason.TOO_EARLY
    if closes and at >= closes:
        return RefusalReason.TOO_LATE
    return ""
