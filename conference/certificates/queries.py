"""Reads about attendance: who earns a certificate, and whose certificates a person may see."""

from collections import defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q, QuerySet
from django.db.models.functions import TruncDate

from checkin.enums import Direction, ScanResult
from checkin.models import CheckinPoint, Scan
from cms.models import Session

from .models import AttendanceCertificate


def default_points(edition) -> QuerySet[CheckinPoint]:
    """The points that prove attendance unless the organisers choose others: the entry doors
    that are not a session's (the main entrance, the halls' outer doors)."""
    return CheckinPoint.objects.filter(edition=edition, direction=Direction.ENTRY,
                                       session__isnull=True)


def admissions(edition) -> QuerySet[Scan]:
    """Every admission of an attendee of ``edition`` that stands (not undone). An offline scan
    marked as a conflict still shows the person was inside."""
    return Scan.objects.filter(
        point__edition=edition, attendee__registration__edition=edition,
        result=ScanResult.ADMITTED, direction=Direction.ENTRY, undone_at__isnull=True,
    )


def attendance(edition, points) -> dict[int, list[str]]:
    """attendee id -> the local days (ISO) they were admitted at one of ``points``. One query.

    Only these attendees may get a certificate: nobody without a scan."""
    zone = ZoneInfo(settings.TIME_ZONE)
    rows = (
        admissions(edition).filter(point__in=points)
        .annotate(day=TruncDate("scanned_at", tzinfo=zone))
        .values_list("attendee_id", "day").distinct().order_by()
    )
    days: dict[int, list[str]] = defaultdict(list)
    for attendee_id, day in rows:
        days[attendee_id].append(day.isoformat())
    for value in days.values():
        value.sort()
    return dict(days)


def sessions_attended(edition, attendee_ids=None) -> dict[int, list[dict]]:
    """attendee id -> the sessions whose door admitted them, in time order. Two queries."""
    scans = admissions(edition).filter(point__session__isnull=False)
    if attendee_ids is not None:
        scans = scans.filter(attendee_id__in=attendee_ids)
    pairs = scans.values_list("attendee_id", "point__session_id").distinct().order_by()
    per_attendee: dict[int, set[int]] = defaultdict(set)
    for attendee_id, session_id in pairs:
        per_attendee[attendee_id].add(session_id)
    wanted = set().union(*per_attendee.values()) if per_attendee else set()
    sessions = {
        s.pk: s for s in Session.objects.filter(pk__in=wanted).only("title", "title_en", "start")
    }

    def payload(session: Session) -> dict:
        return {"id": session.pk, "title": session.title, "title_en": session.title_en,
                "start": session.start.isoformat() if session.start else ""}

    return {
        attendee_id: [payload(sessions[pk]) for pk in
                      sorted(ids, key=lambda pk: (sessions[pk].start, pk)) if pk in sessions]
        for attendee_id, ids in per_attendee.items()
    }


def certificates_of(user) -> QuerySet[AttendanceCertificate]:
    """The valid certificates a person may download: their own (by account or e-mail) and those
    of the delegation they registered."""
    if not getattr(user, "is_authenticated", False):
        return AttendanceCertificate.objects.none()
    return (
        AttendanceCertificate.objects.filter(revoked_at__isnull=True)
        .filter(Q(attendee__user=user) | Q(attendee__email=user.email.lower())
                | Q(attendee__registration__contact=user))
        .select_related("edition", "attendee")
        .order_by("-edition__year", "full_name", "pk")
    )


def by_code(code: str) -> AttendanceCertificate | None:
    return AttendanceCertificate.objects.filter(code=code).select_related("edition").first()
