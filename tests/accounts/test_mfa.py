"""Staff who can see personal data must use TOTP (allauth MFA) before reaching staff pages."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.auth.models import Group

from conference.accounts.roles import JUDGE, ORGANIZER

PASSWORD = "a-Strong-passw0rd"


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def log_in(client, email):
    response = client.post("/accounts/login/", {"login": email, "password": PASSWORD})
    assert response.status_code == 302
    return response


@pytest.fixture
def staff(user_factory):
    user = user_factory(email="bientap@govconf.vn", is_staff=True)
    user.groups.add(Group.objects.get(name=ORGANIZER))
    return user


def test_staff_without_totp_is_sent_to_totp_setup_then_reaches_the_admin(client, staff):
    assert log_in(client, staff.email).url == "/"

    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url == "/accounts/2fa/totp/activate/?next=/admin/"

    # Setting up a second factor asks for the password again (allauth's reauthentication).
    reauth = client.get(response.url)
    assert reauth.status_code == 302
    assert reauth.url.startswith("/accounts/reauthenticate/")
    back = client.post(reauth.url, {"password": PASSWORD})
    assert back.status_code == 302
    page = client.get(response.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Bật ứng dụng xác thực" in html
    assert 'class="qr-code"' in html
    secret = page.context["form"].secret

    # A wrong code is refused in Vietnamese; the right one activates TOTP.
    wrong = client.post("/accounts/2fa/totp/activate/?next=/admin/", {"code": "000000"})
    assert wrong.status_code == 200
    assert "Mã không đúng." in wrong.content.decode()
    assert not Authenticator.objects.filter(user=staff).exists()

    done = client.post("/accounts/2fa/totp/activate/?next=/admin/", {"code": current_code(secret)})
    assert done.status_code == 302
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).count() == 1

    admin = client.get("/admin/")
    assert admin.status_code == 200
    assert '<html lang="vi"' in admin.content.decode()


def test_staff_with_totp_is_asked_for_the_code_at_login(client, staff):
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)

    response = log_in(client, staff.email)
    assert response.url == "/accounts/2fa/authenticate/"
    # Password alone is not enough.
    assert client.get("/admin/").status_code == 302
    stage = client.get(response.url)
    assert "Tài khoản của bạn được bảo vệ bằng xác thực hai lớp" in stage.content.decode()

    wrong = client.post("/accounts/2fa/authenticate/", {"code": "123456"})
    assert wrong.status_code == 200
    assert "Mã không đúng." in wrong.content.decode()

    done = client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
    assert done.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_role_members_need_totp_too_but_attendees_do_not(client, user_factory):
    judge = user_factory(email="giamkhao@govconf.vn")
    judge.groups.add(Group.objects.get(name=JUDGE))
    log_in(client, judge.email)
    response = client.get("/accounts/profile/")
    assert response.status_code == 200  # account pages stay reachable to set TOTP up
    response = client.get("/")
    assert response.status_code == 302
    assert re.match(r"^/accounts/2fa/totp/activate/\?next=/$", response.url)

    client.logout()
    attendee = user_factory(email="daibieu@example.vn")
    log_in(client, attendee.email)
    assert client.get("/accounts/profile/").status_code == 200


def test_mfa_can_be_switched_off_for_a_demo(client, staff, settings):
    settings.REQUIRE_STAFF_MFA = False
    log_in(client, staff.email)
    assert client.get("/admin/").status_code == 200
