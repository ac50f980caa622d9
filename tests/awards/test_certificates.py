"""Publication and certificates: Vietnamese text extracted from the PDF, QR to the verify page."""

import io
import unicodedata

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from conference.awards import services
from conference.awards.certificates import certificate_pdf
from conference.awards.enums import NominationStatus
from conference.awards.models import Certificate, Nomination

S = NominationStatus


@pytest.fixture
def winner(make_nomination, secretariat):
    # Typed with decomposed accents (NFD), and with markup that must stay text.
    name = unicodedata.normalize("NFD", "Nguyễn Thị Anh Thi")
    nomination = make_nomination(S.WINNER, by=secretariat, name=name,
                                 organisation="UBND thành phố Đà Nẵng <b>&amp;</b>")
    return nomination


def test_publishing_issues_certificates_and_shows_winners(client, winner, secretariat,
                                                          make_nomination):
    finalist = make_nomination(S.FINALIST, by=secretariat, name="Trần Văn Bình")
    services.publish_results(cycle=winner.cycle, by=secretariat)
    assert sorted(Certificate.objects.values_list("nomination_id", "title")) == sorted(
        [(winner.pk, "winner"), (finalist.pk, "finalist")])
    page = client.get("/awards/")
    assert "Nguyễn Thị Anh Thi" in page.text
    assert "UBND thành phố Đà Nẵng &lt;b&gt;&amp;amp;&lt;/b&gt;" in page.text
    # Demoted after publication: the certificate is revoked, the verify page says so.
    services.change_status(nomination=finalist, to=S.SHORTLISTED, by=secretariat)
    services.issue_certificates(cycle=winner.cycle, by=secretariat)
    revoked = Certificate.objects.get(nomination=finalist)
    assert revoked.revoked_at is not None
    response = client.get(f"/awards/certificates/{revoked.code}/")
    assert "Giấy chứng nhận này đã bị thu hồi" in response.text


def test_publishing_needs_a_winner(make_nomination, secretariat):
    nomination = make_nomination(S.FINALIST, by=secretariat)
    with pytest.raises(services.AwardsError) as info:
        services.publish_results(cycle=nomination.cycle, by=secretariat)
    assert info.value.code == "no_winners"


def test_certificate_pdf_has_correct_vietnamese_and_a_qr_to_the_verify_page(winner,
                                                                            secretariat):
    services.publish_results(cycle=winner.cycle, by=secretariat)
    certificate = Certificate.objects.get(nomination=winner)
    pdf = certificate_pdf(certificate, language="vi")
    reader = PdfReader(io.BytesIO(pdf))
    text = unicodedata.normalize("NFC", reader.pages[0].extract_text())
    assert "Nguyễn Thị Anh Thi" in text
    assert "UBND thành phố Đà Nẵng <b>&amp;</b>" in text  # shown as typed, not as markup
    assert "CHỨNG NHẬN" in text
    assert "Lãnh đạo chuyển đổi số tiêu biểu 2024" in text
    assert "Lãnh đạo cấp tỉnh, thành phố" in text
    fonts = {str(font.get("/BaseFont")) for font in
             (obj.get_object() for obj in reader.pages[0]["/Resources"]["/Font"].values())}
    assert any("DejaVuSans" in font for font in fonts)
    # The QR image embedded in the page decodes to our verification URL.
    images = reader.pages[0].images
    assert len(images) == 1
    image = Image.open(io.BytesIO(images[0].data)).convert("L")
    decoded = zxingcpp.read_barcodes(image)
    assert [d.text for d in decoded] == [f"http://127.0.0.1:8000/awards/certificates/"
                                         f"{certificate.code}/"]


def test_verification_page_and_pdf_download(client, winner, secretariat, user_factory):
    services.publish_results(cycle=winner.cycle, by=secretariat)
    certificate = Certificate.objects.get(nomination=winner)
    page = client.get(f"/awards/certificates/{certificate.code}/")
    assert page.status_code == 200
    assert "Giấy chứng nhận hợp lệ" in page.text and "Nguyễn Thị Anh Thi" in page.text
    english = client.get(f"/en/awards/certificates/{certificate.code}/")
    assert "Valid certificate" in english.text
    assert "Leading Digital Transformation Leaders 2024" in english.text
    assert client.get("/awards/certificates/forged-code/").status_code == 404
    pdf = client.get(f"/awards/certificates/{certificate.code}/certificate.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    # Hidden results: only the nominator and the secretariat can download.
    services.publish_results(cycle=winner.cycle, by=secretariat, publish=False)
    url = f"/awards/certificates/{certificate.code}/certificate.pdf"
    assert client.get(url).status_code == 404
    client.force_login(user_factory())
    assert client.get(url).status_code == 404
    client.force_login(Nomination.objects.get(pk=winner.pk).nominator)
    assert client.get(url).status_code == 200
