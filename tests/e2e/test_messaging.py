"""An organiser composes a message to delegates on a phone (360 px), previews it in both
languages with the number of recipients, and sends it: it reaches the outbox once per person."""

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings as django_settings
from django.contrib.auth.models import Permission
from django.test import Client

from conference.common.models import OutboxMessage
from conference.messaging.models import Broadcast
from tests.e2e.conftest import screenshot
from tests.registration.badge_fixtures import *  # noqa: F403


def _log_in(page, user, live_server):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value,
                               "url": live_server.url}])


@pytest.mark.django_db(transaction=True)
def test_organiser_composes_and_sends_a_message_at_360px(page, live_server, user_factory,
                                                         make_attendee, delegate_category):
    make_attendee("Nguyễn Thị Anh Thi", organisation="Bộ Tài chính", email="thi@mof.gov.vn")
    make_attendee("John Smith", organisation="Bộ Tài chính", email="john@mof.gov.vn",
                  language="en")
    make_attendee("Trần Văn Bình", organisation="Sở TT&TT Huế", email="binh@hue.gov.vn")
    user = user_factory(email="btc@govconf.vn")
    user.user_permissions.add(*Permission.objects.filter(
        codename__in=["access_admin", "add_broadcast", "view_broadcast", "change_broadcast"]))
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP,
                                 data={"secret": "JBSWY3DPEHPK3PXP"})
    _log_in(page, user, live_server)
    page.set_viewport_size({"width": 360, "height": 780})

    page.goto("/admin/messages/")
    page.get_by_role("link", name="Thư mới").click()
    page.fill("input[name=subject]", "Đổi phòng phiên chiều")
    page.fill("textarea[name=body]", "Kính gửi {name},\nPhiên chiều chuyển sang phòng B.")
    page.fill("input[name=subject_en]", "Afternoon room change")
    page.fill("textarea[name=body_en]", "Dear {name},\nThe afternoon session moves to room B.")
    page.fill("input[name=organisation]", "bo tai chinh")
    page.get_by_label(delegate_category.name).check()
    screenshot(page, "messaging-compose-360")
    # Nothing on the page is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("button", name="Lưu và xem trước").click()

    page.wait_for_url("**/admin/messages/*/")
    assert "2" in page.locator("#reach").inner_text()
    assert "Kính gửi Nguyễn Thị Anh Thi" in page.locator("[data-preview=vi]").inner_text()
    assert "Dear John Smith" in page.locator("[data-preview=en]").inner_text()
    screenshot(page, "messaging-preview-360")
    page.get_by_role("button", name="Gửi ngay, hoặc vào thời điểm đã chọn").click()
    page.wait_for_load_state()
    assert "john@mof.gov.vn" in page.content()
    screenshot(page, "messaging-sent-360")

    broadcast = Broadcast.objects.get()
    assert broadcast.status == "sent"
    assert sorted(OutboxMessage.objects.values_list("to", "language")) == [
        ("john@mof.gov.vn", "en"), ("thi@mof.gov.vn", "vi")]
