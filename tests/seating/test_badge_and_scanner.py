"""The seat on the badge and in the scanner's green answer at the hall's door."""

import io

import pytest
from pypdf import PdfReader

from conference.registration.badges import badge_pdf, content_for
from conference.seating.services import assign_seat
from tests.checkin.test_api import post, scan_body

from .conftest import seat

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_badge_shows_the_seat_once_assigned(plan_factory, attendee_factory):
    plan = plan_factory(name="Phiên toàn thể")
    person = attendee_factory(full_name="Nguyễn Thị Anh Thi")
    badge = person.badge
    assert content_for(badge).seat == ""
    assert "ghế" not in _text(badge_pdf(badge))
    assign_seat(plan=plan, seat=seat(plan, "A", 5), attendee=person)
    assert content_for(badge).seat == "Phiên toàn thể: Hàng A, ghế 5"
    assert "Phiên toàn thể: Hàng A, ghế 5" in _text(badge_pdf(badge))
    plan.on_badge = False
    plan.save()
    assert content_for(badge).seat == ""


def test_badge_batch_prints_each_seat(plan_factory, attendee_factory, user_factory):
    from conference.registration.badges.services import _contents  # the batch's own feed

    plan = plan_factory()
    people = [attendee_factory(full_name=f"Đại biểu {i}") for i in range(3)]
    for number, person in enumerate(people[:2], start=1):
        assign_seat(plan=plan, seat=seat(plan, "B", number), attendee=person)
    contents = list(_contents([p.badge.pk for p in people]))
    assert [c.seat for c in contents] == [
        "Phiên toàn thể: Hàng B, ghế 1", "Phiên toàn thể: Hàng B, ghế 2", "",
    ]


def test_the_scanner_at_the_halls_door_shows_the_seat_with_the_green_answer(
    client, plan_factory, attendee_factory, point_factory, device_factory
):
    hall_door = point_factory(name="Cửa hội trường", once=True)
    main_door = point_factory(name="Cửa chính", once=False)
    plan = plan_factory(doors=[hall_door])
    seated, unseated = attendee_factory(), attendee_factory()
    assign_seat(plan=plan, seat=seat(plan, "A", 5), attendee=seated)
    device = device_factory()

    answer = post(client, "/api/checkin/scan/", scan_body(seated.badge.code, hall_door),
                  device.token).json()
    assert (answer["result"], answer["colour"]) == ("admitted", "green")
    assert answer["seat"]["text"] == "Hàng A, ghế 5"
    assert (answer["seat"]["plan"], answer["seat"]["section"]) == ("Phiên toàn thể", "Khu giữa")

    english = post(client, "/en/api/checkin/scan/" if False else "/api/checkin/scan/",
                   scan_body(unseated.badge.code, hall_door), device.token,
                   HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["result"] == "admitted" and english["seat"] is None

    elsewhere = post(client, "/api/checkin/scan/", scan_body(seated.badge.code, main_door),
                     device.token).json()
    assert elsewhere["result"] == "admitted" and "seat" not in elsewhere

    # A refused scan at the hall shows no seat: the answer is about the refusal.
    again = post(client, "/api/checkin/scan/", scan_body(seated.badge.code, hall_door),
                 device.token).json()
    assert again["result"] == "already_checked_in" and "seat" not in again


def test_the_scanner_answer_speaks_the_staff_language(client, plan_factory, attendee_factory,
                                                      point_factory, staff_factory):
    from checkin.services import register_device

    hall_door = point_factory(name="Cửa hội trường", once=True)
    plan = plan_factory(doors=[hall_door])
    person = attendee_factory()
    assign_seat(plan=plan, seat=seat(plan, "C", 2), attendee=person)
    _device, token = register_device(user=staff_factory(), name="Phone")
    answer = post(client, "/api/checkin/scan/", scan_body(person.badge.code, hall_door), token,
                  HTTP_ACCEPT_LANGUAGE="en").json()
    assert answer["seat"]["text"] in ("Row C, seat 2", "Hàng C, ghế 2")


def test_the_invitation_shows_the_seat_once_assigned(plan_factory):
    from conference.invitations import services as invitations
    from conference.invitations.signals import extra_details
    from conference.registration.models import Attendee
    from tests.invitations.factories import invite, invite_organisation
    from tests.registration.factories import consent, make_category, person

    plan = plan_factory(name="Phiên toàn thể", name_en="Plenary session")
    category = make_category(plan.edition, quota=20)
    invitation = invitations.send_invitation(invitation=invite(category))
    invitations.accept_invitation(invitation=invitation, attendees=[person()],
                                  consent_version=consent(plan.edition))
    assert extra_details(invitation, "vi") == {}
    guest = Attendee.objects.get(registration__reservation=invitation.reservation)
    assign_seat(plan=plan, seat=seat(plan, "A", 5), attendee=guest)
    assert extra_details(invitation, "vi") == {"seat": "Phiên toàn thể: Hàng A, ghế 5"}
    assert extra_details(invitation, "en") == {"seat": "Plenary session: Row A, seat 5"}

    group = invitations.send_invitation(invitation=invite_organisation(category, seats=3))
    invitations.accept_invitation(
        invitation=group, attendees=[person(full_name="Lê Văn Một"),
                                     person(full_name="Lê Thị Hai")],
        consent_version=consent(plan.edition))
    one, two = Attendee.objects.filter(registration__reservation=group.reservation) \
        .order_by("pk")
    assign_seat(plan=plan, seat=seat(plan, "B", 1), attendee=one)
    assign_seat(plan=plan, seat=seat(plan, "B", 2), attendee=two)
    assert extra_details(group, "vi")["seat"] == (
        "Lê Văn Một: Phiên toàn thể: Hàng B, ghế 1; Lê Thị Hai: Phiên toàn thể: Hàng B, ghế 2"
    )


def test_the_offline_manifest_of_the_halls_door_carries_the_seats(
    client, plan_factory, attendee_factory, point_factory, device_factory,
    django_assert_max_num_queries,
):
    hall_door = point_factory(name="Cửa hội trường", once=True)
    main_door = point_factory(name="Cửa chính", once=False)
    plan = plan_factory(doors=[hall_door])
    seated, unseated = attendee_factory(), attendee_factory()
    assign_seat(plan=plan, seat=seat(plan, "A", 5), attendee=seated)
    device = device_factory()

    def admit(point):
        body = client.get(f"/api/checkin/points/{point.pk}/manifest/",
                          HTTP_AUTHORIZATION=f"Device {device.token}").json()
        return {row[0]: row for row in body["admit"]}

    rows = admit(hall_door)
    assert rows[seated.badge.code][4] == ["A", 5, "Khu giữa", ""]
    assert len(rows[unseated.badge.code]) == 4
    client.get("/api/checkin/points/", HTTP_AUTHORIZATION=f"Device {device.token}")
    with django_assert_max_num_queries(5):  # another door: seating asks nothing
        rows = admit(main_door)
    assert len(rows[seated.badge.code]) == 4
