"""Two organisers, one seat, real PostgreSQL transactions: one wins, the other is told why."""

import threading

import pytest
from django.db import connections
from django.utils import translation

from conference.seating.exceptions import SeatingError
from conference.seating.models import SeatAssignment
from conference.seating.services import assign_seat

from .conftest import seat

pytestmark = pytest.mark.django_db(transaction=True)


def _race(jobs):
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def work(i, job):
        try:
            barrier.wait()
            results[i] = job()
        except SeatingError as error:
            results[i] = error
        except Exception as error:  # noqa: BLE001 - shown by the assertion below
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _in_vietnamese(service, **kwargs):
    with translation.override("vi"):
        return service(**kwargs)


def test_two_organisers_assign_one_seat_at_once(plan_factory, attendee_factory, user_factory):
    plan = plan_factory()
    a5 = seat(plan, "A", 5)
    people = [attendee_factory(full_name=f"Đại biểu {i}") for i in range(2)]
    organisers = [user_factory(), user_factory()]
    for _round in range(3):
        SeatAssignment.objects.all().delete()
        results = _race([
            (lambda p=p, o=o: _in_vietnamese(assign_seat, plan=plan, seat=a5, attendee=p, by=o))
            for p, o in zip(people, organisers, strict=True)
        ])
        won = [r for r in results if isinstance(r, SeatAssignment)]
        lost = [r for r in results if isinstance(r, SeatingError)]
        assert len(won) == 1 and len(lost) == 1, results
        assert lost[0].code == "seat_taken"
        assert lost[0].message == f"Hàng A, ghế 5 đã có {won[0].attendee.full_name} ngồi."
        assert SeatAssignment.objects.filter(plan=plan, seat=a5).count() == 1


def test_many_organisers_seating_one_person_give_one_seat(plan_factory, attendee_factory):
    plan = plan_factory()
    person = attendee_factory()
    seats = [seat(plan, "A", n) for n in range(1, 7)]
    results = _race([(lambda s=s: assign_seat(plan=plan, seat=s, attendee=person))
                     for s in seats])
    assert all(isinstance(r, SeatAssignment) for r in results), results
    assert SeatAssignment.objects.filter(plan=plan, attendee=person).count() == 1
