"""Reads used by the scanner, the desk and the dashboard."""

import functools
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import connection
from django.db.models import Count, F, Q, Value
from django.db.models.functions import Replace, TruncMinute
from django.utils import timezone

from conference.common.db import fetch_one_prepared
from conference.common.i18n import localized
from conference.common.text import search_terms
from conference.registration.enums import RegistrationStatus
from conference.registration.models import Attendee, Badge, Category, Registration

from .enums import Direction, RefusalReason, ScanResult
from .models import CheckinPoint, Device, Scan
from .signals import manifest_seats

MANIFEST_FORMAT = 1


def session_label(session) -> str:
    """"09:00–10:30 · Title" in the venue's time and the active language."""
    if session is None:
        return ""
    start, end = timezone.localtime(session.start), timezone.localtime(session.end)
    return f"{start:%H:%M}–{end:%H:%M} · {localized(session, 'title')}"


def point_payload(point: CheckinPoint) -> dict:
    """A point as the scanner lists it (``session`` selected with it)."""
    opens, closes = point.window()
    session = point.session if point.session_id else None
    return {
        "id": point.pk,
        "name": localized(point, "name"),
        "direction": point.direction,
        "once": point.once,
        "opens_at": opens.isoformat() if opens else None,
        "closes_at": closes.isoformat() if closes else None,
        "session": {"id": session.pk, "label": session_label(session)} if session else None,
    }


def build_manifest(*, point: CheckinPoint) -> dict:
    """What a scanner needs to decide offline at ``point``: three queries whatever the size.

    Compact on purpose (arrays, not objects; categories by index): 3,000 attendees fit in well
    under 300 KB gzipped. Admissible badges carry the name, organisation and category to show;
    badges the point must refuse (revoked, unconfirmed, other category) carry only their code and
    the reason, so a lost phone holds as little personal data as possible.
    """
    categories = list(Category.objects.filter(edition_id=point.edition_id).order_by("pk"))
    limits = set(point.categories.values_list("pk", flat=True))
    index = {category.pk: i for i, category in enumerate(categories)}
    admit, refuse = [], []
    seats: dict = {}
    for _receiver, answer in manifest_seats.send(sender=Scan, point=point):
        seats.update(answer or {})
    rows = (
        Badge.objects.filter(attendee__registration__edition_id=point.edition_id)
        .order_by("pk")
        .values_list(
            "code", "revoked_at", "attendee__full_name", "attendee__organisation",
            "attendee__registration__category_id", "attendee__registration__status",
            "attendee_id",
        )
    )
    for code, revoked_at, name, organisation, category_id, status, attendee_id in rows.iterator(
        chunk_size=5000
    ):
        if revoked_at is not None:
            refuse.append([code, ScanResult.REVOKED.value])
        elif status != RegistrationStatus.CONFIRMED:
            refuse.append([code, RefusalReason.NOT_CONFIRMED.value])
        elif limits and category_id not in limits:
            refuse.append([code, RefusalReason.CATEGORY.value])
        elif attendee_id in seats:
            admit.append([code, name, organisation, index.get(category_id, -1),
                          seats[attendee_id]])
        else:
            admit.append([code, name, organisation, index.get(category_id, -1)])
    inside: list[str] = []
    opens, closes = point.window()
    if point.direction == Direction.ENTRY and point.once:
        inside = list(
            Scan.objects.filter(
                point=point, counts_once=True, undone_at__isnull=True, left_at__isnull=True,
                conflict_with__isnull=True, badge__revoked_at__isnull=True,
            ).values_list("badge__code", flat=True)
        )
    body = {
        "format": MANIFEST_FORMAT,
        "point": {
            "id": point.pk,
            "name": point.name,
            "name_en": point.name_en,
            "direction": point.direction,
            "once": point.once,
            "active": point.is_active,
            # The window the server applies: the point's own, else its session's.
            "opens_at": opens.isoformat() if opens else None,
            "closes_at": closes.isoformat() if closes else None,
            "session": point.session_id,
        },
        "categories": [
            [c.name, c.name_en, c.badge_color, c.role_label, c.role_label_en] for c in categories
        ],
        "admit": admit,
        "refuse": refuse,
        "inside": inside,
    }
    raw = json.dumps(body, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    body["version"] = hashlib.sha256(raw.encode()).hexdigest()[:20]
    body["generated_at"] = timezone.now().isoformat()
    return body


# --- The scan decision's one read ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Holder:
    """The badge's holder as the decision and the scanner's answer need them: plain values read
    by ``read_badge`` (building model instances took longer than the query), or taken from a
    recorded scan's rows (``from_scan``). Bilingual as ``localized`` reads them:
    ``localized(holder, "category_name")``, ``localized(holder, "role_label")``."""

    attendee_id: int
    full_name: str
    organisation: str
    position: str
    registration_id: int
    edition_id: int
    status: str
    category_id: int | None
    category_name: str
    category_name_en: str
    badge_color: str
    role_label: str
    role_label_en: str

    @classmethod
    def from_scan(cls, scan: Scan) -> "Holder | None":
        """The holder of a recorded scan (its attendee and category loaded), None if none."""
        attendee, category = scan.attendee, scan.category
        if attendee is None:
            return None
        registration = attendee.registration
        return cls(
            attendee_id=attendee.pk, full_name=attendee.full_name,
            organisation=attendee.organisation, position=attendee.position,
            registration_id=registration.pk, edition_id=registration.edition_id,
            status=registration.status, category_id=category.pk if category else None,
            category_name=category.name if category else "",
            category_name_en=category.name_en if category else "",
            badge_color=category.badge_color if category else "",
            role_label=category.role_label if category else "",
            role_label_en=category.role_label_en if category else "",
        )


@dataclass(frozen=True, slots=True)
class Admission:
    """An earlier admission the scanner names ("already checked in at 08:12, Main gate (Door
    2)"): when, where (``localized(admission, "point_name")``) and on which device."""

    id: int
    nonce: str
    scanned_at: datetime
    device_name: str
    point_id: int
    point_name: str
    point_name_en: str

    @classmethod
    def from_scan(cls, scan: Scan) -> "Admission":
        """From a recorded scan, its point and device loaded."""
        return cls(id=scan.pk, nonce=scan.nonce, scanned_at=scan.scanned_at,
                   device_name=scan.device.name, point_id=scan.point_id,
                   point_name=scan.point.name, point_name_en=scan.point.name_en)


@dataclass(frozen=True, slots=True)
class BadgeFacts:
    """What the decision needs to know about a badge, read in one query."""

    badge_id: int
    revoked_at: datetime | None
    holder: Holder
    # Whether the point limits the categories it admits, and whether it admits this badge's.
    point_limits: bool
    category_admitted: bool
    # The holder's open admission at the guarded entry-once point (None if none or no guard).
    open_admission: Admission | None


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
          ON s.attendee_id = a.id AND s.point_id = %s AND s.counts_once
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
        _badge_sql(), [point.pk, point.pk, guarded.pk if guarded else None, code]
    )
    if row is None:
        return None
    (badge_id, revoked_at, attendee_id, full_name, organisation, position,
     registration_id, edition_id, status,
     category_id, name, name_en, badge_color, role_label, role_label_en,
     point_limits, category_admitted,
     scan_id, scan_nonce, scan_at, _device_id, device_name,
     scan_point_id, point_name, point_name_en) = row
    holder = Holder(
        attendee_id=attendee_id, full_name=full_name, organisation=organisation,
        position=position, registration_id=registration_id, edition_id=edition_id,
        status=status, category_id=category_id, category_name=name, category_name_en=name_en,
        badge_color=badge_color, role_label=role_label, role_label_en=role_label_en,
    )
    open_admission = None
    if scan_id is not None:
        open_admission = Admission(
            id=scan_id, nonce=scan_nonce, scanned_at=_aware(scan_at), device_name=device_name,
            point_id=scan_point_id, point_name=point_name, point_name_en=point_name_en,
        )
    return BadgeFacts(badge_id=badge_id, revoked_at=revoked_at, holder=holder,
                      point_limits=bool(point_limits), category_admitted=bool(category_admitted),
                      open_admission=open_admission)


def _aware(moment):
    """A timestamp from a raw query: aware on PostgreSQL, text or naive UTC on SQLite."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment, UTC)
    return moment


# --- The desk and the scanner's search --------------------------------------------------------


def search_attendees(*, edition, query: str, limit: int = 20) -> list[Attendee]:
    """Attendees of ``edition`` matching every word of ``query`` in name, email, phone or
    organisation, without diacritics ("nguyen thi" finds "Nguyễn Thị"). Two queries."""
    terms = search_terms(query)
    digits = "".join(ch for ch in query or "" if ch.isdigit())
    if not terms:
        return []
    condition = Q()
    for term in terms:
        condition &= Q(search_text__contains=term)
    rows = Attendee.objects.all()
    if len(digits) >= 6:
        # Phones are typed any way ("0905 123 456", "+84 905-123-456"): compare digits only.
        if digits.startswith("84"):
            digits = "0" + digits[2:]
        rows = rows.annotate(phone_digits=_digits_only("phone"))
        condition |= Q(phone_digits__contains=digits.lstrip("0")[-9:])
    attendees = list(
        rows.filter(condition, registration__edition=edition)
        .select_related("registration__category")
        .order_by("full_name", "pk")[:limit]
    )
    active = {
        badge.attendee_id: badge
        for badge in Badge.objects.filter(attendee__in=attendees, revoked_at__isnull=True)
    }
    for attendee in attendees:
        attendee.active_badge = active.get(attendee.pk)
    return attendees


def _digits_only(field: str):
    expression = F(field)
    for separator in (" ", ".", "-", "+", "(", ")"):
        expression = Replace(expression, Value(separator), Value(""))
    return expression


def attendee_payload(attendee: Attendee) -> dict:
    category = attendee.registration.category
    badge = getattr(attendee, "active_badge", None)
    return {
        "id": attendee.pk,
        "name": attendee.full_name,
        "organisation": attendee.organisation,
        "email": attendee.email,
        "phone": attendee.phone,
        "category": localized(category, "name"),
        "colour": category.badge_color,
        "status": attendee.registration.status,
        "status_display": str(attendee.registration.get_status_display()),
        "code": badge.code if badge else "",
    }


# --- Dashboard -------------------------------------------------------------------------------

INTERVAL = timedelta(minutes=15)


def _bucket(moment: datetime) -> datetime:
    local = timezone.localtime(moment)
    return local.replace(minute=local.minute - local.minute % 15, second=0, microsecond=0)


def arrivals(*, edition, since: datetime | None = None) -> dict:
    """Admissions of ``edition`` per point, category and 15-minute interval; people per point;
    conflicts. Six queries whatever the number of scans (the database groups per minute)."""
    points = list(
        CheckinPoint.objects.filter(edition=edition).select_related("session")
        .order_by("sort_order", "pk")
    )
    categories = list(Category.objects.filter(edition=edition).order_by("sort_order", "pk"))
    scans = Scan.objects.filter(
        point__edition=edition, result=ScanResult.ADMITTED, undone_at__isnull=True,
        conflict_with__isnull=True,
    )
    if since is not None:
        scans = scans.filter(scanned_at__gte=since)
    grouped = (
        scans.annotate(minute=TruncMinute("scanned_at"))
        .values("point_id", "category_id", "direction", "minute")
        .annotate(n=Count("pk"))
        .order_by()
    )
    per_point: dict[int, dict] = defaultdict(lambda: {"entries": 0, "exits": 0})
    per_category: dict[int | None, int] = defaultdict(int)
    per_interval: dict[datetime, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    per_interval_category: dict[datetime, dict] = defaultdict(lambda: defaultdict(int))
    for row in grouped:
        if row["direction"] == Direction.EXIT:
            per_point[row["point_id"]]["exits"] += row["n"]
            continue
        per_point[row["point_id"]]["entries"] += row["n"]
        per_category[row["category_id"]] += row["n"]
        bucket = _bucket(row["minute"])
        per_interval[bucket][row["point_id"]] += row["n"]
        per_interval_category[bucket][row["category_id"]] += row["n"]
    people_per_point = dict(
        scans.filter(direction=Direction.ENTRY)
        .values("point_id")
        .annotate(n=Count("attendee_id", distinct=True))
        .order_by()
        .values_list("point_id", "n")
    )
    people = (
        scans.filter(direction=Direction.ENTRY).values("attendee_id").distinct().count()
    )
    conflicts = list(
        Scan.objects.filter(point__edition=edition, conflict_with__isnull=False)
        .select_related("point", "device", "attendee", "conflict_with__device",
                        "conflict_with__point")
        .order_by("-scanned_at")[:100]
    )
    intervals = sorted(per_interval)
    return {
        "generated_at": timezone.now().isoformat(),
        "people": people,
        "points": [
            {
                "id": p.pk,
                "name": localized(p, "name"),
                "session": session_label(p.session if p.session_id else None),
                "direction": p.direction,
                "people": people_per_point.get(p.pk, 0),
                "entries": per_point[p.pk]["entries"],
                "exits": per_point[p.pk]["exits"],
            }
            for p in points
        ],
        "categories": [
            {"id": c.pk, "name": localized(c, "name"), "colour": c.badge_color,
             "entries": per_category.get(c.pk, 0)}
            for c in categories
        ],
        "intervals": [
            {
                "start": start.isoformat(),
                "label": start.strftime("%H:%M"),
                "counts": {str(pk): n for pk, n in per_interval[start].items()},
                "categories": {
                    str(pk): n for pk, n in per_interval_category[start].items()
                },
                "total": sum(per_interval[start].values()),
            }
            for start in intervals
        ],
        "conflicts": [
            {
                "id": scan.pk,
                "code": scan.code,
                "name": scan.attendee.full_name if scan.attendee else "",
                "point": localized(scan.point, "name"),
                "device": scan.device.name,
                "at": timezone.localtime(scan.scanned_at).strftime("%H:%M:%S %d/%m/%Y"),
                "first_device": scan.conflict_with.device.name,
                "first_at": timezone.localtime(scan.conflict_with.scanned_at).strftime(
                    "%H:%M:%S %d/%m/%Y"
                ),
            }
            for scan in conflicts
        ],
    }
