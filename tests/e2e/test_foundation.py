"""A visitor reads the home page in both languages, signs up, verifies the email, logs in."""

import re

import pytest
from django.core.management import call_command
from wagtail.models import Locale, Page

from conference.common.enums import OutboxStatus
from conference.common.models import OutboxMessage

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Hoi-thao-2024-an-toan"


@pytest.fixture
def demo_site(transactional_db):
    # A transactional test before this one flushed the tables, taking away the Wagtail root page
    # that migrations create; put it back as wagtailcore's migration does.
    if Page.get_first_root_node() is None:
        locale, _ = Locale.objects.get_or_create(language_code="vi")
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale, live=True))
    call_command("load_demo", password="demo-password-123", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_home_signup_verify_login(page, live_server, demo_site):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("h1").first.inner_text() == "Hội thảo Quốc gia về Chính phủ số 2024"
    assert "25/10/2024" in page.locator(".hero").inner_text()
    screenshot(page, "foundation-home-vi")

    page.get_by_role("link", name="English").first.click()
    page.wait_for_url(f"{live_server.url}/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").first.inner_text() == (
        "National Conference on Digital Government 2024"
    )
    screenshot(page, "foundation-home-en")

    # Back to Vietnamese through the switcher, then sign up.
    page.get_by_role("link", name="Tiếng Việt").first.click()
    page.wait_for_url(f"{live_server.url}/")
    # On a phone the header's links fold behind the menu button; account sign-up ("Tạo tài
    # khoản") is named apart from registering for the conference ("Đăng ký tham dự").
    menu = page.get_by_role("button", name="Danh mục")
    assert menu.get_attribute("aria-expanded") == "false"
    assert not page.get_by_role("link", name="Tạo tài khoản").is_visible()
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    page.get_by_role("link", name="Tạo tài khoản").click()
    page.wait_for_url(re.compile(r"/accounts/signup/$"))
    assert page.locator("h1").inner_text() == "Tạo tài khoản"
    page.get_by_label("Họ và tên đệm").fill("Nguyễn Thị Anh")
    page.locator("#id_first_name").fill("Thư")
    page.locator("#id_email").fill("anh.thu@example.vn")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    screenshot(page, "foundation-signup-vi")
    page.get_by_role("button", name="Tạo tài khoản").click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
    assert page.locator("h1").inner_text() == "Xác minh địa chỉ email"
    screenshot(page, "foundation-verification-sent-vi")

    # The verification email went through the outbox, in Vietnamese.
    message = OutboxMessage.objects.get(to="anh.thu@example.vn")
    assert message.status == OutboxStatus.SENT
    assert message.language == "vi"
    assert message.attempts == 1
    assert "Vui lòng xác nhận địa chỉ email của bạn" in message.subject
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", message.body_text).group(0)
    assert link.startswith(live_server.url)

    page.goto(link)
    assert page.locator("h1").inner_text() == "Xác nhận địa chỉ email"
    screenshot(page, "foundation-confirm-email-vi")
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_url(f"{live_server.url}/")

    # Confirmation logged the new user in; log out and log in again with the password.
    page.get_by_role("button", name="Danh mục").click()
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("button", name="Danh mục").click()
    page.get_by_role("link", name="Đăng nhập").first.click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.locator("#id_login").fill("anh.thu@example.vn")
    page.locator("#id_password").fill(PASSWORD)
    screenshot(page, "foundation-login-vi")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("button", name="Danh mục").click()
    assert page.get_by_role("link", name="Tài khoản của tôi").is_visible()
    welcome = page.locator(".messages").inner_text()
    assert "Đăng nhập thành công với tên Nguyễn Thị Anh Thư." in welcome
    screenshot(page, "foundation-logged-in-vi")


def test_account_pages_in_english(page, live_server, demo_site):
    page.goto("/en/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Sign In"
    page.get_by_role("link", name="Forgot your password?").click()
    page.wait_for_url(re.compile(r"/en/accounts/password/reset/$"))
    assert page.locator("h1").inner_text() == "Password Reset"
    screenshot(page, "foundation-password-reset-en")
    page.get_by_role("link", name="Tiếng Việt").first.click()
    page.wait_for_url(re.compile(r"/accounts/password/reset/$"))
    assert page.locator("h1").inner_text() == "Đặt lại mật khẩu"
