"""Seats of a plan built from its sections, reserved blocks, and the plan's lock."""

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.common.services import record_audit

from ..enums import Numbering
from ..exceptions import SeatingError
from ..models import Block, Seat, SeatingPlan, Section
from .base import locked_plan


def row_labels(first: str, count: int) -> list[str]:
    """"A", "B", … from ``first``; after "Z" come "AA", "AB", …"""
    first = (first or "A").strip().upper()[:1] or "A"
    start = ord(first) - ord("A") if "A" <= first <= "Z" else 0
    labels = []
    for index in range(start, start + count):
        label = ""
        n = index
        while True:
            label = chr(ord("A") + n % 26) + label
            n = n // 26 - 1
            if n < 0:
                break
        labels.append(label)
    return labels


def seat_numbers(section: Section) -> list[int]:
    """The number printed on each seat of a row, by column from the left of the plan."""
    n, first = section.seats_per_row, section.first_number
    if section.numbering == Numbering.RIGHT_TO_LEFT:
        return [first + n - 1 - c for c in range(n)]
    if section.numbering == Numbering.ODD_EVEN:
        left = (n + 1) // 2
        odd = first if first % 2 else first + 1
        return [odd + 2 * (left - 1 - c) if c < left else odd + 1 + 2 * (c - left)
                for c in range(n)]
    return [first + c for c in range(n)]


def build_section_seats(*, section: Section, by=None) -> int:
    """Make the section's seats match its rows and seats per row; returns how many seats it has.

    Seats that stay keep their assignments and blocks; a seat that would disappear while
    someone sits on it refuses the whole change.
    """
    with transaction.atomic():
        locked_plan(section.plan_id)
        wanted = {}
        numbers = seat_numbers(section)
        for row_index, row in enumerate(row_labels(section.first_row, section.rows)):
            for column, number in enumerate(numbers):
                wanted[(row, number)] = (row_index, column)
        existing = {(s.row, s.number): s for s in section.seats.all()}
        gone = [s for key, s in existing.items() if key not in wanted]
        taken = list(Seat.objects.filter(pk__in=[s.pk for s in gone])
                 .annotate(n=Count("assignments")).filter(n__gt=0))
        if taken:
            raise SeatingError(
                _("%(seat)s would disappear but someone sits there: move them first.")
                % {"seat": taken[0]}, code="seat_in_use",
            )
        Seat.objects.filter(pk__in=[s.pk for s in gone]).delete()
        changed, new = [], []
        for (row, number), (row_index, column) in wanted.items():
            seat = existing.get((row, number))
            if seat is None:
                new.append(Seat(plan_id=section.plan_id, section=section, row=row,
                                row_index=row_index, number=number, column=column))
            elif (seat.row_index, seat.column) != (row_index, column):
                seat.row_index, seat.column = row_index, column
                changed.append(seat)
        Seat.objects.bulk_create(new)
        Seat.objects.bulk_update(changed, ["row_index", "column"])
        record_audit(action="seating.section_built", obj=section, actor=by,
                     data={"seats": len(wanted), "removed": len(gone), "added": len(new)})
    return len(wanted)


def reserve_seats(*, plan: SeatingPlan, seat_ids: list[int], block: Block | None,
                  by=None) -> int:
    """Put seats in a reserved block (or take them out with ``block=None``)."""
    if block is not None and block.plan_id != plan.pk:
        raise SeatingError(_("That block belongs to another plan."), code="wrong_plan")
    with transaction.atomic():
        locked_plan(plan.pk)
        count = Seat.objects.filter(plan=plan, pk__in=seat_ids).update(block=block)
        record_audit(action="seating.seats_reserved", obj=plan, actor=by,
                     data={"block": block.pk if block else None, "seats": count})
    return count


def lock_plan(*, plan: SeatingPlan, by=None) -> SeatingPlan:
    """Freeze the plan: no seat changes until it is unlocked (the chart has gone to print)."""
    with transaction.atomic():
        plan = locked_plan(plan.pk)
        plan.locked_at, plan.locked_by = timezone.now(), by if by and by.is_authenticated else None
        plan.save(update_fields=["locked_at", "locked_by"])
        record_audit(action="seating.plan_locked", obj=plan, actor=by)
    return plan


def unlock_plan(*, plan: SeatingPlan, by=None) -> SeatingPlan:
    with transaction.atomic():
        plan = SeatingPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.is_locked:
            plan.locked_at = plan.locked_by = None
            plan.save(update_fields=["locked_at", "locked_by"])
            record_audit(action="seating.plan_unlocked", obj=plan, actor=by)
    return plan
