"""Browser tests of registration in Vietnamese on a phone-sized screen: a free one, and a paid
one through the fake Stripe Checkout page (which delivers a signed webhook, then returns to our
success URL, as Stripe does)."""

import pytest

from conference.common.models import OutboxMessage
from conference.registration.enums import RegistrationStatus
from conference.registration.models import Question, Registration
from tests.payments.conftest import _fake_stripe_server, fake_stripe  # noqa: F401 (fixtures)
from tests.registration.factories import make_category, make_edition

from .conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def fill_attendee(page, *, name, email, position="", organisation=""):
    page.fill('input[name="a-0-full_name"]', name)
    page.fill('input[name="a-0-position"]', position)
    page.fill('input[name="a-0-organisation"]', organisation)
    page.fill('input[name="a-0-email"]', email)
    page.fill('input[name="a-0-phone"]', "0905 123 456")


def test_free_registration_in_vietnamese(page, live_server, settings):
    settings.SITE_URL = live_server.url
    edition = make_edition()
    category = make_category(edition, code="chinh-phu", name="Đại biểu cơ quan nhà nước",
                             quota=50)
    Question.objects.create(category=category, key="level", label="Cấp cơ quan", kind="choice",
                            choices="Trung ương\nTỉnh/thành phố", required=True)
    page.goto("/register/")
    assert page.locator("h1").inner_text() == "Đăng ký"
    screenshot(page, "registration-start")
    page.click('[data-category="chinh-phu"] a.button')
    fill_attendee(page, name="Nguyễn Thị Anh Thi", email="thi@danang.gov.vn",
                  position="Phó Giám đốc", organisation="Sở TT&TT Đà Nẵng")
    page.click('button[type="submit"]:has-text("Tiếp tục")')
    # the required question is answered in Vietnamese
    assert page.locator(".field--error .error").first.inner_text() == "Trường này là bắt buộc."
    screenshot(page, "registration-details-error")
    page.select_option('select[name="a-0-q_level"]', "Tỉnh/thành phố")
    page.click('button[type="submit"]:has-text("Tiếp tục")')
    assert "Nghị định 13/2023/NĐ-CP" in page.locator(".consent-text").inner_text()
    page.click('button[type="submit"]:has-text("Đăng ký")')
    assert page.locator(".form-errors, .error").first.inner_text() == (
        "Vui lòng đồng ý với việc xử lý dữ liệu cá nhân.")
    page.check('input[name="consent"]')
    screenshot(page, "registration-consent")
    page.click('button[type="submit"]:has-text("Đăng ký")')
    page.wait_for_selector(".registration-status")
    assert page.locator(".registration-status").inner_text() == "Đã xác nhận"
    screenshot(page, "registration-confirmed")
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.CONFIRMED
    email = OutboxMessage.objects.get(template="registration/confirmed")
    assert email.to == "thi@danang.gov.vn"
    assert "đã được xác nhận" in email.subject


def test_paid_registration_through_fake_checkout(page, live_server, settings, fake_stripe):  # noqa: F811
    settings.SITE_URL = live_server.url
    fake_stripe.webhook_url = live_server.url + "/payments/stripe/webhook/"
    edition = make_edition()
    make_category(edition, code="doanh-nghiep", name="Đại biểu doanh nghiệp",
                  price_vnd=1_500_000, quota=50)
    page.goto("/register/")
    page.click('[data-category="doanh-nghiep"] a.button')
    fill_attendee(page, name="Trần Văn Đức", email="duc@fpt.com.vn", position="Giám đốc",
                  organisation="Công ty Cổ phần FPT")
    page.click('button[type="submit"]:has-text("Tiếp tục")')
    assert "1.500.000 ₫" in page.content()
    page.check('input[name="consent"]')
    page.click('button[type="submit"]:has-text("Giữ chỗ và thanh toán")')
    page.wait_for_selector("#pay")
    assert page.url.startswith(fake_stripe.url + "/checkout/cs_test_")
    assert page.locator("#amount").inner_text() == "1.500.000 ₫"
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.AWAITING_PAYMENT
    screenshot(page, "registration-fake-checkout")
    page.click("#pay")
    page.wait_for_selector(".registration-status")
    assert page.locator(".registration-status").inner_text() == "Đã xác nhận"
    screenshot(page, "registration-paid-confirmed")
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    receipt = OutboxMessage.objects.get(template="payments/receipt")
    assert "1.500.000 ₫" in receipt.body_text
    confirmation = OutboxMessage.objects.get(template="registration/confirmed")
    assert confirmation.to == "duc@fpt.com.vn" and "đã được xác nhận" in confirmation.subject
