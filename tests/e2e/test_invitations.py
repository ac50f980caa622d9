"""Browser tests of answering an invitation on a 360 px phone, in Vietnamese and in English."""

import pytest
from django.urls import reverse
from django.utils import translation

from conference.invitations import services
from conference.invitations.links import link_token
from conference.registration.models import Registration
from tests.invitations.factories import invite, invite_organisation
from tests.registration.factories import make_category, make_edition

from .conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def answer_path(invitation, language):
    with translation.override(language):
        return reverse("invitations:answer", kwargs={"token": link_token(invitation)})


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_person_accepts_on_a_360px_phone_in_vietnamese(page, settings, live_server):
    settings.SITE_URL = live_server.url
    page.set_viewport_size({"width": 360, "height": 740})
    category = make_category(make_edition(), name="Đại biểu khách mời", quota=5)
    invitation = services.send_invitation(invitation=invite(
        category, full_name="Nguyễn Thị Ánh Tuyết", honorific="Bà",
        organisation="Ủy ban nhân dân thành phố Đà Nẵng"))
    page.goto(answer_path(invitation, "vi"))
    assert "Kính gửi Bà Nguyễn Thị Ánh Tuyết" in page.inner_text("main")
    assert page.input_value('input[name="full_name"]') == "Nguyễn Thị Ánh Tuyết"
    assert fits_the_screen(page)
    screenshot(page, "invitation-answer-vi-360")
    page.click('button:has-text("Nhận lời mời")')
    assert "Vui lòng đồng ý" in page.inner_text("main")
    page.check("#accept input[name=consent]")
    page.click('button:has-text("Nhận lời mời")')
    assert "Quý vị đã nhận lời mời này." in page.inner_text("main")
    assert fits_the_screen(page)
    screenshot(page, "invitation-accepted-vi-360")
    registration = Registration.objects.get()
    assert registration.status == "confirmed"
    assert registration.attendees.get().full_name == "Nguyễn Thị Ánh Tuyết"


def test_organisation_names_its_delegates_on_a_360px_phone_in_english(page, settings,
                                                                      live_server):
    settings.SITE_URL = live_server.url
    page.set_viewport_size({"width": 360, "height": 740})
    category = make_category(make_edition(), name_en="Partner delegates", quota=10)
    invitation = services.send_invitation(invitation=invite_organisation(
        category, 3, organisation="Embassy of Japan", language="en"))
    page.goto(answer_path(invitation, "en"))
    assert "Dear Embassy of Japan" in page.inner_text("main")
    assert "3 seats are left for your organisation." in page.inner_text("main")
    page.select_option("#id_n", "2")
    page.click('button:has-text("Show the forms")')
    for i, (name, email) in enumerate([("Tanaka Hiroshi", "tanaka@emb-japan.go.jp"),
                                       ("Sato Yuki", "sato@emb-japan.go.jp")]):
        page.fill(f'input[name="form-{i}-full_name"]', name)
        page.fill(f'input[name="form-{i}-email"]', email)
    page.check("#delegates input[name=consent]")
    assert fits_the_screen(page)
    screenshot(page, "invitation-delegates-en-360")
    page.click('button:has-text("Confirm these delegates")')
    main = page.inner_text("main")
    assert "Tanaka Hiroshi" in main and "Sato Yuki" in main
    assert "1 seat is left for your organisation." in main
    screenshot(page, "invitation-delegates-named-en-360")
    page.click('button:has-text("Give back 1 unused seat")')
    assert "1 unused seat was given back" in page.inner_text("main")
    assert sum(r.quantity for r in Registration.objects.all()) == 2
