"""An attendee pays by bank transfer: chooses it, sees the VietQR code, and is confirmed after the
desk uploads the bank statement in the admin."""

import pytest
import zxingcpp
from django.conf import settings
from django.test import Client
from PIL import Image
from playwright.sync_api import expect

from conference.payments import vietqr
from conference.payments.models import BankTransfer
from conference.registration.enums import RegistrationStatus
from tests.payments.bank import statement_csv
from tests.registration.factories import make_category, make_edition

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desk_user(user_factory):
    """A Registration desk member with TOTP set up (staff pages require MFA)."""
    from allauth.mfa.models import Authenticator
    from django.contrib.auth.models import Group

    from conference.accounts.roles import REGISTRATION_DESK, sync_roles

    sync_roles()
    user = user_factory(email="desk@govconf.vn")
    user.groups.add(Group.objects.get(name=REGISTRATION_DESK))
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


def test_attendee_pays_by_bank_transfer_and_desk_confirms(page, live_server, desk_user, tmp_path):
    edition = make_edition()
    category = make_category(edition, code="doanh-nghiep", name="Đại biểu doanh nghiệp",
                             name_en="Business delegate", price_vnd=1_500_000, quota=20)

    # 1. The attendee registers and picks bank transfer.
    page.goto(f"/register/c/{category.code}/")
    page.fill("#id_a-0-full_name", "Trần Thị Thu Hà")
    page.fill("#id_a-0-email", "thuha@example.vn")
    page.fill("#id_a-0-organisation", "Công ty CP Phần mềm Sông Hàn")
    page.locator("form[method=post] button[type=submit]").click()
    # No Stripe keys here: the card is not offered, the transfer needs no choice, and the
    # review step says how long the seats are held.
    expect(page.locator("input[name=payment_method]")).to_have_count(0)
    expect(page.locator(".hold-notice")).to_contain_text("ghế được giữ 3 ngày")
    page.locator("input[name=consent]").check()
    screenshot(page, "bank-transfer-1-choose")
    page.locator("form[method=post] button[type=submit]").click()

    # 2. The VietQR code and the details to copy.
    page.wait_for_selector(".vietqr__code svg")
    transfer = BankTransfer.objects.select_related("registration").get()
    assert page.locator("[data-testid=reference]").inner_text() == transfer.reference
    assert page.locator("[data-testid=account]").inner_text() == settings.BANK_TRANSFER_ACCOUNT
    assert "1.500.000" in page.content()
    page.locator("[data-testid=reference] + button").click()
    # The clipboard API answers asynchronously: wait for the status line.
    expect(page.locator("[data-copy-status]")).to_contain_text(transfer.reference)
    shot = screenshot(page, "bank-transfer-2-qr")
    # What the screen shows scans back to our payload.
    decoded = zxingcpp.read_barcodes(Image.open(shot))
    assert [d.text for d in decoded] == [
        vietqr.payload_for(amount_vnd=1_500_000, reference=transfer.reference)
    ]
    attendee_url = page.url

    # 3. The desk uploads the statement in the admin.
    mangled = f"MBVCB.8812345.{transfer.reference[:4].lower()} {transfer.reference[4:]}.CT tu"
    statement = tmp_path / "saoke-vcb.csv"
    statement.write_bytes(statement_csv([("22/11/2026", "1.500.000", mangled)]))
    desk = page.context.browser.new_context(base_url=live_server.url, locale="vi-VN",
                                            viewport={"width": 1280, "height": 900})
    client = Client()
    client.force_login(desk_user)
    desk.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                       "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                       "url": live_server.url}])
    desk_page = desk.new_page()
    desk_page.goto("/admin/payments/statements/")
    desk_page.set_input_files("input[type=file]", str(statement))
    desk_page.locator("main form[method=post] button[type=submit]").click()
    desk_page.wait_for_selector("tr.statement-line--matched")
    screenshot(desk_page, "bank-transfer-3-desk-statement")
    desk.close()

    transfer.registration.refresh_from_db()
    assert transfer.registration.status == RegistrationStatus.CONFIRMED

    # 4. The attendee's page now says the transfer arrived.
    page.goto(attendee_url)
    page.wait_for_selector("[data-testid=transfer-paid]")
    screenshot(page, "bank-transfer-4-confirmed")
