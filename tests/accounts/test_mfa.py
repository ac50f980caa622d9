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


# allauth announces a new authenticator after commit: these tests commit as production does.
@pytest.mark.django_db(transaction=True)
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

    # Activating TOTP counts as this session's code.
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


# --- Every login goes through allauth and its second factor (issue #12.1) ---------------------


def test_wagtail_login_form_sends_staff_to_allauth_and_never_past_the_code(client, staff):
    """Posting the right password to Wagtail's own form must not open /admin/ without TOTP."""
    TOTP.activate(staff, generate_totp_secret())

    response = client.post("/admin/login/?next=/admin/pages/",
                           {"username": staff.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=%2Fadmin%2Fpages%2F"
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302

    # A plain visit keeps where the staff member was going; a foreign `next` is dropped.
    assert client.get("/admin/login/").url == "/accounts/login/?next=%2Fadmin%2F"
    assert client.get("/admin/login/?next=https://evil.example/").url == \
        "/accounts/login/?next=%2Fadmin%2F"
    # Wagtail's password reset goes to allauth's too (limited per address and e-mail).
    assert client.get("/admin/password_reset/").url == "/accounts/password/reset/"


def test_a_session_without_the_second_factor_is_asked_for_the_code(client, staff):
    """A password-only session (Django's login, an old session) must pass TOTP in this session:
    an authenticator merely existing is not enough."""
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    assert client.login(email=staff.email, password=PASSWORD)  # password only, no allauth stage

    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url == "/accounts/2fa/reauthenticate/?next=/admin/"
    assert client.get("/admin/users/").status_code == 302

    wrong = client.post(response.url, {"code": "000000"})
    assert wrong.status_code == 200
    done = client.post(response.url, {"code": current_code(secret)})
    assert done.status_code == 302
    assert done.url == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_activating_totp_counts_as_this_sessions_second_factor(client, staff):
    """Setting TOTP up proves the device once; the staff member is not asked again at once."""
    log_in(client, staff.email)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    page = client.get("/accounts/2fa/totp/activate/")
    secret = page.context["form"].secret
    assert client.get("/admin/").status_code == 302  # not yet: no code given in this session
    client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    assert client.get("/admin/").status_code == 200


@pytest.fixture
def login_limits(settings):
    """allauth's production limits (test settings switch them off for everything else)."""
    from django.core.cache import cache

    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
    cache.clear()
    yield
    cache.clear()


def test_wrong_passwords_are_limited_on_allauths_login(client, staff, login_limits):
    for _attempt in range(5):
        response = client.post("/accounts/login/", {"login": staff.email, "password": "wrong"})
        assert response.status_code == 200
    # The sixth try, with the right password, is refused too: the limit is per account.
    response = client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()


def test_wrong_passwords_are_limited_on_wagtails_login_path(client, staff, login_limits):
    """30 wrong passwords then the right one on /admin/login/ (the attack of the report)."""
    for _attempt in range(30):
        client.post("/admin/login/", {"username": staff.email, "password": "wrong"})
    client.post("/admin/login/", {"username": staff.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_wrong_codes_are_limited_at_the_second_factor(client, staff, login_limits):
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    log_in(client, staff.email)
    for _attempt in range(5):
        assert client.post("/accounts/2fa/authenticate/", {"code": "000000"}).status_code == 200
    response = client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_wrong_codes_are_limited_when_asked_again_for_the_code(client, staff, login_limits):
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    assert client.login(email=staff.email, password=PASSWORD)
    for _attempt in range(5):
        client.post("/accounts/2fa/reauthenticate/", {"code": "000000"})
    client.post("/accounts/2fa/reauthenticate/?next=/admin/", {"code": current_code(secret)})
    assert client.get("/admin/").status_code == 302
