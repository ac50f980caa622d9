"""The scan decision every path uses (camera, handheld scanner, manual search, offline upload),
and undoing a mistaken admission. See checkin.models for the venue rules it applies."""

import re
from datetime import datetime, timedelta

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.common.services import record_audit
from conference.registration.badges import is_well_formed, normalise_code
from conference.registration.enums import RegistrationStatus

from ..enums import Direction, RefusalReason, ScanMethod, ScanResult
from ..models import CheckinPoint, Device, Scan
from ..queries import BadgeFacts, read_badge
from .answers import ScanAnswer
from .base import CheckinError, undo_window

# Longest string we keep of what a scanner read; anything longer is not a badge.
MAX_CODE_LENGTH = 64
NONCE_PATTERN = re.compile(r"^[A-Za-z0-9_.:-]{8,64}$")
# An offline device's clock may run a little ahead; later than this is refused as forged.
MAX_CLOCK_SKEW = timedelta(minutes=5)


def perform_scan(
    *,
    code: str,
    point: CheckinPoint,
    device: Device,
    nonce: str,
    scanned_at: datetime | None = None,
    by=None,
    method: str = ScanMethod.CAMERA,
    offline: bool = False,
    local_result: str = "",
) -> ScanAnswer:
    """Decide whether badge ``code`` may pass ``point``; record the scan, whatever the answer.

    Two queries on the usual path: one SELECT reads the badge, its holder, registration and
    category, whether the point admits that category and the holder's open admission at the
    guarded point (with where and on which device it was made); one INSERT records the scan.
    An exit that reopens an entry-once point also closes that admission (three queries, in one
    transaction).

    Race-safety comes from PostgreSQL itself: the partial unique constraint
    ``one_open_entry_per_point`` refuses a second open admission of one attendee at an entry-once
    point, and ``scan_nonce_per_device`` a second row for one nonce. A refused INSERT is looked up
    by its nonce: a retried request returns the first answer and changes nothing; otherwise it
    lost a race for the admission and is decided again, now reading the winner's admission
    ("already checked in"). So of any number of concurrent scans of one badge from several
    devices exactly one is admitted, without a lock or an explicit transaction per scan.

    ``offline`` scans carry the device's own time and the answer it showed; an offline admission
    that finds the badge already admitted is kept and marked as a conflict.
    """
    if not nonce or not NONCE_PATTERN.match(nonce):
        raise CheckinError(_("Each scan needs a nonce of 8 to 64 letters and digits."),
                           code="bad_nonce")
    if method not in ScanMethod.values:
        method = ScanMethod.CAMERA
    now = timezone.now()
    if scanned_at is None or not offline:
        scanned_at = now
    elif scanned_at > now + MAX_CLOCK_SKEW:
        raise CheckinError(_("The scan time is in the future."), code="bad_time")
    for _attempt in range(3):
        try:
            return _decide(code=code, point=point, device=device, nonce=nonce,
                           scanned_at=scanned_at, by=by, method=method, offline=offline,
                           local_result=local_result)
        except IntegrityError:
            first = (
                Scan.objects.select_related("point", "device", "attendee", "category")
                .filter(device=device, nonce=nonce)
                .first()
            )
            if first is not None:
                return _replay(first)
            # Lost the race for an entry-once admission: decide again.
    raise CheckinError(_("The scan could not be recorded, please try again."), code="busy",
                       status=409)


def _decide(*, code, point, device, nonce, scanned_at, by, method, offline, local_result):
    # An exit that reopens an entry writes twice (the entry's left_at, then the exit): one
    # transaction. Inside a caller's transaction, a savepoint keeps a refused INSERT from
    # breaking it. Otherwise the scan is a single INSERT, its own short transaction in autocommit,
    # and the read before it needs no lock: the unique constraints are what decide a race.
    if (point.direction == Direction.EXIT and point.reopens_id) or connection.in_atomic_block:
        with transaction.atomic():
            return _decide_and_record(
                code=code, point=point, device=device, nonce=nonce, scanned_at=scanned_at,
                by=by, method=method, offline=offline, local_result=local_result,
            )
    return _decide_and_record(
        code=code, point=point, device=device, nonce=nonce, scanned_at=scanned_at, by=by,
        method=method, offline=offline, local_result=local_result,
    )


def _decide_and_record(*, code, point, device, nonce, scanned_at, by, method, offline,
                       local_result):
    raw = code or ""
    normalised = normalise_code(raw)
    well_formed = len(raw) <= MAX_CODE_LENGTH * 4 and is_well_formed(normalised)
    scan = Scan(
        point=point, device=device, by_id=by.pk if by is not None else device.user_id,
        nonce=nonce, code=normalised[:MAX_CODE_LENGTH], direction=point.direction,
        scanned_at=scanned_at, method=method, offline=offline,
        local_result=local_result if local_result in ScanResult.values else "",
    )
    # Query 1 (none for a malformed code).
    facts = read_badge(normalised, point, _guarded_point(point)) if well_formed else None
    previous = _apply_decision(scan, facts, point, well_formed=well_formed)
    open_admission = facts.open_admission if facts else None
    if (point.direction == Direction.EXIT and open_admission is not None
            and scan.result == ScanResult.ADMITTED):
        # Exits that reopen an entry-once point: the holder may enter again.
        Scan.objects.filter(pk=open_admission.pk).update(left_at=scanned_at)
    # The INSERT. Two devices admitting one badge at the same instant both get here; PostgreSQL
    # refuses the second (one_open_entry_per_point) and perform_scan decides it again.
    scan.save(force_insert=True)
    return ScanAnswer(scan=scan, previous=previous)


def _apply_decision(scan: Scan, facts: BadgeFacts | None, point: CheckinPoint, *,
                    well_formed: bool) -> Scan | None:
    """Set the unsaved ``scan``'s result (and reason, counting, conflict) from what was read;
    returns the earlier admission that makes it "already checked in", if any."""
    previous = None
    if facts is None:
        scan.result = ScanResult.UNKNOWN if well_formed else ScanResult.MALFORMED
    else:
        badge = facts.badge
        open_admission = facts.open_admission
        scan.badge = badge
        scan.attendee = badge.attendee
        scan.category = badge.attendee.registration.category
        refusal = _refusal(facts, point, scan.scanned_at)
        if badge.revoked_at is not None:
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
                scan.conflict_with = open_admission
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


def _guarded_point(point: CheckinPoint) -> CheckinPoint | None:
    """The entry-once point whose open admission this scan must look at (if any)."""
    if point.direction == Direction.ENTRY:
        return point if point.once else None
    if point.reopens_id:
        return CheckinPoint(pk=point.reopens_id)
    return None


def _refusal(facts: BadgeFacts, point: CheckinPoint, at: datetime) -> str:
    registration = facts.badge.attendee.registration
    if registration.edition_id != point.edition_id:
        return RefusalReason.WRONG_EDITION
    if not point.is_active:
        return RefusalReason.POINT_CLOSED
    if registration.status != RegistrationStatus.CONFIRMED:
        return RefusalReason.NOT_CONFIRMED
    if facts.point_limits and not facts.category_admitted:
        return RefusalReason.CATEGORY
    opens, closes = point.window()
    if opens and at < opens:
        return RefusalReason.TOO_EARLY
    if closes and at >= closes:
        return RefusalReason.TOO_LATE
    return ""


def _replay(scan: Scan) -> ScanAnswer:
    previous = None
    if scan.result == ScanResult.ALREADY_CHECKED_IN or scan.conflict_with_id:
        previous = (
            Scan.objects.select_related("point", "device")
            .filter(
                attendee_id=scan.attendee_id, point_id=scan.point_id, counts_once=True,
                conflict_with__isnull=True, scanned_at__lte=scan.scanned_at,
            )
            .exclude(pk=scan.pk)
            .order_by("-scanned_at")
            .first()
        )
    return ScanAnswer(scan=scan, replayed=True, previous=previous)


def undo_scan(*, scan: Scan, by, device: Device | None = None) -> Scan:
    """Undo a mistaken admission: only by the staff member who made it, within the undo window.

    The admission stops counting (the badge may be admitted again at an entry-once point).
    """
    with transaction.atomic():
        scan = Scan.objects.select_for_update().select_related("point").get(pk=scan.pk)
        if by is None or scan.by_id != by.pk:
            raise CheckinError(_("Only the staff member who made a scan can undo it."),
                               code="not_your_scan", status=403)
        if scan.result != ScanResult.ADMITTED:
            raise CheckinError(_("Only an admission can be undone."), code="not_undoable",
                               status=409)
        if scan.undone_at is not None:
            raise CheckinError(_("This scan has already been undone."), code="already_undone",
                               status=409)
        if timezone.now() > scan.recorded_at + undo_window():
            raise CheckinError(
                _("Too late to undo: a scan can be undone within %(minutes)s minutes.")
                % {"minutes": int(undo_window().total_seconds() // 60)},
                code="undo_expired", status=409,
            )
        scan.undone_at = timezone.now()
        scan.save(update_fields=["undone_at"])
        record_audit(action="checkin.scan_undone", obj=scan, actor=by,
                     device=device.name if device else scan.device.name,
                     data={"code": scan.code, "point": scan.point_id})
    return scan
