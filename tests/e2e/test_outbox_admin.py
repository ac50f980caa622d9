"""The desk finds a failed email in the outbox, ticks it, resends it, and it goes out."""

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.test import Client

from conference.accounts.roles import REGISTRATION_DESK, sync_roles
from conference.common.enums import OutboxStatus
from conference.common.models import OutboxMessage
from tests.e2e.conftest import screenshot


@pytest.mark.django_db(transaction=True)
def test_desk_resends_a_failed_email_from_the_outbox(page, live_server, user_factory, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    failed = OutboxMessage.objects.create(
        to="that.bai@example.vn", subject="Xác nhận đăng ký", body_text="b",
        template="registration/confirmed", status=OutboxStatus.FAILED, attempts=21,
        last_error="AnymailRequestsAPIError: 503 Service Unavailable")
    OutboxMessage.objects.create(to="da.gui@example.vn", subject="Thư khác", body_text="b",
                                 status=OutboxStatus.SENT, attempts=1)
    sync_roles()
    desk = user_factory(email="desk@govconf.vn")
    desk.groups.add(Group.objects.get(name=REGISTRATION_DESK))
    Authenticator.objects.create(user=desk, type=Authenticator.Type.TOTP,
                                 data={"secret": "JBSWY3DPEHPK3PXP"})
    client = Client()
    client.force_login(desk)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value,
                               "url": live_server.url}])
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto("/admin/")
    assert page.locator("#undelivered-emails-heading").is_visible()
    page.goto("/admin/outbox/?status=failed")
    assert "503 Service Unavailable" in page.content()
    assert "da.gui@example.vn" not in page.locator("table.listing").inner_text()
    page.get_by_label("Chọn thư gửi that.bai@example.vn").check()
    screenshot(page, "outbox-failed")
    page.get_by_role("button", name="Gửi lại thư đã chọn").click()
    page.wait_for_url("**/outbox-actions/resend/**")
    assert "that.bai@example.vn" in page.content()
    page.get_by_role("button", name="Gửi lại", exact=True).click()
    page.wait_for_url("**/admin/outbox/")
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (OutboxStatus.SENT, 1)
