"""/awards/certificates/ is a form to type (or paste) a certificate's code: it was a 404."""

import pytest
from playwright.sync_api import expect

from conference.awards import services
from conference.awards.enums import NominationStatus as S
from tests.awards.conftest import category, cycle, make_nomination, secretariat  # noqa: F401

from .conftest import screenshot

pytestmark = pytest.mark.browser


def test_typing_a_code_leads_to_its_verification(
        transactional_db, page, make_nomination, secretariat):  # noqa: F811
    winner = make_nomination(S.WINNER, by=secretariat, name="Lê Văn Minh")
    services.publish_results(cycle=winner.cycle, by=secretariat)
    code = winner.certificate.code

    page.goto("/awards/certificates/")
    expect(page.get_by_role("heading", name="Xác thực giấy chứng nhận")).to_be_visible()
    page.get_by_label("Mã giấy chứng nhận").fill(f"  {code} ")
    screenshot(page, "certificate-lookup-form")
    page.get_by_role("button", name="Kiểm tra").click()
    page.wait_for_url(f"**/awards/certificates/{code}/")
    expect(page.get_by_text("Giấy chứng nhận hợp lệ")).to_be_visible()
    expect(page.get_by_text("Lê Văn Minh")).to_be_visible()

    # A link pasted from the QR code works too.
    page.goto("/en/awards/certificates/")
    page.get_by_label("Certificate code").fill(f"https://chinhphuso.vn/awards/certificates/{code}/")
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"**/en/awards/certificates/{code}/")
    expect(page.get_by_text("Valid certificate")).to_be_visible()

    # Not a code: said so, on the form.
    page.get_by_label("Certificate code").fill("không có mã!")
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_text("This is not a certificate code")).to_be_visible()
    # A code nobody issued: the verdict, and the form to try again.
    page.get_by_label("Certificate code").fill("MaKhongTonTai123")
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_text("No certificate has this code.")).to_be_visible()
    expect(page.get_by_label("Certificate code")).to_be_visible()
    screenshot(page, "certificate-lookup-unknown")


def test_lookup_answers_without_a_browser(client, db):
    assert client.get("/awards/certificates/").status_code == 200
    bad = client.get("/awards/certificates/", {"code": "<script>"})
    assert bad.status_code == 400
    assert "Đây không phải mã giấy chứng nhận" in bad.text
    response = client.get("/awards/certificates/", {"code": " Abc-123_x "})
    assert response.status_code == 302
    assert response["Location"] == "/awards/certificates/Abc-123_x/"
