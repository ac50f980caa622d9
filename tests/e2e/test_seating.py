"""The seating screen at 1280 px: find a person, click a seat, see the hall fill; both languages."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.test import Client

from conference.accounts.roles import ORGANIZER, sync_roles
from conference.seating.enums import BlockKind
from conference.seating.models import Block, SeatAssignment
from tests.checkin.conftest import (  # noqa: F401 (fixtures)
    activate_totp,
    attendee_factory,
    category_factory,
    delegate,
)
from tests.e2e.conftest import screenshot
from tests.seating.conftest import plan_factory, seat  # noqa: F401


def _log_in(page, user, live_server):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value,
                               "url": live_server.url}])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_organiser_seats_people_on_the_grid(page, live_server, user_factory, plan_factory,  # noqa: F811
                                            attendee_factory):  # noqa: F811
    page.set_viewport_size({"width": 1280, "height": 900})
    plan = plan_factory(sections=[("Khu trái", 4, 6), ("Khu giữa", 4, 8), ("Khu phải", 4, 6)])
    vip = Block.objects.create(plan=plan, kind=BlockKind.VIP, name="Lãnh đạo",
                               name_en="Leaders", colour="#B91C1C")
    plan.seats.filter(section__name="Khu giữa", row="A").update(block=vip)
    lan = attendee_factory(full_name="Trần Thị Lan", position="Giám đốc Sở",
                           organisation="Sở TT&TT Huế")
    hung = attendee_factory(full_name="Nguyễn Mạnh Hùng", position="Bộ trưởng")
    for name in ("Phạm Thị Hoa", "Lê Văn Tám", "Đỗ Quang Minh"):
        attendee_factory(full_name=name)
    sync_roles()
    organiser = user_factory()
    organiser.groups.add(Group.objects.get(name=ORGANIZER))
    activate_totp(organiser)
    _log_in(page, organiser, live_server)

    page.goto(f"/admin/seating/{plan.pk}/")
    assert page.locator(".seating-seat").count() == 80
    # Filter the list without accents, pick Lan, click row A seat 5 of the centre section.
    page.fill("[data-people-filter]", "tran lan")
    assert page.locator("[data-people] li:visible").count() == 1
    page.get_by_label("Trần Thị Lan").check()
    centre_a5 = seat(plan, "A", 5, "Khu giữa")
    page.locator(f"button.seating-seat[value='{centre_a5.pk}']").click()
    page.wait_for_load_state()
    assert "Trần Thị Lan: Khu giữa · Hàng A, ghế 5." in page.inner_text("body")
    taken = page.locator(f"button.seating-seat[value='{centre_a5.pk}']")
    assert "is-taken" in taken.get_attribute("class")
    assert "Trần Thị Lan" in taken.inner_text()
    assert SeatAssignment.objects.get(plan=plan).attendee == lan

    # Another organiser's choice: Hùng on the same seat is refused with the holder's name.
    page.fill("[data-people-filter]", "hung")
    page.get_by_label("Nguyễn Mạnh Hùng").check()
    page.locator(f"button.seating-seat[value='{centre_a5.pk}']").click()
    page.wait_for_load_state()
    assert "Hàng A, ghế 5 đã có Trần Thị Lan ngồi." in page.inner_text("body")
    # With "swap" ticked he moves there... he has no seat yet, so seat him next to her first.
    centre_a6 = seat(plan, "A", 6, "Khu giữa")
    page.get_by_label("Nguyễn Mạnh Hùng").check()
    page.locator(f"button.seating-seat[value='{centre_a6.pk}']").click()
    page.wait_for_load_state()
    assert SeatAssignment.objects.get(attendee=hung).seat == centre_a6
    screenshot(page, "seating-screen-1280-vi")

    # The rules seat everyone else; the chart is one click away.
    page.get_by_role("button", name="Xếp tất cả theo quy tắc").click()
    page.wait_for_load_state()
    assert SeatAssignment.objects.filter(plan=plan).count() == 5
    assert "Đã xếp 3 người theo quy tắc." in page.inner_text("body")

    # In English.
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(organiser)
    profile.preferred_language = "en"
    profile.save()
    page.goto(f"/admin/seating/{plan.pk}/?seat={centre_a5.pk}")
    body = page.inner_text("body")
    assert "Seat everyone by the rules" in body and "Row A, seat 5" in body
    assert "STAGE" in body
    screenshot(page, "seating-screen-1280-en")
