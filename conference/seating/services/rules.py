"""Seating by protocol: rank rules, reserved blocks, delegations kept together.

How ``assign_by_rules`` fills a plan (what a protocol office does by hand):

1. Everyone to seat gets a rank: the lowest ``RankRule`` they match (a category, words of
   their position such as "Bộ trưởng"); no match ranks last. Ties go in Vietnamese name order.
2. A delegation (the attendees of one registration) is placed as one group, at the rank of its
   highest-ranked member, on side-by-side seats of one row where such a run is free.
   Within a row the best seat goes first: with odd/even numbering from the centre aisle that
   is seat 1 (the seat of honour), then 2, 3, …; otherwise left to right.
3. Reserved blocks are filled first, each with the people it names (a protocol rank or
   better, its categories, or the delegation's organisation), in rank order; nobody else sits
   in a block.
4. Everyone else fills the unreserved seats from the row nearest the stage back, left to right,
   in rank order. Speakers sit near the stage through a speakers block or a rank rule.

People already seated keep their seats; the plan must be unlocked.
"""

from collections import defaultdict

from django.db import transaction
from django.utils.translation import gettext as _

from conference.common.services import record_audit
from conference.common.text import fold, vietnamese_sort_key
from conference.registration.enums import RegistrationStatus
from conference.registration.models import Attendee

from ..enums import AssignedHow, Numbering
from ..models import Block, RankRule, Seat, SeatAssignment, SeatingPlan
from .base import locked_plan

LAST_RANK = 10_000


def protocol_rank(attendee: Attendee, rules: list[RankRule]) -> int:
    """The lowest rank among the rules ``attendee`` matches (LAST_RANK if none)."""
    position = fold(attendee.position)
    best = LAST_RANK
    for rule in rules:
        if rule.category_id and rule.category_id != attendee.registration.category_id:
            continue
        if rule.position_contains and fold(rule.position_contains) not in position:
            continue
        best = min(best, rule.rank)
    return best


def _block_takes(block: Block, categories: set[int], attendee: Attendee, rank: int) -> bool:
    if block.up_to_rank and rank <= block.up_to_rank:
        return True
    if block.organisation and fold(block.organisation) == fold(attendee.organisation):
        return True
    return attendee.registration.category_id in categories


def _groups(people: list[Attendee], rank) -> list[list[Attendee]]:
    """Delegations (one registration) as groups, ordered by their best member's rank."""
    by_registration: dict[int, list[Attendee]] = defaultdict(list)
    for person in people:
        by_registration[person.registration_id].append(person)
    groups = []
    for members in by_registration.values():
        members.sort(key=lambda a: (rank[a.pk], vietnamese_sort_key(a.full_name), a.pk))
        groups.append(members)
    groups.sort(key=lambda g: (rank[g[0].pk], vietnamese_sort_key(g[0].full_name), g[0].pk))
    return groups


def _preference(seat: Seat) -> tuple:
    """Which seat of a row goes first. With odd/even numbering (from the centre aisle) that is
    the number: seat 1 is the seat of honour, then 2, 3 …; otherwise left to right."""
    if seat.section.numbering == Numbering.ODD_EVEN:
        return (seat.number, seat.column)
    return (seat.column,)


def _window(free: list[Seat], size: int) -> list[Seat] | None:
    """The best run of ``size`` side-by-side free seats of one row (lowest preference), or
    None when the row has no such run."""
    by_column = sorted(free, key=lambda s: s.column)
    rank = {s.pk: index for index, s in enumerate(sorted(free, key=_preference))}
    best = None
    for start in range(len(by_column) - size + 1):
        window = by_column[start:start + size]
        if window[-1].column - window[0].column != size - 1:
            continue
        score = sum(rank[s.pk] for s in window)
        if best is None or score < best[0]:
            best = (score, window)
    return best[1] if best else None


def _place(groups: list[list[Attendee]], seats: list[Seat]) -> list[tuple[Seat, Attendee]]:
    """Put each group on side-by-side free seats of one row of a section (the first row, from
    the stage back, that has such a run; the best-placed run in it), else on the first free
    seats in order."""
    runs: dict[tuple[int, int], list[Seat]] = defaultdict(list)
    for seat in seats:
        runs[(seat.row_index, seat.section.sort_order, seat.section_id)].append(seat)
    order = sorted(runs)
    for key in order:
        runs[key].sort(key=_preference)
    placed = []
    for group in groups:
        chosen: list[Seat] = []
        for key in order:
            window = _window(runs[key], len(group))
            if window is not None:
                chosen = sorted(window, key=_preference)
                runs[key] = [s for s in runs[key] if s not in window]
                break
        else:
            for key in order:
                while runs[key] and len(chosen) < len(group):
                    chosen.append(runs[key].pop(0))
        # The best-ranked member takes the best seat of the group's run.
        placed.extend(zip(chosen, group, strict=False))
    return placed


def assign_by_rules(*, plan: SeatingPlan, by=None) -> dict:
    """Seat everyone the plan seats who has no seat yet; returns ``{"seated", "unseated"}``.

    One transaction under the plan's lock; the assignments are inserted together.
    """
    with transaction.atomic():
        plan = locked_plan(plan.pk)
        rules = list(RankRule.objects.filter(plan=plan))
        blocks = list(Block.objects.filter(plan=plan).prefetch_related("categories"))
        block_categories = {b.pk: {c.pk for c in b.categories.all()} for b in blocks}
        plan_categories = set(plan.categories.values_list("pk", flat=True))
        seated = set(SeatAssignment.objects.filter(plan=plan).values_list("attendee_id",
                                                                            flat=True))
        taken = set(SeatAssignment.objects.filter(plan=plan).values_list("seat_id", flat=True))
        people = list(Attendee.objects.select_related("registration")
            .filter(registration__edition_id=plan.edition_id,
                    registration__status=RegistrationStatus.CONFIRMED)
            .exclude(pk__in=seated))
        rank = {a.pk: protocol_rank(a, rules) for a in people}
        free = [s for s in Seat.objects.filter(plan=plan, usable=True).select_related("section")
                .order_by("row_index", "section__sort_order", "section_id", "column")
                if s.pk not in taken]

        placed: list[tuple[Seat, Attendee]] = []
        waiting = list(people)
        for block in blocks:
            categories = block_categories[block.pk]
            wanted = [a for a in waiting if _block_takes(block, categories, a, rank[a.pk])]
            seats = [s for s in free if s.block_id == block.pk]
            done = _place(_groups(wanted, rank), seats)
            placed.extend(done)
            done_ids = {a.pk for _seat, a in done}
            waiting = [a for a in waiting if a.pk not in done_ids]
        general = [
            a for a in waiting
            if not plan_categories or a.registration.category_id in plan_categories
            or any(_block_takes(b, block_categories[b.pk], a, rank[a.pk]) for b in blocks)
        ]
        placed.extend(_place(_groups(general, rank), [s for s in free if s.block_id is None]))
        by_user = by if getattr(by, "is_authenticated", False) else None
        SeatAssignment.objects.bulk_create([
            SeatAssignment(plan=plan, seat=seat, attendee=person, how=AssignedHow.RULE,
                           assigned_by=by_user)
            for seat, person in placed
        ])
        result = {"seated": len(placed), "unseated": len(general) + len(people) - len(waiting)
                  - len(placed)}
        record_audit(action="seating.assigned_by_rules", obj=plan, actor=by, data=result)
    return result


def describe_result(result: dict) -> str:
    if result["unseated"]:
        return _("%(seated)s people seated by the rules; %(unseated)s found no free seat.") % result
    return _("%(seated)s people seated by the rules.") % result
