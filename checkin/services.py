"""Every write of the check-in app: the scan decision, undo, offline uploads, scanner devices.

``perform_scan`` is the one decision every path uses (camera, handheld scanner, manual search,
offline upload). See checkin.models for the venue rules it applies.
"""

import functools
import hashlib
import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from conference.common.db import fetch_one_prepared
from conference.common.exceptions import DomainError
from conference.common.i18n import localized
from conference.common.services import record_audit
from conference.registration.badges import is_well_formed, normalise_code
from conference.registration.enums import PaymentMethod, RegistrationStatus
from conference.registration.models import Attendee, Badge, Category, Registration
from conference.registration.services import (
    confirm_registration,
    get_registration_settings,
    start_registration,
)

from .enums import RESULT_COLOUR, Direction, RefusalReason, ScanMethod, ScanResult
from .models import CheckinPoint, Device, Scan

# Longest string we keep of what a scanner read; anything longer is not a badge.
MAX_CODE_LENGTH = 64
NONCE_PATTERN = re.compile(r"^[A-Za-z0-9_.:-]{8,64}$")
# An offline device's clock may run a little ahead; later than this is refused as forged.
MAX_CLOCK_SKEW = timedelta(minutes=5)
MAX_BATCH = 500


def undo_window() -> timedelta:
    return timedelta(seconds=getattr(settings, "CHECKIN_UNDO_SECONDS", 300))


class CheckinError(DomainError):
    """A check-in request that cannot be processed (bad device, bad nonce, bad batch...)."""

    code = "checkin_error"
    status = 400


@dataclass
class ScanAnswer:
    """What the scanner shows: the decision, with who it is and why."""

    scan: Scan
    replayed: bool = False
    previous: Scan | None = None
    extra: dict = field(default_factory=dict)

    @property
    def result(self) -> str:
        return self.scan.result

    @property
    def admitted(self) -> bool:
        return self.scan.result == ScanResult.ADMITTED

    def as_dict(self) -> dict:
        scan = self.scan
        attendee = scan.attendee
        category = scan.category
        data = {
            "result": scan.result,
            "colour": RESULT_COLOUR[scan.result],
            "reason": scan.reason,
            "message": scan_message(scan, self.previous),
            "scan_id": scan.pk,
            "nonce": scan.nonce,
            "code": scan.result,
            "badge_code": scan.code,
            "point": scan.point_id,
            "direction": scan.direction,
            "scanned_at": scan.scanned_at.isoformat(),
            "replayed": self.replayed,
            "conflict": scan.conflict_with_id is not None,
            "attendee": None,
            "previous": None,
            "undo_until": None,
        }
        if attendee is not None:
            data["attendee"] = {
                "name": attendee.full_name,
                "organisation": attendee.organisation,
                "position": attendee.position,
                "category": localized(category, "name") if category else "",
                "colour": category.badge_color if category else "",
                "role": localized(category, "role_label") if category else "",
            }
        if self.previous is not None:
            data["previous"] = {
                "at": self.previous.scanned_at.isoformat(),
                "at_display": _local_time(self.previous.scanned_at),
                "point": localized(self.previous.point, "name"),
                "device": self.previous.device.name,
            }
        if scan.result == ScanResult.ADMITTED and scan.undone_at is None:
            data["undo_until"] = (scan.recorded_at + undo_window()).isoformat()
        return data


def _local_time(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "H:i d/m/Y")


def scan_message(scan: Scan, previous: Scan | None = None) -> str:
    """The sentence shown under the colour, in the active language."""
    result = scan.result
    if result == ScanResult.ADMITTED:
        if scan.conflict_with_id:
            return _(
                "Admitted offline, but already admitted at this point: recorded as a conflict."
            )
        if scan.direction == Direction.EXIT:
            return _("Exit recorded.")
        return _("Welcome!")
    if result == ScanResult.ALREADY_CHECKED_IN:
        if previous is not None:
            return _("Already checked in at %(time)s, %(point)s (%(device)s).") % {
                "time": _local_time(previous.scanned_at),
                "point": localized(previous.point, "name"),
                "device": previous.device.name,
            }
        return _("Already checked in at this point.")
    if result == ScanResult.NOT_ADMITTED:
        return {
            RefusalReason.CATEGORY: _("This category is not admitted at this point."),
            RefusalReason.NOT_CONFIRMED: _("The registration is not confirmed."),
            RefusalReason.TOO_EARLY: _("This point is not open yet."),
            RefusalReason.TOO_LATE: _("This point has closed."),
            RefusalReason.WRONG_EDITION: _("This badge is for another edition."),
            RefusalReason.POINT_CLOSED: _("This check-in point is closed."),
        }.get(scan.reason, _("Not admitted here."))
    if result == ScanResult.REVOKED:
        return _("This badge has been revoked; a newer badge was issued or it was cancelled.")
    if result == ScanResult.UNKNOWN:
        return _("Unknown code: this is not one of our badges.")
    return _("This is not a badge code.")


# --- Devices --------------------------------------------------------------------------------


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def register_device(*, user, name: str, user_agent: str = "") -> tuple[Device, str]:
    """Register a scanner device to a staff member; returns the device and its token, shown
    once (only its hash is kept)."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        device = Device.objects.create(
            user=user,
            name=(name or "").strip()[:100] or _("Scanner"),
            token_hash=hash_token(token),
            token_hint=token[:6],
            user_agent=(user_agent or "")[:255],
        )
        record_audit(action="checkin.device_registered", obj=device, actor=user,
                     device=device.name)
    return device, token


def revoke_device(*, device: Device, by, reason: str = "") -> Device:
    """Revoke a device: its scans and offline uploads are refused from now on."""
    with transaction.atomic():
        device = Device.objects.select_for_update().get(pk=device.pk)
        if device.revoked_at is None:
            device.revoked_at = timezone.now()
            device.revoked_reason = (reason or "")[:255]
            device.save(update_fields=["revoked_at", "revoked_reason"])
            record_audit(action="checkin.device_revoked", obj=device, actor=by,
                         data={"reason": device.revoked_reason})
        token_hash = device.token_hash
        transaction.on_commit(lambda: cache.delete(_device_cache_key(token_hash)))
    return device


DEVICE_CACHE_SECONDS = 60


def _device_cache_key(token_hash: str) -> str:
    return f"checkin:device:{token_hash}"


def authenticate_device(token: str | None) -> Device:
    """The active device holding ``token``, whose owner may scan; CheckinError (401/403) otherwise.

    Cached for a minute so that a scan costs no query here; revoking a device clears its entry at
    once, and a role removed from its owner takes effect within the minute.
    """
    if not token or len(token) > 100:
        raise CheckinError(_("This scanner is not registered."), code="device_unknown", status=401)
    token_hash = hash_token(token)
    key = _device_cache_key(token_hash)
    cached = cache.get(key)
    if cached is None:
        device = Device.objects.select_related("user").filter(token_hash=token_hash).first()
        if device is None:
            raise CheckinError(_("This scanner is not registered."), code="device_unknown",
                               status=401)
        may_scan = device.user.is_active and device.user.has_perm("checkin.use_scanner")
        if device.revoked_at is None:
            Device.objects.filter(pk=device.pk).update(last_seen_at=timezone.now())
        cached = (device, may_scan)
        cache.set(key, cached, DEVICE_CACHE_SECONDS)
    device, may_scan = cached
    if device.revoked_at is not None:
        raise CheckinError(
            _("This scanner has been revoked: %(reason)s")
            % {"reason": device.revoked_reason or _("no reason given")},
            code="device_revoked",
            status=403,
        )
    if not may_scan:
        raise CheckinError(_("The staff account of this scanner may not scan badges."),
                           code="device_not_allowed", status=403)
    return device


# --- The decision ----------------------------------------------------------------------------


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
    guarded = _guarded_point(point)
    # Query 1 (none for a malformed code).
    facts = read_badge(normalised, point, guarded) if well_formed else None
    open_admission = facts.open_admission if facts else None

    previous = None
    if facts is None:
        scan.result = ScanResult.UNKNOWN if well_formed else ScanResult.MALFORMED
    else:
        badge = facts.badge
        attendee = badge.attendee
        scan.badge = badge
        scan.attendee = attendee
        scan.category = attendee.registration.category
        refusal = _refusal(facts, point, scanned_at)
        if badge.revoked_at is not None:
            scan.result = ScanResult.REVOKED
        elif refusal:
            scan.result = ScanResult.NOT_ADMITTED
            scan.reason = refusal
        elif point.direction == Direction.EXIT:
            scan.result = ScanResult.ADMITTED
        elif point.once and open_admission is not None:
            previous = open_admission
            if offline and local_result == ScanResult.ADMITTED:
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
    if offline and scan.result == ScanResult.ADMITTED and scan.local_result and (
        scan.local_result != ScanResult.ADMITTED
    ):
        # The scanner refused this badge offline (a stale list, say), so the person did not pass
        # through this scan: record what happened at the door, never an admission.
        scan.result = scan.local_result
        scan.counts_once = False
    if (point.direction == Direction.EXIT and open_admission is not None
            and scan.result == ScanResult.ADMITTED):
        # Exits that reopen an entry-once point: the holder may enter again.
        Scan.objects.filter(pk=open_admission.pk).update(left_at=scanned_at)
    # The INSERT. Two devices admitting one badge at the same instant both get here; PostgreSQL
    # refuses the second (one_open_entry_per_point) and perform_scan decides it again.
    scan.save(force_insert=True)
    return ScanAnswer(scan=scan, previous=previous)


@dataclass
class BadgeFacts:
    """What the decision needs to know about a badge, read in one query."""

    badge: Badge
    # Whether the point limits the categories it admits, and whether it admits this badge's.
    point_limits: bool
    category_admitted: bool
    # The holder's open admission at the guarded entry-once point (None if none or no guard).
    open_admission: Scan | None


@functools.cache
def _badge_sql() -> str:
    """The decision's one SELECT, written out: it runs on every scan at every door, and the ORM
    takes longer to compile it than the database takes to answer (and, prepared once per
    connection, PostgreSQL plans it only once). Table names come from the models."""

    def table(model) -> str:
        return connection.ops.quote_name(model._meta.db_table)

    through = CheckinPoint.categories.through
    # Only quoted table names from the models go into the text; every value is a parameter.
    return f"""
        SELECT b.id, b.revoked_at,
               a.id, a.full_name, a.organisation, a.position,
               r.id, r.edition_id, r.status,
               c.id, c.name, c.name_en, c.badge_color, c.role_label, c.role_label_en,
               EXISTS (SELECT 1 FROM {table(through)} pc WHERE pc.checkinpoint_id = %s),
               EXISTS (SELECT 1 FROM {table(through)} pc
                       WHERE pc.checkinpoint_id = %s AND pc.category_id = r.category_id),
               s.id, s.nonce, s.scanned_at, s.device_id, d.name, s.point_id, p.name, p.name_en
        FROM {table(Badge)} b
        JOIN {table(Attendee)} a ON a.id = b.attendee_id
        JOIN {table(Registration)} r ON r.id = a.registration_id
        JOIN {table(Category)} c ON c.id = r.category_id
        LEFT JOIN {table(Scan)} s
          ON s.attendee_id = a.id AND s.point_id = %s AND s.counts_once = %s
             AND s.undone_at IS NULL AND s.left_at IS NULL AND s.conflict_with_id IS NULL
        LEFT JOIN {table(Device)} d ON d.id = s.device_id
        LEFT JOIN {table(CheckinPoint)} p ON p.id = s.point_id
        WHERE b.code = %s
    """  # noqa: S608


def read_badge(code: str, point: CheckinPoint, guarded: CheckinPoint | None) -> BadgeFacts | None:
    """The badge ``code`` with everything ``perform_scan`` needs to decide at ``point``, in one
    query; None for a code that is not one of ours. At most one open admission can match (the
    ``one_open_entry_per_point`` constraint), so the row is never repeated."""
    row = fetch_one_prepared(
        _badge_sql(), [point.pk, point.pk, guarded.pk if guarded else None, True, code]
    )
    if row is None:
        return None
    (badge_id, revoked_at, attendee_id, full_name, organisation, position,
     registration_id, edition_id, status,
     category_id, name, name_en, badge_color, role_label, role_label_en,
     point_limits, category_admitted,
     scan_id, scan_nonce, scan_at, device_id, device_name,
     scan_point_id, point_name, point_name_en) = row
    category = Category(id=category_id, edition_id=edition_id, name=name, name_en=name_en,
                        badge_color=badge_color, role_label=role_label,
                        role_label_en=role_label_en)
    registration = Registration(id=registration_id, edition_id=edition_id, status=status,
                                category=category)
    attendee = Attendee(id=attendee_id, registration=registration, full_name=full_name,
                        organisation=organisation, position=position)
    badge = Badge(id=badge_id, code=code, attendee=attendee, revoked_at=revoked_at)
    open_admission = None
    if scan_id is not None:
        open_admission = Scan(
            id=scan_id, nonce=scan_nonce, scanned_at=_aware(scan_at), attendee=attendee,
            device=Device(id=device_id, name=device_name),
            point=CheckinPoint(id=scan_point_id, name=point_name, name_en=point_name_en),
        )
    return BadgeFacts(badge=badge, point_limits=bool(point_limits),
                      category_admitted=bool(category_admitted), open_admission=open_admission)


def _aware(moment):
    """A timestamp from a raw query: aware on PostgreSQL, text or naive UTC on SQLite."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment, UTC)
    return moment


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


# --- Undo ------------------------------------------------------------------------------------


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


# --- Offline uploads -------------------------------------------------------------------------


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
    answers = []
    for item in items:
        if not isinstance(item, dict):
            answers.append({"code": "bad_item", "message": _("Not a scan.")})
            continue
        nonce = item.get("nonce")
        point = points.get(item.get("point"))
        scanned_at = _parse_time(item.get("scanned_at"))
        if point is None:
            answers.append({"nonce": nonce, "code": "unknown_point",
                            "message": _("Unknown check-in point.")})
            continue
        if scanned_at is None:
            answers.append({"nonce": nonce, "code": "bad_time",
                            "message": _("The scan time is missing or not a valid time.")})
            continue
        code = item.get("code")
        try:
            answer = perform_scan(
                code=code if isinstance(code, str) else "",
                point=point, device=device, nonce=nonce if isinstance(nonce, str) else "",
                scanned_at=scanned_at, by=by, method=str(item.get("method") or ""),
                offline=True, local_result=str(item.get("local_result") or ""),
            )
        except CheckinError as error:
            answers.append({"nonce": nonce, **error.as_dict()})
            continue
        answers.append(answer.as_dict())
    return answers


# --- The desk on the day ---------------------------------------------------------------------


def register_walk_in(
    *, edition, category, full_name: str, email: str, by, organisation: str = "",
    position: str = "", phone: str = "", language: str = "vi", paid_at_desk: bool = False,
) -> Attendee:
    """Register someone at the desk on the day, confirmed at once with a badge.

    Goes through the registration app's own ``start_registration`` (capacity under its locks,
    duplicates refused, audit, confirmation email with the badge) and then
    ``confirm_registration``: the desk has seen the person, and for a paid category has taken the
    payment (``paid_at_desk``). The new badge is admitted by online scanners at once and by
    offline ones after their next manifest refresh. Raises DomainError (shown on the form).
    """
    if category.edition_id != edition.pk:
        raise CheckinError(_("This category belongs to another edition."), code="wrong_edition")
    if not category.is_free and not paid_at_desk:
        raise CheckinError(_("This category is paid: take the payment first, then tick "
                             "“paid at the desk”."), code="payment_needed")
    with transaction.atomic():
        registration = start_registration(
            category=category,
            attendees=[{"full_name": full_name, "email": email, "organisation": organisation,
                        "position": position, "phone": phone, "language": language}],
            contact_email=email,
            language=language,
            # The person agrees at the desk to the same text the online form shows.
            consent_version=get_registration_settings(edition).consent_version,
            payment_method=PaymentMethod.FREE if category.is_free else (
                PaymentMethod.BANK_TRANSFER
            ),
            by=by,
            device="desk",
            ignore_sale_window=True,
        )
        registration = confirm_registration(registration=registration, by=by, device="desk")
        attendee = registration.attendees.get()
        record_audit(action="checkin.walk_in_registered", obj=registration, actor=by,
                     device="desk", data={"attendee": attendee.pk, "category": category.pk,
                                          "paid_at_desk": paid_at_desk})
    return attendee
