"""Every write of seating: plans and their seats, who sits where, the rules, the lock."""

from .assignments import assign_seat, free_seat, move_attendee
from .plans import build_section_seats, lock_plan, reserve_seats, unlock_plan
from .rules import assign_by_rules, protocol_rank

__all__ = [
    "assign_by_rules",
    "assign_seat",
    "build_section_seats",
    "free_seat",
    "lock_plan",
    "move_attendee",
    "protocol_rank",
    "reserve_seats",
    "unlock_plan",
]
