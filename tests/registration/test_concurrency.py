"""Capacity under real concurrent transactions on PostgreSQL: threads, each with its own
connection, start together and race for the same seats."""

import pytest

from conference.registration import services
from conference.registration.enums import SEAT_HOLDING_STATUSES
from conference.registration.models import Registration
from conference.registration.services import RegistrationError

from ..concurrency import race
from .factories import consent, make_category, make_edition, person

pytestmark = pytest.mark.django_db(transaction=True)


def test_forty_concurrent_registrations_for_ten_seats():
    edition = make_edition()
    category = make_category(edition, quota=10, price_vnd=1_500_000)
    version = consent(edition)
    jobs = [
        (lambda i=i: services.start_registration(category=category, attendees=[person(1000 + i)],
                                                 consent_version=version))
        for i in range(40)
    ]
    results, errors = race(jobs, expected=RegistrationError)
    assert len(results) == 10
    assert errors == ["sold_out"] * 30
    assert Registration.objects.filter(category=category,
                                       status__in=SEAT_HOLDING_STATUSES).count() == 10


def test_free_confirmations_racing_never_exceed_quota():
    edition = make_edition()
    category = make_category(edition, quota=10)
    version = consent(edition)
    jobs = [
        (lambda i=i: services.start_registration(category=category, attendees=[person(2000 + i)],
                                                 consent_version=version))
        for i in range(30)
    ]
    results, errors = race(jobs, expected=RegistrationError)
    assert len(results) == 10
    assert sorted(set(errors)) == ["sold_out"]
    confirmed = Registration.objects.filter(category=category, status="confirmed")
    assert confirmed.count() == 10
    assert sum(r.attendees.count() for r in confirmed) == 10


def test_venue_capacity_across_two_categories():
    edition = make_edition(venue_capacity=12)
    a = make_category(edition, quota=10)
    b = make_category(edition, quota=10, price_vnd=200_000)
    version = consent(edition)
    jobs = [
        (lambda i=i: services.start_registration(
            category=a if i % 2 else b, attendees=[person(3000 + i)], consent_version=version))
        for i in range(40)
    ]
    results, errors = race(jobs, expected=RegistrationError)
    assert len(results) == 12
    assert set(errors) <= {"sold_out", "venue_full"}
    held = Registration.objects.filter(edition=edition, status__in=SEAT_HOLDING_STATUSES)
    assert held.count() == 12
    assert held.filter(category=a).count() <= 10
    assert held.filter(category=b).count() <= 10


def test_same_person_racing_twice_registers_once():
    edition = make_edition()
    a = make_category(edition, quota=10)
    b = make_category(edition, quota=10)
    version = consent(edition)
    jobs = [
        (lambda c=c: services.start_registration(category=c, attendees=[person(4000)],
                                                 consent_version=version))
        for c in (a, b, a, b, a, b)
    ]
    results, errors = race(jobs, expected=RegistrationError)
    assert len(results) == 1
    assert errors == ["duplicate"] * 5


def test_delegations_racing_for_the_last_seats():
    edition = make_edition()
    category = make_category(edition, quota=10)
    version = consent(edition)
    jobs = [
        (lambda i=i: services.start_registration(
            category=category, attendees=[person(5000 + i * 10 + k) for k in range(3)],
            consent_version=version))
        for i in range(8)
    ]
    results, errors = race(jobs, expected=RegistrationError)
    assert len(results) == 3  # 3 delegations of 3 = 9 seats; a fourth would need 12
    assert errors == ["sold_out"] * 5
    assert sum(r.quantity for r in results) == 9
