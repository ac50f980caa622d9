from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from conference.common.models import AuditEntry, OutboxMessage
from conference.registration import services
from conference.registration.enums import QuestionKind, RegistrationStatus, WaitingListStatus
from conference.registration.models import InvitationCode, Question, Registration
from conference.registration.queries import category_counts, seats_taken
from conference.registration.services import RegistrationError

from .factories import consent, make_category, make_edition, person

pytestmark = pytest.mark.django_db


def register(category, people, **kw):
    return services.start_registration(
        category=category, attendees=people, consent_version=consent(category.edition), **kw
    )


def test_free_registration_is_confirmed_with_badges_and_emails(
        django_capture_on_commit_callbacks):
    edition = make_edition()
    category = make_category(edition)
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(category, [person(1), person(2, language="en")])
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.quantity == 2
    assert registration.consent_version == "1"
    assert registration.consent_at is not None
    attendees = list(registration.attendees.order_by("id"))
    assert [a.badges.filter(revoked_at__isnull=True).count() for a in attendees] == [1, 1]
    confirmations = OutboxMessage.objects.filter(template="registration/confirmed")
    assert sorted(m.to for m in confirmations) == ["nguoi1@example.vn", "nguoi2@example.vn"]
    vi = confirmations.get(to="nguoi1@example.vn")
    en = confirmations.get(to="nguoi2@example.vn")
    assert "đã được xác nhận" in vi.subject
    assert "is confirmed" in en.subject
    names = [a["filename"] for a in en.attachments]
    assert names == [f"badge-{attendees[1].badges.get().code}.png", "event.ics"]
    assert len(mail.outbox) == 2  # sent after commit by the task
    assert sorted(m.to[0] for m in mail.outbox) == ["nguoi1@example.vn", "nguoi2@example.vn"]
    assert AuditEntry.objects.filter(action="registration.confirmed",
                                     object_id=str(registration.pk)).count() == 1


def test_names_are_nfc_and_searchable_without_diacritics():
    edition = make_edition()
    category = make_category(edition)
    decomposed = "Nguye\u0302\u0303n Thi\u0323 Anh Thi"
    registration = register(category, [person(full_name=decomposed)])
    attendee = registration.attendees.get()
    assert attendee.full_name == "Nguyễn Thị Anh Thi"
    assert "nguyen thi anh thi" in attendee.search_text


def test_paid_category_holds_seats_awaiting_payment():
    edition = make_edition(hold_minutes=15)
    category = make_category(edition, price_vnd=1_500_000, quota=3)
    registration = register(category, [person(), person()])
    assert registration.status == RegistrationStatus.AWAITING_PAYMENT
    assert registration.amount_vnd == 3_000_000
    assert timedelta(minutes=14) < registration.hold_expires_at - timezone.now() <= timedelta(
        minutes=15)
    assert seats_taken(category=category) == 2
    assert registration.attendees.filter(badges__isnull=False).count() == 0


def test_approval_flow_free_and_rejection():
    edition = make_edition()
    category = make_category(edition, requires_approval=True, quota=2)
    a = register(category, [person(1)])
    b = register(category, [person(2, language="en")])
    assert a.status == b.status == RegistrationStatus.PENDING_APPROVAL
    assert OutboxMessage.objects.filter(template="registration/pending").count() == 2
    assert seats_taken(category=category) == 2
    with pytest.raises(RegistrationError) as full:
        register(category, [person(3)])
    assert full.value.code == "sold_out"

    services.approve_registration(registration=a, by=None)
    a.refresh_from_db()
    assert a.status == RegistrationStatus.CONFIRMED
    assert OutboxMessage.objects.filter(template="registration/approved", to="nguoi1@example.vn"
                                        ).count() == 1
    services.reject_registration(registration=b, by=None, note="Không đúng đối tượng")
    b.refresh_from_db()
    assert b.status == RegistrationStatus.REJECTED
    rejected = OutboxMessage.objects.get(template="registration/rejected")
    assert rejected.language == "en" and "Không đúng đối tượng" in rejected.body_text
    assert seats_taken(category=category) == 1
    with pytest.raises(RegistrationError):
        services.approve_registration(registration=b, by=None)


def test_paid_approval_gives_time_to_pay():
    edition = make_edition()
    category = make_category(edition, requires_approval=True, price_vnd=500_000)
    registration = register(category, [person()])
    services.approve_registration(registration=registration, by=None)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.AWAITING_PAYMENT
    assert registration.hold_expires_at > timezone.now() + timedelta(hours=23)


def test_second_registration_of_same_email_is_refused_with_reference():
    edition = make_edition()
    first = register(make_category(edition), [person(7)])
    with pytest.raises(RegistrationError) as exc:
        register(make_category(edition), [person(8), person(7, full_name="Khác")])
    assert exc.value.code == "duplicate"
    assert exc.value.params["reference"] == first.reference
    assert first.reference in exc.value.message
    # another edition is fine
    other = make_edition()
    assert register(make_category(other), [person(7)]).status == RegistrationStatus.CONFIRMED


def test_lapsed_hold_does_not_block_a_new_registration():
    edition = make_edition()
    category = make_category(edition, price_vnd=100_000, quota=1)
    first = register(category, [person(1)])
    Registration.objects.filter(pk=first.pk).update(
        hold_expires_at=timezone.now() - timedelta(seconds=1))
    second = register(category, [person(2)])
    assert second.status == RegistrationStatus.AWAITING_PAYMENT
    # and the same person may register again once their hold lapsed
    Registration.objects.filter(pk=second.pk).update(
        hold_expires_at=timezone.now() - timedelta(seconds=1))
    assert register(category, [person(1)]).status == RegistrationStatus.AWAITING_PAYMENT


def test_sale_window_and_consent():
    edition = make_edition()
    now = timezone.now()
    later = make_category(edition, sale_starts_at=now + timedelta(days=1))
    over = make_category(edition, sale_ends_at=now - timedelta(minutes=1))
    with pytest.raises(RegistrationError) as exc:
        register(later, [person()])
    assert exc.value.code == "not_open"
    with pytest.raises(RegistrationError) as exc:
        register(over, [person()])
    assert exc.value.code == "closed"
    with pytest.raises(RegistrationError) as exc:
        services.start_registration(category=make_category(edition), attendees=[person()],
                                    consent_version="")
    assert exc.value.code == "no_consent"
    assert Registration.objects.count() == 0


def test_invitation_code_is_needed_and_counted():
    edition = make_edition()
    category = make_category(edition, requires_invitation=True)
    InvitationCode.objects.create(category=category, code="diengia-1", max_uses=1)
    with pytest.raises(RegistrationError) as exc:
        register(category, [person()])
    assert exc.value.code == "bad_invitation"
    registration = register(category, [person()], invitation_code=" diengia-1 ")
    assert registration.invitation_code.code == "DIENGIA-1"
    assert InvitationCode.objects.get().used_count == 1
    with pytest.raises(RegistrationError) as exc:
        register(category, [person()], invitation_code="DIENGIA-1")
    assert exc.value.code == "bad_invitation"


def test_questions_are_validated():
    edition = make_edition()
    category = make_category(edition)
    Question.objects.create(category=category, key="level", label="Cấp", kind=QuestionKind.CHOICE,
                            choices="Trung ương\nTỉnh", required=True)
    Question.objects.create(category=category, key="gala", label="Gala", kind=QuestionKind.YES_NO)
    with pytest.raises(RegistrationError) as exc:
        register(category, [person()])
    assert exc.value.code == "missing_answer"
    with pytest.raises(RegistrationError) as exc:
        register(category, [person(answers={"level": "Xã"})])
    assert exc.value.code == "bad_answer"
    registration = register(category, [person(answers={"level": "Tỉnh", "gala": "yes"})])
    assert registration.attendees.get().answers == {"level": "Tỉnh", "gala": True}


def test_delegation_each_person_gets_badge_and_email_contact_gets_summary():
    edition = make_edition()
    category = make_category(edition, quota=5)
    people = [person(i) for i in range(20, 24)]
    registration = register(category, people, contact_email="truongdoan@example.vn")
    assert registration.quantity == 4
    assert registration.contact_email == "truongdoan@example.vn"
    codes = {a.badges.get().code for a in registration.attendees.all()}
    assert len(codes) == 4
    assert OutboxMessage.objects.filter(template="registration/confirmed").count() == 4
    with pytest.raises(RegistrationError) as exc:
        register(category, [person(30), person(31)])
    assert exc.value.code == "sold_out"
    with pytest.raises(RegistrationError) as exc:
        register(category, [person(40), person(40)])
    assert exc.value.code == "duplicate_in_delegation"


def test_venue_capacity_is_shared():
    edition = make_edition(venue_capacity=3)
    a = make_category(edition, quota=10)
    b = make_category(edition, quota=10)
    register(a, [person(), person()])
    register(b, [person()])
    with pytest.raises(RegistrationError) as exc:
        register(b, [person()])
    assert exc.value.code == "venue_full"


def test_cancel_frees_seat_and_revokes_badges():
    edition = make_edition()
    category = make_category(edition, quota=1)
    registration = register(category, [person(1)])
    badge = registration.attendees.get().badges.get()
    services.cancel_registration(registration=registration, by=None)
    registration.refresh_from_db()
    badge.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert badge.revoked_at is not None
    assert register(category, [person(2)]).status == RegistrationStatus.CONFIRMED
    with pytest.raises(RegistrationError):
        services.cancel_registration(registration=registration, by=None)


def test_expire_holds_and_waiting_list_offers_in_order():
    edition = make_edition()
    category = make_category(edition, price_vnd=200_000, quota=1)
    held = register(category, [person(1)])
    first = services.join_waiting_list(category=category, full_name="Trần Thị Một",
                                       email="mot@example.vn")
    second = services.join_waiting_list(category=category, full_name="Lê Văn Hai",
                                        email="hai@example.vn", language="en")
    with pytest.raises(RegistrationError):
        services.join_waiting_list(category=category, full_name="X", email="MOT@example.vn")
    assert services.offer_waiting_list_seats(category=category) == []

    Registration.objects.filter(pk=held.pk).update(
        hold_expires_at=timezone.now() - timedelta(seconds=1))
    result = services.expire_holds()
    assert result == {"expired": 1, "offers_expired": 0, "offered": 1}
    held.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert held.status == RegistrationStatus.EXPIRED
    assert first.status == WaitingListStatus.OFFERED
    assert second.status == WaitingListStatus.WAITING
    offer_mail = OutboxMessage.objects.get(template="registration/waiting_list_offer")
    assert offer_mail.to == "mot@example.vn"
    # the offered seat is held for the person offered it
    with pytest.raises(RegistrationError):
        register(category, [person(99)])
    token = offer_mail.body_text.split("/offer/")[1].split("/")[0]
    assert services.entry_from_offer_token(token) == first

    # the offer lapses: it passes to the next person
    first.__class__.objects.filter(pk=first.pk).update(
        offer_expires_at=timezone.now() - timedelta(seconds=1))
    assert services.expire_holds() == {"expired": 0, "offers_expired": 1, "offered": 1}
    second.refresh_from_db()
    assert second.status == WaitingListStatus.OFFERED
    with pytest.raises(RegistrationError) as exc:
        services.entry_from_offer_token(token)
    assert exc.value.code == "offer_expired"
    with pytest.raises(RegistrationError) as exc:
        services.entry_from_offer_token(token[:-2] + "xx")
    assert exc.value.code == "bad_link"

    registration = register(category, [person(full_name="Lê Văn Hai", email="hai@example.vn")],
                            waiting_list_entry=second)
    assert registration.status == RegistrationStatus.AWAITING_PAYMENT
    second.refresh_from_db()
    assert second.status == WaitingListStatus.ACCEPTED
    assert second.registration == registration
    assert seats_taken(category=category) == 1


def test_category_counts(django_assert_max_num_queries):
    edition = make_edition()
    a = make_category(edition, quota=5)
    b = make_category(edition, quota=5, price_vnd=100_000)
    c = make_category(edition, quota=5, requires_approval=True)
    register(a, [person(), person()])
    register(b, [person()])
    register(c, [person()])
    with django_assert_max_num_queries(4):
        rows = category_counts(edition)
    assert [(r["confirmed"], r["held"], r["pending"], r["free"]) for r in rows] == [
        (2, 0, 0, 3), (0, 1, 0, 4), (0, 0, 1, 4)]


def test_update_attendee_name_reissues_badge():
    edition = make_edition()
    registration = register(make_category(edition), [person(1)])
    attendee = registration.attendees.get()
    old = attendee.badges.get()
    services.update_attendee(attendee=attendee, by=None, full_name="Nguyễn Văn Đổi",
                             language="en")
    old.refresh_from_db()
    assert old.revoked_at is not None
    assert attendee.badges.filter(revoked_at__isnull=True).count() == 1
    assert OutboxMessage.objects.filter(template="registration/confirmed").count() == 2


def test_export_and_erase_personal_data(user_factory):
    edition = make_edition()
    user = user_factory(email="nguoi5@example.vn")
    registration = register(make_category(edition), [person(5)])
    assert registration.attendees.get().user == user
    data = services.export_personal_data(user=user)
    assert data["registrations"][0]["reference"] == registration.reference
    assert data["registrations"][0]["consent_version"] == "1"
    with pytest.raises(RegistrationError) as exc:
        services.erase_personal_data(user=user)
    assert exc.value.code == "active_registrations"
    services.cancel_registration(registration=registration, by=user)
    assert services.erase_personal_data(user=user) == 1
    attendee = registration.attendees.get()
    assert attendee.email.endswith("@invalid.invalid")
    assert attendee.phone == "" and attendee.answers == {}
    assert not type(user).objects.filter(pk=user.pk).exists()


def test_anonymise_edition_after_retention():
    import datetime

    from django.core.management import CommandError, call_command

    edition = make_edition()
    registration = register(make_category(edition), [person(1, phone="0905123456")])
    services.join_waiting_list(category=registration.category, full_name="Chờ",
                               email="cho@example.vn")
    with pytest.raises(CommandError):
        call_command("anonymise_edition", str(edition.year))
    late = edition.end_date + datetime.timedelta(days=366)
    assert services.anonymise_edition(edition=edition, today=late) == 1
    attendee = registration.attendees.get()
    assert attendee.full_name == "(đã xóa)"
    assert attendee.email == f"anonymised-{attendee.pk}@invalid.invalid"
    assert attendee.phone == "" and "0905" not in attendee.search_text
    assert attendee.badges.count() == 1
    registration.refresh_from_db()
    assert registration.contact_email == "anonymised@invalid.invalid"
    assert registration.status == RegistrationStatus.CONFIRMED
    assert services.anonymise_edition(edition=edition, today=late) == 0


def test_too_long_details_are_refused_by_every_service_not_cut():
    edition = make_edition()
    category = make_category(edition)
    registration = register(category, [person(1)])
    attendee = registration.attendees.get()
    with pytest.raises(RegistrationError) as error:
        services.update_attendee(attendee=attendee, by=None, full_name="Đ" * 151)
    assert error.value.code == "too_long" and "150" in error.value.message
    attendee.refresh_from_db()
    assert attendee.full_name == "Nguyễn Văn Thử 1"
    with pytest.raises(RegistrationError) as error:
        register(category, [person(2, position="Chuyên viên " * 20)])
    assert error.value.code == "too_long"
    with pytest.raises(RegistrationError) as error:
        services.join_waiting_list(category=category, full_name="Lê " * 60,
                                   email="cho@example.vn")
    assert error.value.code == "too_long"


def test_a_reference_already_taken_is_drawn_again_in_the_same_transaction(monkeypatch):
    """The registration's INSERT is prepared; a reference the unique constraint refuses rolls
    back only its savepoint, and the next draw is written with the rest of the registration."""
    import secrets

    edition = make_edition()
    category = make_category(edition, price_vnd=500_000)
    version = consent(edition)
    first = services.start_registration(category=category, attendees=[person(1)],
                                        consent_version=version)
    draws = iter(first.reference + "DDDDDDDD")
    monkeypatch.setattr(secrets, "choice", lambda _alphabet: next(draws))
    second = services.start_registration(category=category, attendees=[person(2)],
                                         consent_version=version)
    assert second.reference == "DDDDDDDD"
    assert Registration.objects.filter(category=category).count() == 2
    assert second.attendees.get().email == "nguoi2@example.vn"
    assert AuditEntry.objects.filter(action="registration.started",
                                     object_id=str(second.pk)).count() == 1
