"""A delegation: its contact manages the registration; a member manages only themself
(issue #12.5). Every action is tried with A's object as B."""

import pytest
from django.urls import reverse

from conference.common.models import OutboxMessage
from conference.registration import services
from conference.registration.enums import RegistrationStatus
from conference.registration.links import status_url
from conference.registration.models import Badge, Registration
from conference.registration.queries import category_counts

from .factories import make_category, make_edition, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def delegation(user_factory):
    """Contact Trưởng đoàn (also an attendee, writing in English) registers herself and Bình."""
    edition = make_edition()
    category = make_category(edition, quota=10)
    contact = user_factory(email="truongdoan@example.vn")
    member = user_factory(email="binh@example.vn")
    registration = services.start_registration(
        category=category, contact=contact, contact_email=contact.email, language="en",
        consent_version="1",
        attendees=[person(1, email=contact.email, full_name="Trần Thị Trưởng Đoàn",
                          language="en"),
                   person(2, email=member.email, full_name="Lê Văn Bình")],
    )
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    return registration, contact, member


def active_badges(registration):
    return Badge.objects.filter(attendee__registration=registration, revoked_at__isnull=True)


def test_a_member_cannot_cancel_the_delegation_nor_open_its_status_page(client, delegation):
    registration, contact, member = delegation
    cancel = reverse("registration:cancel", kwargs={"reference": registration.reference})
    client.force_login(member)

    assert client.get(cancel).status_code == 404
    assert client.post(cancel, {"confirm": "on"}).status_code == 404
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert active_badges(registration).count() == 2

    portal = client.get(reverse("registration:portal")).content.decode()
    assert registration.reference in portal
    assert status_url(registration) not in portal
    assert cancel not in portal
    assert "truongdoan@example.vn" in portal  # who manages it
    assert "Trần Thị Trưởng Đoàn" not in portal  # but not the other attendees
    # The contact's link, if the member got hold of it, leads to their own portal.
    page = client.get(status_url(registration))
    assert page.status_code == 302 and page.url == reverse("registration:portal")

    client.force_login(contact)
    portal = client.get(reverse("registration:portal")).content.decode()
    assert status_url(registration) in portal and "Lê Văn Bình" in portal
    assert client.get(status_url(registration)).status_code == 200
    assert client.get(cancel).status_code == 200


def test_a_member_withdraws_only_themself(client, delegation, user_factory):
    registration, contact, member = delegation
    mine = registration.attendees.get(email=member.email)
    withdraw = reverse("registration:withdraw", kwargs={"pk": mine.pk})
    before = category_counts(registration.edition)

    # Nobody withdraws someone else: not a stranger, not the contact.
    client.force_login(user_factory(email="nguoi.la@example.vn"))
    assert client.post(withdraw, {"confirm": "on"}).status_code == 404
    client.force_login(contact)
    assert client.post(withdraw, {"confirm": "on"}).status_code == 404
    assert active_badges(registration).count() == 2

    client.force_login(member)
    page = client.get(withdraw)
    assert page.status_code == 200
    assert "Lê Văn Bình" in page.content.decode()
    unticked = client.post(withdraw, {})
    assert "Vui lòng đánh dấu vào ô để xác nhận." in unticked.content.decode()
    done = client.post(withdraw, {"confirm": "on"})
    assert done.status_code == 302

    registration.refresh_from_db()
    mine.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.quantity == 1
    assert list(registration.attendees.values_list("email", flat=True)) == [contact.email]
    assert list(active_badges(registration).values_list("attendee__email", flat=True)) == \
        [contact.email]
    assert not mine.badges.filter(revoked_at__isnull=True).exists()
    assert Registration.objects.get(pk=mine.registration_id).status == \
        RegistrationStatus.CANCELLED
    after = category_counts(registration.edition)
    row = {r["category"].pk: r for r in after}[registration.category_id]
    row_before = {r["category"].pk: r for r in before}[registration.category_id]
    assert row["free"] == row_before["free"] + 1

    # The contact is told, in the contact's language (English here).
    mail = OutboxMessage.objects.get(template="registration/attendee_withdrawn")
    assert mail.to == contact.email
    assert mail.subject == f"Lê Văn Bình withdrew from your registration ({registration.reference})"
    assert "Attendees now in your registration: 1." in mail.body_text

    # Withdrawn once: the same link no longer finds an active seat.
    client.post(withdraw, {"confirm": "on"})
    assert OutboxMessage.objects.filter(template="registration/attendee_withdrawn").count() == 1


def test_a_members_email_carries_no_link_to_the_contacts_page(user_factory):
    edition = make_edition()
    category = make_category(edition, quota=10, requires_approval=True)
    registration = services.start_registration(
        category=category, contact_email="truongdoan@example.vn", consent_version="1",
        attendees=[person(1, email="truongdoan@example.vn"), person(2, email="binh@example.vn")],
    )
    link = status_url(registration)
    to_contact = OutboxMessage.objects.get(template="registration/pending",
                                           to="truongdoan@example.vn")
    to_member = OutboxMessage.objects.get(template="registration/pending", to="binh@example.vn")
    assert link in to_contact.body_text
    assert link not in to_member.body_text
    assert "/register/my/" in to_member.body_text
