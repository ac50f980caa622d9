"""Seating answers the signals of the apps it builds on.

- registration's ``badge_details``: the seat line printed on badges;
- check-in's ``scan_answer_details``: the seat shown with the green answer at a seated hall's door;
- registration's ``registration_cancelled``: a cancelled delegate's seats are freed;
- invitations' ``invitation_details``: the seat on the invitation's answer page, e-mail and letter.
"""

import logging

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete
from django.dispatch import receiver
from django.utils import translation

from checkin.models import Scan
from checkin.signals import manifest_seats, scan_answer_details
from conference.common.i18n import localized
from conference.common.services import record_audit
from conference.invitations.models import Invitation
from conference.invitations.signals import invitation_details
from conference.registration.enums import RegistrationStatus
from conference.registration.models import Attendee, Registration
from conference.registration.signals import badge_details, registration_cancelled

from .models import SeatAssignment, SeatingPlan, seat_label
from .queries import (
    badge_seat_lines,
    forget_doors,
    seat_at_door,
    seat_text,
    seated_doors,
    seats_of,
)

logger = logging.getLogger(__name__)


@receiver(badge_details, sender=Registration, dispatch_uid="seating_badge_details")
def badge_seats(sender, attendee_ids, **kwargs):
    return {pk: {"seat": line} for pk, line in badge_seat_lines(attendee_ids).items()}


@receiver(scan_answer_details, sender=Scan, dispatch_uid="seating_scan_answer")
def scan_answer_seat(sender, scan, **kwargs):
    if scan.point_id not in seated_doors():
        return None  # not a seated hall's door: no query
    assignment = seat_at_door(point_id=scan.point_id, attendee_id=scan.attendee_id)
    if assignment is None:
        return {"seat": None}
    return {"seat": {
        "text": seat_label(assignment.seat),
        "row": assignment.seat.row,
        "number": assignment.seat.number,
        "section": localized(assignment.seat.section, "name"),
        "plan": localized(assignment.plan, "name"),
    }}


@receiver(manifest_seats, sender=Scan, dispatch_uid="seating_manifest_seats")
def manifest_seat_rows(sender, point, **kwargs):
    """Every seat of the hall behind ``point``, for the scanner's offline decisions."""
    if point.pk not in seated_doors():
        return None  # not a seated hall's door: no query
    rows = (SeatAssignment.objects.filter(plan__doors=point)
            .order_by("-plan__sort_order", "-plan_id")  # the first plan wins, as online
            .values_list("attendee_id", "seat__row", "seat__number", "seat__section__name",
                         "seat__section__name_en"))
    return {attendee: [row, number, section, section_en]
            for attendee, row, number, section, section_en in rows}


@receiver(registration_cancelled, sender=Registration, dispatch_uid="seating_free_cancelled")
def free_cancelled_seats(sender, registration, by=None, **kwargs):
    """A cancelled registration's people no longer sit anywhere (even in a locked plan: an
    empty seat is better than a chart naming someone who is not coming)."""
    with transaction.atomic():
        found = list(SeatAssignment.objects.filter(attendee__registration=registration))
        for assignment in found:
            record_audit(action="seating.seat_freed", obj=assignment, actor=by,
                         data={"plan": assignment.plan_id, "seat": assignment.seat_id,
                               "attendee": assignment.attendee_id, "reason": "cancelled"})
        SeatAssignment.objects.filter(pk__in=[a.pk for a in found]).delete()


@receiver(invitation_details, sender=Invitation, dispatch_uid="seating_invitation_seat")
def invitation_seat(sender, invitation, language="vi", **kwargs):
    """"Phiên toàn thể: Hàng A, ghế 5" for a person's invitation once they are seated; for an
    organisation's, each named delegate's seat ("Name: plan: seat; …"). In the reader's
    language; nothing before anyone is seated."""
    if not invitation.reservation_id:
        return None
    people = list(Attendee.objects.filter(
        registration__reservation_id=invitation.reservation_id,
        registration__status=RegistrationStatus.CONFIRMED).order_by("pk"))
    found = seats_of([p.pk for p in people])
    if not found:
        return None
    with translation.override(language):
        lines = [(person, " · ".join(seat_text(a) for a in found[person.pk]))
                 for person in people if person.pk in found]
        if len(people) == 1:
            return {"seat": lines[0][1]}
        return {"seat": "; ".join(f"{person.full_name}: {text}" for person, text in lines)}


@receiver(m2m_changed, sender=SeatingPlan.doors.through, dispatch_uid="seating_doors_changed")
def doors_changed(sender, **kwargs):
    forget_doors()


@receiver(post_delete, sender=SeatingPlan, dispatch_uid="seating_plan_deleted")
def plan_deleted(sender, **kwargs):
    forget_doors()
