"""Invitations and public registrations racing for the same seats, on PostgreSQL."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conference.common.exceptions import DomainError
from conference.invitations.models import Invitation
from conference.registration import services
from conference.registration.models import Registration
from conference.registration.queries import seats_taken

from ..concurrency import race
from ..registration.factories import consent, make_category, make_edition, person
from .factories import invite, invite_organisation

pytestmark = pytest.mark.django_db(transaction=True)


def test_invitations_and_public_registrations_race_for_the_last_seats():
    """12 seats; 20 public registrations and 10 invitations of 2 seats each race for them:
    never oversold, and exactly the seats there were end up taken."""
    edition = make_edition()
    category = make_category(edition, quota=12)
    version = consent(edition)
    jobs = [
        (lambda i=i: services.start_registration(category=category, attendees=[person(7000 + i)],
                                                 consent_version=version))
        for i in range(20)
    ] + [(lambda: invite_organisation(category, 2)) for _ in range(10)]
    results, errors = race(jobs)
    registrations = [r for r in results if isinstance(r, Registration)]
    invitations = [r for r in results if isinstance(r, Invitation)]
    assert len(registrations) + 2 * len(invitations) == 12
    assert set(errors) == {"sold_out"}
    assert Registration.objects.filter(category=category, status="confirmed").count() == len(
        registrations)
    assert Invitation.objects.filter(category=category).count() == len(invitations)
    assert seats_taken(category=category) == 12


def test_invitations_count_against_the_venue_capacity():
    edition = make_edition(venue_capacity=5)
    public = make_category(edition, quota=10)
    guests = make_category(edition, quota=10)
    version = consent(edition)
    jobs = [
        (lambda i=i: services.start_registration(category=public, attendees=[person(7100 + i)],
                                                 consent_version=version))
        for i in range(6)
    ] + [(lambda: invite(guests)) for _ in range(6)]
    results, errors = race(jobs)
    assert len(results) == 5
    assert set(errors) <= {"venue_full", "sold_out"}
    assert seats_taken(edition=edition) == 5


def test_organisation_delegates_racing_never_exceed_its_seats():
    """Two browsers of the same organisation name delegates at once: 3 seats, 2 + 2 asked."""
    from conference.invitations.services import accept_invitation, send_invitation

    edition = make_edition()
    category = make_category(edition, quota=20)
    version = consent(edition)
    invitation = send_invitation(invitation=invite_organisation(category, 3))
    jobs = [
        (lambda k=k: accept_invitation(
            invitation=invitation, consent_version=version,
            attendees=[person(7200 + 10 * k), person(7201 + 10 * k)]))
        for k in range(2)
    ]
    results, errors = race(jobs)
    assert len(results) == 1
    assert errors == ["too_many"]
    invitation.reservation.refresh_from_db()
    assert invitation.reservation.used == 2
    assert seats_taken(category=category) == 3


def test_expired_invitation_seat_goes_back_to_a_racing_public_registration():
    edition = make_edition()
    category = make_category(edition, quota=1)
    version = consent(edition)
    invitation = invite(category, deadline=timezone.now() + timedelta(seconds=1))
    with pytest.raises(DomainError):
        services.start_registration(category=category, attendees=[person(7300)],
                                    consent_version=version)
    Invitation.objects.filter(pk=invitation.pk).update(deadline=timezone.now())
    type(invitation.reservation).objects.filter(pk=invitation.reservation_id).update(
        expires_at=timezone.now())
    registration = services.start_registration(category=category, attendees=[person(7301)],
                                               consent_version=version)
    assert registration.status == "confirmed"
