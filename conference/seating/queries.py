"""Reads of seating used by the badge, the scanner, the desk's prints and the invitation."""

from django.utils import translation

from checkin.scan_cache import scan_cache
from conference.common.i18n import localized

from .models import SeatAssignment, seat_label

DOORS_CACHE_KEY = "seating:doors"
DOORS_CACHE_SECONDS = 300


def seats_of(attendee_ids) -> dict[int, list[SeatAssignment]]:
    """Each attendee's seats, plan order (one query)."""
    found: dict[int, list[SeatAssignment]] = {}
    rows = (SeatAssignment.objects.filter(attendee_id__in=list(attendee_ids))
            .select_related("plan", "seat__section")
            .order_by("plan__sort_order", "plan_id"))
    for assignment in rows:
        found.setdefault(assignment.attendee_id, []).append(assignment)
    return found


def seat_text(assignment: SeatAssignment, *, with_plan: bool = True) -> str:
    """"Phiên toàn thể: Hàng A, ghế 5" in the active language; the section is named when the
    plan has several (a row letter repeats in each)."""
    seat = assignment.seat
    several = assignment.plan.sections.count() > 1 if with_plan else False
    label = seat_label(seat, with_section=several)
    if with_plan:
        return f"{localized(assignment.plan, 'name')}: {label}"
    return label


def badge_seat_lines(attendee_ids) -> dict[int, str]:
    """The seat line printed on each attendee's badge, in both languages when they differ:
    "Phiên toàn thể: Hàng A, ghế 5" (the badge is read by Vietnamese and foreign staff)."""
    lines = {}
    for attendee_id, assignments in seats_of(attendee_ids).items():
        parts = []
        for assignment in assignments:
            if not assignment.plan.on_badge:
                continue
            seat = assignment.seat
            with translation.override("vi"):
                text = f"{localized(assignment.plan, 'name')}: {seat_label(seat)}"
            parts.append(text)
        if parts:
            lines[attendee_id] = " · ".join(parts)
    return lines


def seated_doors() -> frozenset[int]:
    """The check-in points at the doors of a seated hall, kept in the scan cache: a scan at any
    other door costs no query (see receivers.scan_answer_seat)."""
    return scan_cache.get(DOORS_CACHE_KEY, _load_doors, DOORS_CACHE_SECONDS)


def _load_doors() -> frozenset[int]:
    from .models import SeatingPlan

    return frozenset(SeatingPlan.doors.through.objects.values_list("checkinpoint_id", flat=True))


def forget_doors() -> None:
    scan_cache.bump()


def seat_at_door(*, point_id: int, attendee_id: int) -> SeatAssignment | None:
    """The attendee's seat in the hall behind check-in point ``point_id`` (one query)."""
    return (SeatAssignment.objects.select_related("seat__section", "plan")
            .filter(plan__doors=point_id, attendee_id=attendee_id)
            .order_by("plan__sort_order", "plan_id").first())


def plan_grid(plan) -> tuple[list[dict], dict]:
    """The hall as the seating screen and the chart draw it (three queries): sections left to
    right, each with its rows from the stage back, each row's seats left to right with their
    holder. Returns (sections, {seat_id: attendee})."""
    from .models import Seat

    holders = {
        a.seat_id: a.attendee
        for a in SeatAssignment.objects.filter(plan=plan)
        .select_related("attendee__registration__category")
    }
    sections: dict[int, dict] = {}
    for seat in (Seat.objects.filter(plan=plan).select_related("section", "block")
                 .order_by("section__sort_order", "section_id", "row_index", "column")):
        section = sections.setdefault(seat.section_id, {"section": seat.section, "rows": {}})
        row = section["rows"].setdefault(seat.row_index, {"label": seat.row, "seats": []})
        row["seats"].append({"seat": seat, "holder": holders.get(seat.pk)})
    grid = [{"section": s["section"], "rows": list(s["rows"].values())}
            for s in sections.values()]
    return grid, holders


def people_for(plan, *, query: str = "") -> list[dict]:
    """Confirmed delegates of the plan's edition, as the seating screen lists them: people
    without a seat first, then the seated; each in Vietnamese name order."""
    from conference.common.text import fold, search_terms, vietnamese_sort_key
    from conference.registration.enums import RegistrationStatus
    from conference.registration.models import Attendee

    found = (Attendee.objects.filter(registration__edition_id=plan.edition_id,
                                     registration__status=RegistrationStatus.CONFIRMED)
             .select_related("registration__category"))
    categories = list(plan.categories.values_list("pk", flat=True))
    if categories:
        found = found.filter(registration__category__in=categories)
    for term in search_terms(query):
        found = found.filter(search_text__contains=term)
    several = plan.sections.count() > 1  # then a row letter alone is ambiguous
    seats = {a.attendee_id: seat_label(a.seat, with_section=several)
             for a in SeatAssignment.objects.filter(plan=plan).select_related("seat__section")}
    people = [{"attendee": a, "seat": seats.get(a.pk), "search": fold(
        f"{a.full_name} {a.organisation} {a.position}")} for a in found[:2000]]
    people.sort(key=lambda p: (p["seat"] is not None,
                               vietnamese_sort_key(p["attendee"].full_name), p["attendee"].pk))
    return people
