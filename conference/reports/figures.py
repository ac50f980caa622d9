"""The figures of the post-event report, counted from the records (registrations, check-in
scans, sessions, awards, certificates, the outbox). ``collect`` returns plain JSON-ready data,
language-neutral (names in both languages); ``layout`` turns it into tables in one language.

About twenty queries whatever the size of the edition: the database groups the scans, Python
groups the attendees (one row each).
"""

import datetime
from collections import Counter, defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Avg, Count, Min, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from checkin.enums import Direction, ScanResult
from checkin.models import CheckinPoint, Scan
from cms.models import Session
from conference.awards.enums import NominationStatus
from conference.awards.models import AwardCycle, CategoryJudge, JudgeAssignment, Nomination
from conference.certificates.models import AttendanceCertificate
from conference.certificates.queries import admissions
from conference.common.enums import OutboxStatus
from conference.common.models import OutboxMessage
from conference.feedback.models import SessionFeedback
from conference.invitations.enums import OPEN_STATUSES, InvitationStatus
from conference.invitations.models import Invitation
from conference.registration.enums import RegistrationStatus
from conference.registration.models import Attendee, Category, InvitationCode, Registration

INTERVAL_MINUTES = 15


def collect(edition, progress=None) -> dict:
    """Every figure of the report for ``edition``. ``progress(label)`` is called between parts."""
    step = progress or (lambda label: None)
    checked_in = set(admissions(edition).values_list("attendee_id", flat=True).distinct())
    figures = {
        "edition": {
            "id": edition.pk, "year": edition.year, "name": edition.name,
            "name_en": edition.name_en, "venue": edition.venue, "venue_en": edition.venue_en,
            "start": edition.start_date.isoformat(), "end": edition.end_date.isoformat(),
        },
        "generated_at": timezone.now().isoformat(),
    }
    figures.update(registrations(edition, checked_in))
    step("registrations")
    figures["invitations"] = invitations(edition)
    figures["attendance"] = attendance(edition, checked_in)
    step("attendance")
    figures["sessions"] = sessions(edition)
    figures["press"] = press(edition, checked_in)
    step("sessions")
    figures["awards"] = awards(edition)
    figures["certificates"] = certificates(edition)
    figures["emails"] = emails(edition)
    step("awards")
    return figures


def registrations(edition, checked_in: set[int]) -> dict:
    categories = list(Category.objects.filter(edition=edition).order_by("sort_order", "pk"))
    per_status = defaultdict(Counter)
    revenue = Counter()
    for row in (Registration.objects.filter(edition=edition)
                .values("category_id", "status")
                .annotate(n=Count("pk"), paid=Sum("amount_vnd")).order_by()):
        per_status[row["category_id"]][row["status"]] += row["n"]
        if row["status"] == RegistrationStatus.CONFIRMED:
            revenue[row["category_id"]] += row["paid"] or 0
    attendees = list(
        Attendee.objects.filter(registration__edition=edition,
                                registration__status=RegistrationStatus.CONFIRMED)
        .values_list("pk", "registration__category_id", "organisation_type", "province")
    )
    by_category, by_type, by_province = Counter(), Counter(), Counter()
    in_category, in_type, in_province = Counter(), Counter(), Counter()
    for pk, category_id, organisation_type, province in attendees:
        came = pk in checked_in
        by_category[category_id] += 1
        by_type[organisation_type] += 1
        by_province[province] += 1
        in_category[category_id] += came
        in_type[organisation_type] += came
        in_province[province] += came
    statuses = Counter()
    for counts in per_status.values():
        statuses.update(counts)
    return {
        "registrations": {
            "statuses": dict(statuses),
            "by_category": [
                {"id": c.pk, "name": c.name, "name_en": c.name_en,
                 "registrations": sum(per_status[c.pk].values()),
                 "confirmed": per_status[c.pk][RegistrationStatus.CONFIRMED],
                 "pending": sum(per_status[c.pk][s] for s in (
                     RegistrationStatus.HELD, RegistrationStatus.AWAITING_PAYMENT,
                     RegistrationStatus.PENDING_APPROVAL)),
                 "cancelled": sum(per_status[c.pk][s] for s in (
                     RegistrationStatus.CANCELLED, RegistrationStatus.REJECTED,
                     RegistrationStatus.EXPIRED)),
                 "attendees": by_category[c.pk], "checked_in": in_category[c.pk],
                 "revenue_vnd": revenue[c.pk]}
                for c in categories
            ],
        },
        "by_organisation_type": [
            {"key": key, "attendees": n, "checked_in": in_type[key]}
            for key, n in sorted(by_type.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "by_province": [
            {"key": key, "attendees": n, "checked_in": in_province[key]}
            for key, n in sorted(by_province.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
    }


def invitations(edition) -> dict:
    """Named invitations (people and organisations with seats) by answer, and the invitation
    codes of the edition's categories with how many registrations used each."""
    codes = (InvitationCode.objects.filter(category__edition=edition)
             .select_related("category")
             .annotate(used=Count("registrations"),
                       confirmed=Count("registrations", filter=Q(
                           registrations__status=RegistrationStatus.CONFIRMED)))
             .order_by("category__sort_order", "code"))
    return {
        "codes": [{"code": c.code, "category": c.category.name,
                   "category_en": c.category.name_en, "max_uses": c.max_uses,
                   "used": c.used, "confirmed": c.confirmed} for c in codes],
        "named": named_invitations(edition),
    }


def named_invitations(edition) -> dict:
    answered = {InvitationStatus.ACCEPTED, InvitationStatus.DECLINED}
    sent = Invitation.objects.filter(edition=edition, sent_at__isnull=False)
    counts = dict(sent.values("status").annotate(n=Count("pk")).values_list("status", "n")
                  .order_by())
    seats = sent.aggregate(invited=Sum("seats"), accepted=Sum(
        "seats", filter=Q(status=InvitationStatus.ACCEPTED)))
    return {
        "sent": sum(counts.values()),
        "opened": sent.filter(opened_at__isnull=False).count(),
        "accepted": counts.get(InvitationStatus.ACCEPTED, 0),
        "declined": counts.get(InvitationStatus.DECLINED, 0),
        "unanswered": sum(n for s, n in counts.items() if s in OPEN_STATUSES),
        "expired_or_withdrawn": sum(n for s, n in counts.items()
                                    if s not in answered and s not in OPEN_STATUSES),
        "seats_invited": seats["invited"] or 0,
        "seats_accepted": seats["accepted"] or 0,
        "drafted": Invitation.objects.filter(edition=edition, sent_at__isnull=True).count(),
    }


def _bucket(moment: datetime.datetime) -> datetime.datetime:
    local = timezone.localtime(moment)
    return local.replace(minute=local.minute - local.minute % INTERVAL_MINUTES, second=0,
                         microsecond=0)


def attendance(edition, checked_in: set[int]) -> dict:
    registered = Attendee.objects.filter(
        registration__edition=edition,
        registration__status=RegistrationStatus.CONFIRMED).count()
    points = list(CheckinPoint.objects.filter(edition=edition).order_by("sort_order", "pk"))
    stands = Q(result=ScanResult.ADMITTED, undone_at__isnull=True)
    per_point = {
        row["point_id"]: row for row in
        Scan.objects.filter(point__edition=edition).filter(stands)
        .values("point_id")
        .annotate(entries=Count("pk", filter=Q(direction=Direction.ENTRY)),
                  exits=Count("pk", filter=Q(direction=Direction.EXIT)),
                  people=Count("attendee_id", distinct=True,
                               filter=Q(direction=Direction.ENTRY)))
        .order_by()
    }
    refused = Scan.objects.filter(point__edition=edition).exclude(
        result=ScanResult.ADMITTED).count()
    zone = ZoneInfo(settings.TIME_ZONE)
    # Arrival: a person's first admission of each day, at any entry point.
    firsts = (admissions(edition)
              .annotate(day=TruncDate("scanned_at", tzinfo=zone))
              .values("attendee_id", "day").annotate(first=Min("scanned_at")).order_by())
    arrivals = Counter(_bucket(row["first"]) for row in firsts)
    days = sorted({moment.date() for moment in arrivals})
    return {
        "registered": registered,
        "checked_in": len(checked_in),
        "refused_scans": refused,
        "points": [
            {"name": p.name, "name_en": p.name_en, "direction": p.direction,
             "people": per_point.get(p.pk, {}).get("people", 0),
             "entries": per_point.get(p.pk, {}).get("entries", 0),
             "exits": per_point.get(p.pk, {}).get("exits", 0)}
            for p in points
        ],
        "arrivals": [{"start": start.isoformat(), "count": arrivals[start]}
                     for start in _intervals(arrivals)],
        "days": [day.isoformat() for day in days],
    }


def _intervals(counts: Counter) -> list[datetime.datetime]:
    """Every interval from the first arrival to the last of each day, empty ones included (a
    chart with gaps left out would mislead)."""
    result = []
    per_day = defaultdict(list)
    for moment in counts:
        per_day[moment.date()].append(moment)
    for day in sorted(per_day):
        moment, last = min(per_day[day]), max(per_day[day])
        while moment <= last:
            result.append(moment)
            moment += datetime.timedelta(minutes=INTERVAL_MINUTES)
    return result


def sessions(edition) -> list[dict]:
    """Each session with the people its doors admitted and its feedback (ratings 1-5)."""
    attended = dict(
        admissions(edition).filter(point__session__isnull=False)
        .values("point__session_id")
        .annotate(n=Count("attendee_id", distinct=True))
        .values_list("point__session_id", "n").order_by()
    )
    feedback = {
        row["session_id"]: row for row in
        SessionFeedback.objects.filter(session__edition=edition).values("session_id")
        .annotate(n=Count("pk"), average=Avg("rating")).order_by()
    }
    rows = (Session.objects.filter(edition=edition, live=True).select_related("room")
            .order_by("start", "pk"))
    return [
        {"id": s.pk, "title": s.title, "title_en": s.title_en,
         "start": s.start.isoformat(), "end": s.end.isoformat(),
         "room": s.room.name if s.room_id else "",
         "room_en": (s.room.name_en or s.room.name) if s.room_id else "",
         "capacity": s.capacity, "attended": attended.get(s.pk),
         "feedback_count": feedback.get(s.pk, {}).get("n", 0),
         "feedback_average": float(feedback[s.pk]["average"]) if s.pk in feedback else None}
        for s in rows
    ]


def press(edition, checked_in: set[int]) -> dict:
    """Press: the confirmed attendees of the accreditation categories (those asking for a
    press card, and those listed in GOVCONF_REPORT_PRESS_CATEGORIES), by outlet."""
    rows = list(
        Attendee.objects.filter(registration__edition=edition,
                                registration__status=RegistrationStatus.CONFIRMED)
        .filter(Q(registration__category__asks_press_card=True)
                | Q(registration__category__code__in=settings.GOVCONF_REPORT_PRESS_CATEGORIES))
        .values_list("pk", "organisation")
    )
    outlets, came = Counter(), Counter()
    for pk, organisation in rows:
        outlets[organisation] += 1
        came[organisation] += pk in checked_in
    return {
        "accredited": len(rows),
        "checked_in": sum(came.values()),
        "outlets": [{"organisation": name, "accredited": n, "checked_in": came[name]}
                    for name, n in sorted(outlets.items(), key=lambda kv: (-kv[1], kv[0]))],
    }


def awards(edition) -> dict:
    cycle = AwardCycle.objects.filter(edition=edition).first()
    if cycle is None:
        return {"cycle": None}
    nominations = Nomination.objects.filter(cycle=cycle)
    statuses = dict(nominations.values("status").annotate(n=Count("pk"))
                    .values_list("status", "n").order_by())
    judges = dict(CategoryJudge.objects.filter(category__cycle=cycle).values("category_id")
                  .annotate(n=Count("pk")).values_list("category_id", "n").order_by())
    assignments = {
        row["nomination__category_id"]: row for row in
        JudgeAssignment.objects.filter(nomination__cycle=cycle)
        .values("nomination__category_id")
        .annotate(total=Count("pk"), submitted=Count("pk", filter=Q(submitted_at__isnull=False)))
        .order_by()
    }
    per_category = defaultdict(Counter)
    for category_id, status in nominations.values_list("category_id", "status"):
        per_category[category_id][status] += 1
    winners = defaultdict(list)
    for nomination in (nominations.filter(status__in=[NominationStatus.WINNER,
                                                      NominationStatus.FINALIST])
                       .order_by("status", "nominee_name")):
        winners[nomination.category_id].append({
            "name": nomination.nominee_name, "organisation": nomination.nominee_organisation,
            "status": nomination.status})
    categories = cycle.categories.order_by("sort_order", "pk")
    return {
        "cycle": {"name": cycle.name, "name_en": cycle.name_en},
        "statuses": statuses,
        "categories": [
            {"name": c.name, "name_en": c.name_en,
             "nominations": sum(n for s, n in per_category[c.pk].items()
                                if s != NominationStatus.DRAFT),
             "judges": judges.get(c.pk, 0),
             "assignments": assignments.get(c.pk, {}).get("total", 0),
             "submitted": assignments.get(c.pk, {}).get("submitted", 0),
             "finalists": per_category[c.pk][NominationStatus.FINALIST],
             "winners": per_category[c.pk][NominationStatus.WINNER],
             "distinguished": winners[c.pk]}
            for c in categories
        ],
    }


def certificates(edition) -> dict:
    counts = AttendanceCertificate.objects.filter(edition=edition).aggregate(
        issued=Count("pk"), revoked=Count("pk", filter=Q(revoked_at__isnull=False)),
        emailed=Count("pk", filter=Q(emailed_at__isnull=False)))
    return {**counts, "valid": counts["issued"] - counts["revoked"]}


def emails(edition) -> dict:
    """E-mails to the edition's attendees and registration contacts, from its first
    registration until the next edition's first one, by kind (template) and status."""
    first = Registration.objects.filter(edition=edition).aggregate(at=Min("created_at"))["at"]
    if first is None:
        return {"by_status": {}, "by_template": []}
    later = Registration.objects.filter(edition__year__gt=edition.year).aggregate(
        at=Min("created_at"))["at"]
    recipients = Attendee.objects.filter(registration__edition=edition).values("email")
    contacts = Registration.objects.filter(edition=edition).values("contact_email")
    messages = OutboxMessage.objects.filter(created_at__gte=first).filter(
        Q(to__in=recipients) | Q(to__in=contacts))
    if later is not None:
        messages = messages.filter(created_at__lt=later)
    by_template = defaultdict(Counter)
    for row in messages.values("template", "status").annotate(n=Count("pk")).order_by():
        by_template[row["template"]][row["status"]] += row["n"]
    by_status = Counter()
    for counts in by_template.values():
        by_status.update(counts)
    return {
        "by_status": {status: by_status[status] for status in OutboxStatus.values},
        "by_template": [
            {"template": template, "total": sum(counts.values()),
             **{status: counts[status] for status in OutboxStatus.values}}
            for template, counts in sorted(by_template.items())
        ],
    }
