"""Factories for seating tests: the check-in factories (edition, categories, confirmed
attendees with badges, points) and a plan with sections built."""

import pytest

from tests.checkin.conftest import (  # noqa: F401 (fixtures)
    attendee_factory,
    category_factory,
    delegate,
    device_factory,
    point_factory,
    role_client,
    staff_client,
    staff_factory,
)


@pytest.fixture
def plan_factory(edition):
    from conference.seating.models import SeatingPlan, Section
    from conference.seating.services import build_section_seats

    def make(name="Phiên toàn thể", sections=(("Khu giữa", 3, 6),), doors=(), **fields):
        plan = SeatingPlan.objects.create(edition=fields.pop("edition", edition), name=name,
                                          name_en=fields.pop("name_en", "Plenary"), **fields)
        for order, (section_name, rows, per_row) in enumerate(sections):
            section = Section.objects.create(plan=plan, name=section_name, rows=rows,
                                             seats_per_row=per_row, sort_order=order)
            build_section_seats(section=section)
        if doors:
            plan.doors.set(doors)
        return plan

    return make


def seat(plan, row, number, section=None):
    from conference.seating.models import Seat

    found = Seat.objects.filter(plan=plan, row=row, number=number)
    if section is not None:
        found = found.filter(section__name=section)
    return found.get()
