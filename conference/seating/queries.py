"""Reads of seating used by the badge, the scanner, the desk's prints and the invitation."""

from django.core.cache import cache
from django.utils import translation

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
    """The check-in points at the doors of a seated hall, cached: a scan at any other door
    costs no query (see receivers.scan_answer_seat)."""
    doors = cache.get(DOORS_CACHE_KEY)
    if doors is None:
        from .models import SeatingPlan

        doors = frozenset(SeatingPlan.doors.through.objects.values_list("checkinpoint_id",
                                                                          flat=True))
        cache.set(DOORS_CACHE_KEY, doors, DOORS_CACHE_SECONDS)
    return doors


def forget_doors() -> None:
    cache.delete(DOORS_CACHE_KEY)


def seat_at_door(*, point_id: int, attendee_id: int) -> SeatAssignment | None:
    """The attendee's seat in the hall behind check-in point ``point_id`` (one query)."""
    return (SeatAssignment.objects.select_related("seat__section", "plan")
            .filter(plan__doors=point_id, attendee_id=attendee_id)
            .order_by("plan__sort_order", "plan_id").first())
