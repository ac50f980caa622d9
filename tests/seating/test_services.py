"""Seats built from sections, assigned by hand, moved, swapped, freed, locked."""

import pytest
from django.db import IntegrityError, transaction

from conference.seating.enums import Numbering
from conference.seating.exceptions import SeatingError
from conference.seating.models import SeatAssignment, Section
from conference.seating.services import (
    assign_seat,
    build_section_seats,
    free_seat,
    lock_plan,
    move_attendee,
    unlock_plan,
)
from conference.seating.services.plans import row_labels, seat_numbers

from .conftest import seat

pytestmark = pytest.mark.django_db


def test_row_letters_and_numbering_styles():
    assert row_labels("A", 3) == ["A", "B", "C"]
    assert row_labels("Y", 4) == ["Y", "Z", "AA", "AB"]
    section = Section(seats_per_row=6, first_number=1, numbering=Numbering.ODD_EVEN)
    # From the centre aisle: odd to the left, even to the right.
    assert seat_numbers(section) == [5, 3, 1, 2, 4, 6]
    section.numbering = Numbering.RIGHT_TO_LEFT
    assert seat_numbers(section) == [6, 5, 4, 3, 2, 1]


def test_a_section_builds_its_seats_and_keeps_assignments_when_it_grows(plan_factory,
                                                                       attendee_factory):
    plan = plan_factory(sections=[("Khu giữa", 2, 4)])
    assert plan.seats.count() == 8
    person = attendee_factory()
    assign_seat(plan=plan, seat=seat(plan, "B", 4), attendee=person)
    section = plan.sections.get()
    section.rows, section.seats_per_row = 3, 5
    section.save()
    assert build_section_seats(section=section) == 15
    assert SeatAssignment.objects.get(attendee=person).seat == seat(plan, "B", 4)
    section.rows = 1
    section.save()
    with pytest.raises(SeatingError) as error:
        build_section_seats(section=section)
    assert error.value.code == "seat_in_use"
    assert plan.seats.count() == 15


def test_one_person_per_seat_and_one_seat_per_person(plan_factory, attendee_factory):
    plan = plan_factory()
    lan, minh = attendee_factory(full_name="Trần Thị Lan"), attendee_factory(full_name="Lê Minh")
    a5 = seat(plan, "A", 5)
    assign_seat(plan=plan, seat=a5, attendee=lan)
    with pytest.raises(SeatingError) as error:
        assign_seat(plan=plan, seat=a5, attendee=minh)
    assert error.value.code == "seat_taken" and error.value.status == 409
    assert "Trần Thị Lan" in error.value.message
    # Assigning a seated person again moves them: never two seats in one plan.
    assign_seat(plan=plan, seat=seat(plan, "B", 1), attendee=lan)
    assert list(SeatAssignment.objects.filter(plan=plan).values_list("attendee", "seat")) == [
        (lan.pk, seat(plan, "B", 1).pk)
    ]


def test_the_database_itself_refuses_a_seat_held_twice(plan_factory, attendee_factory):
    """The constraints stand even for a write that skips the services."""
    plan = plan_factory()
    lan, minh = attendee_factory(), attendee_factory()
    a1, a2 = seat(plan, "A", 1), seat(plan, "A", 2)
    SeatAssignment.objects.create(plan=plan, seat=a1, attendee=lan)
    with pytest.raises(IntegrityError), transaction.atomic():
        SeatAssignment.objects.create(plan=plan, seat=a1, attendee=minh)
    with pytest.raises(IntegrityError), transaction.atomic():
        SeatAssignment.objects.create(plan=plan, seat=a2, attendee=lan)


def test_move_and_swap(plan_factory, attendee_factory):
    plan = plan_factory()
    lan, minh = attendee_factory(), attendee_factory()
    a1, a2, c6 = seat(plan, "A", 1), seat(plan, "A", 2), seat(plan, "C", 6)
    assign_seat(plan=plan, seat=a1, attendee=lan)
    assign_seat(plan=plan, seat=a2, attendee=minh)
    with pytest.raises(SeatingError):
        move_attendee(plan=plan, attendee=lan, seat=a2)
    move_attendee(plan=plan, attendee=lan, seat=a2, swap=True)
    held = dict(SeatAssignment.objects.values_list("attendee", "seat"))
    assert held == {lan.pk: a2.pk, minh.pk: a1.pk}
    move_attendee(plan=plan, attendee=minh, seat=c6)
    assert SeatAssignment.objects.get(attendee=minh).seat == c6
    assert free_seat(plan=plan, seat=c6) is True
    assert free_seat(plan=plan, seat=c6) is False


def test_a_locked_plan_refuses_changes_until_unlocked(plan_factory, attendee_factory,
                                                     user_factory):
    plan = plan_factory()
    person = attendee_factory()
    lock_plan(plan=plan, by=user_factory())
    with pytest.raises(SeatingError) as error:
        assign_seat(plan=plan, seat=seat(plan, "A", 1), attendee=person)
    assert error.value.code == "plan_locked"
    unlock_plan(plan=plan)
    assign_seat(plan=plan, seat=seat(plan, "A", 1), attendee=person)


def test_only_confirmed_delegates_of_the_edition_get_a_seat(plan_factory, attendee_factory):
    plan = plan_factory()
    pending = attendee_factory(status="pending_approval")
    with pytest.raises(SeatingError) as error:
        assign_seat(plan=plan, seat=seat(plan, "A", 1), attendee=pending)
    assert error.value.code == "not_confirmed"


def test_a_cancelled_registration_frees_its_seats(plan_factory, attendee_factory,
                                                  django_capture_on_commit_callbacks):
    from conference.registration.services import cancel_registration

    plan = plan_factory()
    person = attendee_factory()
    assign_seat(plan=plan, seat=seat(plan, "A", 1), attendee=person)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(registration=person.registration, by=None, reason="Bận công tác")
    assert not SeatAssignment.objects.filter(attendee=person).exists()
