"""Invitations: seats reserved at once, answers, expiry to the waiting list, reminders."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conference.common.exceptions import DomainError
from conference.common.models import OutboxMessage
from conference.invitations import services
from conference.invitations.links import link_token
from conference.invitations.models import Invitation
from conference.registration.models import Registration, WaitingListEntry
from conference.registration.queries import category_counts, seats_taken
from conference.registration.services import join_waiting_list, start_registration

from ..registration.factories import consent, make_category, make_edition, person
from .factories import invite, invite_organisation

pytestmark = pytest.mark.django_db


def capture_on_commit():
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def test_invitation_reserves_seats_at_once_and_the_sale_sees_them():
    edition = make_edition()
    category = make_category(edition, quota=3)
    invite_organisation(category, 2)
    assert seats_taken(category=category) == 2
    assert [r["reserved"] for r in category_counts(edition)] == [2]
    start_registration(category=category, attendees=[person()],
                       consent_version=consent(edition))
    with pytest.raises(DomainError) as exc:
        start_registration(category=category, attendees=[person()],
                           consent_version=consent(edition))
    assert exc.value.code == "sold_out"
    with pytest.raises(DomainError) as exc:
        invite(category)
    assert exc.value.code == "sold_out"
    assert Invitation.objects.count() == 1  # the refused invitation left nothing behind


def test_bad_details_are_refused_with_a_reason():
    category = make_category(make_edition())
    for fields, code in [({"email": "not-an-email"}, "bad_email"),
                         ({"full_name": ""}, "no_name"),
                         ({"seats": 3}, "person_one_seat"),
                         ({"deadline": timezone.now() - timedelta(hours=1)}, "past_deadline")]:
        with pytest.raises(DomainError) as exc:
            invite(category, **fields)
        assert exc.value.code == code
    assert seats_taken(category=category) == 0


def test_person_accepts_and_is_confirmed_without_payment_with_a_badge():
    edition = make_edition()
    category = make_category(edition, quota=5, price_vnd=2_000_000, requires_approval=True,
                             requires_invitation=True)
    invitation = services.send_invitation(invitation=invite(category))
    assert invitation.status == "sent"
    sent = OutboxMessage.objects.get(template="invitations/invitation")
    assert sent.to == invitation.email
    assert link_token(invitation) in sent.body_text
    assert "Kính gửi Bà Trần Thị Mời" in sent.body_text
    registration = services.accept_invitation(
        invitation=invitation, attendees=[person(full_name=invitation.full_name)],
        consent_version=consent(edition))
    assert registration.status == "confirmed"
    assert registration.amount_vnd == 0
    assert registration.attendees.get().badges.filter(revoked_at__isnull=True).exists()
    invitation.refresh_from_db()
    assert invitation.status == "accepted"
    assert invitation.answered_at is not None
    assert seats_taken(category=category) == 1
    with pytest.raises(DomainError) as exc:
        services.accept_invitation(invitation=invitation, attendees=[person()],
                                   consent_version=consent(edition))
    assert exc.value.code == "answered"
    assert seats_taken(category=category) == 1


def test_category_where_invitees_pay_leaves_the_registration_awaiting_payment():
    edition = make_edition()
    category = make_category(edition, quota=5, price_vnd=500_000, invitees_pay=True)
    invitation = services.send_invitation(invitation=invite(category))
    registration = services.accept_invitation(invitation=invitation, attendees=[person()],
                                              consent_version=consent(edition))
    assert registration.status == "awaiting_payment"
    assert registration.amount_vnd == 500_000
    assert seats_taken(category=category) == 1


def test_organisation_names_delegates_up_to_its_seats_and_not_beyond():
    edition = make_edition()
    category = make_category(edition, quota=10)
    version = consent(edition)
    invitation = services.send_invitation(invitation=invite_organisation(category, 3))
    first = services.accept_invitation(invitation=invitation, attendees=[person(), person()],
                                       consent_version=version)
    assert first.quantity == 2 and first.status == "confirmed"
    with pytest.raises(DomainError) as exc:
        services.accept_invitation(invitation=invitation, attendees=[person(), person()],
                                   consent_version=version)
    assert exc.value.code == "too_many"
    assert exc.value.params == {"remaining": 1}
    services.accept_invitation(invitation=invitation, attendees=[person()],
                               consent_version=version)
    with pytest.raises(DomainError) as exc:
        services.accept_invitation(invitation=invitation, attendees=[person()],
                                   consent_version=version)
    assert exc.value.code == "too_many"
    assert Registration.objects.filter(reservation=invitation.reservation).count() == 2
    assert seats_taken(category=category) == 3


def test_organisation_gives_back_unused_seats_to_the_waiting_list():
    edition = make_edition()
    category = make_category(edition, quota=3)
    version = consent(edition)
    invitation = services.send_invitation(invitation=invite_organisation(category, 3))
    services.accept_invitation(invitation=invitation, attendees=[person()],
                               consent_version=version)
    entry = join_waiting_list(category=category, full_name="Lê Văn Chờ", email="cho@x.vn")
    with capture_on_commit():
        assert services.release_unused_seats(invitation=invitation) == 2
    entry.refresh_from_db()
    assert entry.status == "offered"
    assert seats_taken(category=category) == 2  # one delegate, one seat offered


def test_substitute_is_registered_in_place_of_the_invitee():
    edition = make_edition()
    category = make_category(edition, quota=5)
    invitation = services.send_invitation(invitation=invite(category))
    substitute = person(full_name="Phạm Thị Thay Thế", email="thaythe@bo.gov.vn")
    registration = services.accept_invitation(
        invitation=invitation, attendees=[substitute], substitute=True,
        consent_version=consent(edition))
    assert registration.attendees.get().email == "thaythe@bo.gov.vn"
    invitation.refresh_from_db()
    assert invitation.substitute_name == "Phạm Thị Thay Thế"
    assert invitation.status == "accepted"


def test_decline_returns_the_seat():
    edition = make_edition()
    category = make_category(edition, quota=1)
    invitation = services.send_invitation(invitation=invite(category))
    services.decline_invitation(invitation=invitation, reason="Trùng lịch công tác")
    invitation.refresh_from_db()
    assert invitation.status == "declined"
    assert invitation.decline_reason == "Trùng lịch công tác"
    assert seats_taken(category=category) == 0
    with pytest.raises(DomainError) as exc:
        services.accept_invitation(invitation=invitation, attendees=[person()],
                                   consent_version=consent(edition))
    assert exc.value.code == "answered"


def test_expired_invitation_seats_are_offered_to_the_waiting_list():
    edition = make_edition()
    category = make_category(edition, quota=2)
    invitation = services.send_invitation(invitation=invite_organisation(category, 2))
    first = join_waiting_list(category=category, full_name="Lê Văn Một", email="mot@x.vn")
    second = join_waiting_list(category=category, full_name="Lê Văn Hai", email="hai@x.vn")
    later = timezone.now() + timedelta(days=11)
    assert services.expire_invitations(now=timezone.now()) == {"expired": 0, "released": 0}
    with capture_on_commit():
        assert services.expire_invitations(now=later) == {"expired": 1, "released": 0}
    invitation.refresh_from_db()
    assert invitation.status == "expired"
    assert set(WaitingListEntry.objects.values_list("status", flat=True)) == {"offered"}
    assert {first.pk, second.pk} == set(
        WaitingListEntry.objects.filter(status="offered").values_list("pk", flat=True))
    with pytest.raises(DomainError) as exc:
        services.accept_invitation(invitation=invitation, attendees=[person()],
                                   consent_version=consent(edition))
    assert exc.value.code == "expired"


def test_accepted_organisation_unnamed_seats_go_back_at_the_deadline():
    edition = make_edition()
    category = make_category(edition, quota=5)
    invitation = services.send_invitation(invitation=invite_organisation(category, 4))
    services.accept_invitation(invitation=invitation, attendees=[person()],
                               consent_version=consent(edition))
    later = timezone.now() + timedelta(days=11)
    assert services.expire_invitations(now=later) == {"expired": 0, "released": 1}
    assert seats_taken(category=category, now=later) == 1
    invitation.refresh_from_db()
    assert invitation.status == "accepted"


def test_extending_an_expired_invitation_takes_its_seats_again_if_free():
    edition = make_edition()
    category = make_category(edition, quota=1)
    invitation = services.send_invitation(invitation=invite(category))
    services.expire_invitations(now=timezone.now() + timedelta(days=11))
    start_registration(category=category, attendees=[person()], consent_version=consent(edition))
    with pytest.raises(DomainError) as exc:
        services.extend_deadline(invitation=invitation,
                                 deadline=timezone.now() + timedelta(days=5))
    assert exc.value.code == "sold_out"
    category.quota = 2
    category.save()
    invitation = services.extend_deadline(invitation=invitation,
                                          deadline=timezone.now() + timedelta(days=5))
    assert invitation.status == "sent"
    assert seats_taken(category=category) == 2


def test_reminders_go_out_once_each(settings):
    settings.INVITATION_REMINDER_DAYS = [7, 2]
    edition = make_edition()
    category = make_category(edition, quota=5)
    invitation = services.send_invitation(
        invitation=invite(category, deadline=timezone.now() + timedelta(days=10)))
    now = timezone.now()
    assert services.send_reminders(now=now) == 0
    assert services.send_reminders(now=now + timedelta(days=4)) == 1
    assert services.send_reminders(now=now + timedelta(days=4, hours=1)) == 0
    assert services.send_reminders(now=now + timedelta(days=8, hours=1)) == 1
    assert services.send_reminders(now=now + timedelta(days=9)) == 0
    assert OutboxMessage.objects.filter(template="invitations/reminder").count() == 2
    invitation.refresh_from_db()
    assert invitation.reminders_sent == 2
    answered = services.send_invitation(invitation=invite(category))
    services.decline_invitation(invitation=answered)
    assert services.send_reminders(now=now + timedelta(days=9)) == 0


def test_withdrawn_invitation_frees_its_seat_and_its_link_answers_no_more():
    edition = make_edition()
    category = make_category(edition, quota=1)
    invitation = services.send_invitation(invitation=invite(category))
    services.withdraw_invitation(invitation=invitation)
    assert seats_taken(category=category) == 0
    with pytest.raises(DomainError):
        services.decline_invitation(invitation=invitation)


def test_forged_or_unknown_links_are_refused():
    category = make_category(make_edition())
    invitation = invite(category)
    token = link_token(invitation)
    assert services.invitation_from_token(token) == invitation
    for bad in (token[:-1] + ("0" if token[-1] != "0" else "1"), invitation.public_id, "",
                "x-y", f"{invitation.public_id}-"):
        with pytest.raises(DomainError) as exc:
            services.invitation_from_token(bad)
        assert exc.value.status == 404
