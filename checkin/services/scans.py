"""The scan every path records (camera, handheld scanner, manual search, offline upload): read
the badge, decide (``decision``), insert, and replay a retried request."""

import re
from datetime import datetime, timedelta

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.common.db import insert_prepared
from conference.registration.badges import is_well_formed, normalise_code

from ..enums import SCAN_METHODS, SCAN_RESULTS, Direction, ScanMethod, ScanResult
from ..models import CheckinPoint, Device, Scan
from ..queries import Admission, Holder, read_badge
from .answers import ScanAnswer
from .base import CheckinError
from .decision import apply_decision, guarded_point

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
    if not nonce or not NONCE_PATTERN.fullmatch(nonce):
        raise CheckinError(_("Each scan needs a nonce of 8 to 64 letters and digits."),
                           code="bad_nonce")
    if method not in SCAN_METHODS:
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
                Scan.objects.select_related("point", "device", "attendee__registration",
                                            "category")
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
        local_result=local_result if local_result in SCAN_RESULTS else "",
    )
    # Query 1 (none for a malformed code).
    facts = read_badge(normalised, point, guarded_point(point)) if well_formed else None
    previous = apply_decision(scan, facts, point, well_formed=well_formed)
    open_admission = facts.open_admission if facts else None
    if (point.direction == Direction.EXIT and open_admission is not None
            and scan.result == ScanResult.ADMITTED):
        # Exits that reopen an entry-once point: the holder may enter again.
        Scan.objects.filter(pk=open_admission.id).update(left_at=scanned_at)
    # The INSERT. Two devices admitting one badge at the same instant both get here; PostgreSQL
    # refuses the second (one_open_entry_per_point) and perform_scan decides it again. Prepared
    # once per connection, like the read: the scan's two statements are planned once.
    insert_prepared(scan)
    return ScanAnswer(scan=scan, holder=facts.holder if facts else None, previous=previous)


def _replay(scan: Scan) -> ScanAnswer:
    holder = Holder.from_scan(scan)
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
    return ScanAnswer(scan=scan, holder=holder, replayed=True,
                      previous=Admission.from_scan(previous) if previous else None)
