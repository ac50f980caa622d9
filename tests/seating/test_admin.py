"""The seating pages in the Wagtail admin: who may see and change, the grid form, the prints."""

import io

import pytest
from pypdf import PdfReader

from conference.accounts.roles import CHECKIN_STAFF, ORGANIZER, REGISTRATION_DESK
from conference.seating.enums import BlockKind
from conference.seating.models import Block, SeatAssignment, SeatingPlan
from conference.seating.services import assign_seat

from .conftest import seat

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())  # a name may wrap inside its seat


def test_organisers_seat_people_by_clicking_a_seat(role_client, plan_factory, attendee_factory):
    plan = plan_factory()
    person = attendee_factory(full_name="Trần Thị Lan")
    client = role_client(ORGANIZER)
    page = client.get(f"/admin/seating/{plan.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Trần Thị Lan" in html and 'data-seat="A-5"' in html
    a5 = seat(plan, "A", 5)
    response = client.post(f"/admin/seating/{plan.pk}/assign/",
                           {"seat": a5.pk, "attendee": person.pk})
    assert response.status_code == 302
    assert SeatAssignment.objects.get(plan=plan).seat == a5
    # A seat clicked with nobody chosen shows who sits there.
    shown = client.get(response["Location"]).content.decode()
    assert "Hàng A, ghế 5" in shown and "Trần Thị Lan" in shown
    # The people list says where she sits.
    assert "Đại biểu · <strong>Hàng A, ghế 5</strong>" in shown


def test_a_taken_seat_says_who_holds_it(role_client, plan_factory, attendee_factory):
    plan = plan_factory()
    lan, minh = attendee_factory(full_name="Trần Thị Lan"), attendee_factory(full_name="Lê Minh")
    a5 = seat(plan, "A", 5)
    assign_seat(plan=plan, seat=a5, attendee=lan)
    client = role_client(ORGANIZER)
    response = client.post(f"/admin/seating/{plan.pk}/assign/",
                           {"seat": a5.pk, "attendee": minh.pk}, follow=True)
    assert "Hàng A, ghế 5 đã có Trần Thị Lan ngồi." in response.content.decode()
    assert SeatAssignment.objects.get(plan=plan).attendee == lan


def test_the_desk_sees_and_prints_but_cannot_change(role_client, plan_factory,
                                                    attendee_factory):
    plan = plan_factory()
    person = attendee_factory()
    client = role_client(REGISTRATION_DESK)
    assert client.get(f"/admin/seating/{plan.pk}/").status_code == 200
    # Wagtail's admin turns a refusal into a redirect to the dashboard with a message.
    refused = client.post(f"/admin/seating/{plan.pk}/assign/",
                          {"seat": seat(plan, "A", 1).pk, "attendee": person.pk})
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    refused = client.post(f"/admin/seating/{plan.pk}/lock/")
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    assert not SeatingPlan.objects.get().is_locked
    assert client.get(f"/admin/seating/{plan.pk}/chart.pdf").status_code == 200
    assert not SeatAssignment.objects.exists()


def test_checkin_staff_see_no_seating(role_client, plan_factory):
    plan = plan_factory()
    client = role_client(CHECKIN_STAFF)
    assert client.get(f"/admin/seating/{plan.pk}/").status_code in (302, 403)
    assert client.get(f"/admin/seating/{plan.pk}/chart.pdf").status_code in (302, 403)


def test_a_person_of_another_edition_cannot_be_seated(role_client, plan_factory,
                                                      attendee_factory, category_factory):
    from cms.models import Edition

    other = Edition.objects.create(year=2025, name="Hội thảo 2025", start_date="2025-10-25",
                                   end_date="2025-10-25")
    stranger = attendee_factory(category=category_factory(edition=other))
    plan = plan_factory()
    client = role_client(ORGANIZER)
    response = client.post(f"/admin/seating/{plan.pk}/assign/",
                           {"seat": seat(plan, "A", 1).pk, "attendee": stranger.pk}, follow=True)
    assert response.status_code == 200
    assert not SeatAssignment.objects.exists()


def test_lock_by_rules_and_prints(role_client, plan_factory, attendee_factory):
    plan = plan_factory(sections=[("Khu trái", 2, 3), ("Khu phải", 2, 3)])
    vip = Block.objects.create(plan=plan, kind=BlockKind.VIP, name="Lãnh đạo")
    plan.seats.filter(row="A").update(block=vip)
    minister = attendee_factory(full_name="Nguyễn Mạnh Hùng", position="Bộ trưởng")
    delegate = attendee_factory(full_name="Phạm Thị Hoa")
    client = role_client(ORGANIZER)
    client.post(f"/admin/seating/{plan.pk}/rules/")
    assert SeatAssignment.objects.filter(plan=plan).count() == 2
    assign_seat(plan=plan, seat=seat(plan, "A", 1, "Khu trái"), attendee=minister)

    chart = client.get(f"/admin/seating/{plan.pk}/chart.pdf?size=a4")
    assert chart["Content-Type"] == "application/pdf"
    page = PdfReader(io.BytesIO(chart.content)).pages[0]
    assert round(float(page.mediabox.width)) == 842  # A4 landscape
    text = _text(chart.content)
    assert "Phiên toàn thể" in text and "Nguyễn Mạnh Hùng" in text and "Phạm Thị Hoa" in text
    a3 = client.get(f"/admin/seating/{plan.pk}/chart.pdf?size=a3")
    assert round(float(PdfReader(io.BytesIO(a3.content)).pages[0].mediabox.width)) == 1191

    cards = client.get(f"/admin/seating/{plan.pk}/place-cards.pdf")
    reader = PdfReader(io.BytesIO(cards.content))
    assert len(reader.pages) == 1  # only the VIP row
    assert "Nguyễn Mạnh Hùng" in _text(cards.content)
    assert "Phạm Thị Hoa" not in _text(cards.content)

    client.post(f"/admin/seating/{plan.pk}/lock/")
    plan.refresh_from_db()
    assert plan.is_locked
    response = client.post(f"/admin/seating/{plan.pk}/assign/",
                           {"seat": seat(plan, "B", 1, "Khu trái").pk,
                            "attendee": delegate.pk}, follow=True)
    assert "đã khóa" in response.content.decode()


def test_plan_form_builds_seats_and_refuses_to_drop_an_occupied_section(
    role_client, plan_factory, attendee_factory, edition
):
    client = role_client(ORGANIZER)
    data = {
        "edition": edition.pk, "name": "Lễ tôn vinh", "name_en": "Awards ceremony",
        "on_badge": "on", "sort_order": 0,
        "sections-TOTAL_FORMS": 1, "sections-INITIAL_FORMS": 0, "sections-MIN_NUM_FORMS": 1,
        "sections-MAX_NUM_FORMS": 1000,
        "sections-0-name": "Khu giữa", "sections-0-name_en": "Centre", "sections-0-sort_order": 0,
        "sections-0-first_row": "A", "sections-0-rows": 4, "sections-0-seats_per_row": 8,
        "sections-0-first_number": 1, "sections-0-numbering": "odd_even",
        "sections-0-ORDER": 1,
        "blocks-TOTAL_FORMS": 0, "blocks-INITIAL_FORMS": 0, "blocks-MIN_NUM_FORMS": 0,
        "blocks-MAX_NUM_FORMS": 1000,
        "rank_rules-TOTAL_FORMS": 0, "rank_rules-INITIAL_FORMS": 0,
        "rank_rules-MIN_NUM_FORMS": 0, "rank_rules-MAX_NUM_FORMS": 1000,
    }
    response = client.post("/admin/seating_plans/new/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = SeatingPlan.objects.get(name="Lễ tôn vinh")
    assert plan.seats.count() == 32
    assign_seat(plan=plan, seat=seat(plan, "D", 7), attendee=attendee_factory())
    section = plan.sections.get()
    data.update({"sections-INITIAL_FORMS": 1, "sections-0-id": section.pk,
                 "sections-0-rows": 2})
    refused = client.post(f"/admin/seating_plans/edit/{plan.pk}/", data)
    assert refused.status_code == 200
    assert "đang có người ngồi" in refused.content.decode()
    assert plan.seats.count() == 32
