"""Who sits where: assign by hand, move, swap, free.

Each action runs in one transaction that first locks the plan's row (``locked_plan``), then
re-reads the seat. The unique constraints ``one_person_per_seat`` and ``one_seat_per_person`` are
the guarantee underneath: should two writers ever get past the lock (a future caller that forgets
it), PostgreSQL refuses the second row and the loser gets the same clear message.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from conference.common.services import record_audit
from conference.registration.enums import RegistrationStatus
from conference.registration.models import Attendee

from ..enums import AssignedHow
from ..exceptions import SeatingError
from ..models import Seat, SeatAssignment, SeatingPlan, seat_label
from .base import locked_plan


def _taken(seat: Seat, holder: Attendee) -> SeatingError:
    return SeatingError(
        _("%(seat)s is already taken by %(name)s.") % {"seat": seat_label(seat),
                                                       "name": holder.full_name},
        code="seat_taken", status=409,
    )


def _check(plan: SeatingPlan, seat: Seat, attendee: Attendee) -> None:
    if seat.plan_id != plan.pk:
        raise SeatingError(_("That seat belongs to another plan."), code="wrong_plan")
    if not seat.usable:
        raise SeatingError(_("%(seat)s is not in use.") % {"seat": seat_label(seat)},
                           code="seat_unusable")
    registration = attendee.registration
    if registration.edition_id != plan.edition_id:
        raise SeatingError(_("This person is registered for another edition."),
                           code="wrong_edition")
    if registration.status != RegistrationStatus.CONFIRMED:
        raise SeatingError(
            _("%(name)s's registration is not confirmed: only confirmed delegates get a seat.")
            % {"name": attendee.full_name}, code="not_confirmed",
        )


def assign_seat(*, plan: SeatingPlan, seat: Seat, attendee: Attendee, by=None,
                how: str = AssignedHow.HAND) -> SeatAssignment:
    """Seat ``attendee`` on ``seat``; a person already seated in the plan moves there.

    Raises SeatingError ``seat_taken`` (409) when someone else holds the seat, even when that
    someone got it a moment ago in another organiser's transaction.
    """
    _check(plan, seat, attendee)
    try:
        with transaction.atomic():
            locked_plan(plan.pk)
            holder = (SeatAssignment.objects.select_related("attendee")
                      .filter(plan=plan, seat=seat).first())
            if holder is not None:
                if holder.attendee_id == attendee.pk:
                    return holder
                raise _taken(seat, holder.attendee)
            current = SeatAssignment.objects.filter(plan=plan, attendee=attendee).first()
            by_user = by if getattr(by, "is_authenticated", False) else None
            if current is None:
                assignment = SeatAssignment.objects.create(
                    plan=plan, seat=seat, attendee=attendee, how=how, assigned_by=by_user,
                )
                action, data = "seating.seat_assigned", {}
            else:
                data = {"from": current.seat_id}
                current.seat, current.how, current.assigned_by = seat, how, by_user
                current.save(update_fields=["seat", "how", "assigned_by", "assigned_at"])
                assignment, action = current, "seating.seat_moved"
            record_audit(action=action, obj=assignment, actor=by,
                         data={**data, "seat": seat.pk, "attendee": attendee.pk,
                               "plan": plan.pk, "how": how})
            return assignment
    except IntegrityError:
        holder = (SeatAssignment.objects.select_related("attendee")
                  .filter(plan=plan, seat=seat).first())
        if holder is not None and holder.attendee_id != attendee.pk:
            raise _taken(seat, holder.attendee) from None
        raise SeatingError(_("%(name)s was just seated elsewhere in this plan.")
                           % {"name": attendee.full_name}, code="already_seated",
                           status=409) from None


def move_attendee(*, plan: SeatingPlan, attendee: Attendee, seat: Seat, by=None,
                  swap: bool = False) -> SeatAssignment:
    """Move a seated person to ``seat``; with ``swap`` the person sitting there takes their
    old seat (both change in one transaction)."""
    _check(plan, seat, attendee)
    with transaction.atomic():
        locked_plan(plan.pk)
        mine = SeatAssignment.objects.select_related("seat").filter(
            plan=plan, attendee=attendee).first()
        theirs = SeatAssignment.objects.select_related("attendee").filter(
            plan=plan, seat=seat).first()
        if mine is None or theirs is None or theirs.pk == mine.pk:
            return assign_seat(plan=plan, seat=seat, attendee=attendee, by=by)
        if not swap:
            raise _taken(seat, theirs.attendee)
        old_seat = mine.seat
        # One row at a time so that neither unique constraint ever sees two people on a seat.
        theirs.delete()
        mine.seat = seat
        mine.save(update_fields=["seat", "assigned_at"])
        theirs = SeatAssignment.objects.create(plan=plan, seat=old_seat,
                                               attendee=theirs.attendee, how=AssignedHow.HAND,
                                               assigned_by=mine.assigned_by)
        record_audit(action="seating.seats_swapped", obj=mine, actor=by,
                     data={"plan": plan.pk, "attendees": [attendee.pk, theirs.attendee_id],
                           "seats": [seat.pk, old_seat.pk]})
        return mine


def free_seat(*, plan: SeatingPlan, seat: Seat | None = None, attendee: Attendee | None = None,
              by=None) -> bool:
    """Take the person off ``seat`` (or take ``attendee`` off their seat); False if empty."""
    with transaction.atomic():
        locked_plan(plan.pk)
        found = SeatAssignment.objects.filter(plan=plan)
        found = found.filter(seat=seat) if seat is not None else found.filter(attendee=attendee)
        assignment = found.first()
        if assignment is None:
            return False
        record_audit(action="seating.seat_freed", obj=assignment, actor=by,
                     data={"plan": plan.pk, "seat": assignment.seat_id,
                           "attendee": assignment.attendee_id})
        assignment.delete()
    return True
