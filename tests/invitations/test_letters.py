"""The official letter (giấy mời): Decree 30 layout, embedded serif, QR to the answer page,
numbering per edition without gaps, batches with progress."""

import threading
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from django.db import connection
from pypdf import PdfReader

from conference.common.models import OutboxMessage
from conference.invitations import services
from conference.invitations.letters import fill, unknown_placeholders
from conference.invitations.links import link_token
from conference.invitations.models import Invitation, LetterBatch

from ..registration.factories import make_category, make_edition
from .factories import invite, invite_organisation

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _pages(pdf: bytes):
    return list(pdfium.PdfDocument(pdf))


def _text(pdf: bytes) -> str:
    return "\n".join(p.get_textpage().get_text_range() for p in _pages(pdf))


def _qr_texts(pdf: bytes) -> list[str]:
    image = _pages(pdf)[0].render(scale=200 / 72).to_pil()
    return [r.text for r in zxingcpp.read_barcodes(image)]


@pytest.mark.django_db
def test_letter_has_the_decree_30_layout_the_motto_the_name_and_a_qr_to_the_answer_page():
    edition = make_edition()
    category = make_category(edition, name="Đại biểu khách mời")
    invitation = invite(category, honorific="Ông", full_name="Nguyễn Văn Hưởng",
                        position="Giám đốc Sở Thông tin và Truyền thông",
                        organisation="Ủy ban nhân dân tỉnh Quảng Ngãi")
    pdf = services.letter_pdf(invitation=invitation)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    _pages(pdf)[0].render(scale=1.5).to_pil().save(SCREENSHOTS / "giay-moi-vi.png")
    text = unicodedata.normalize("NFC", _text(pdf))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "GIẤY MỜI" in text
    assert "Kính gửi: Ông Nguyễn Văn Hưởng, Giám đốc Sở Thông tin và Truyền thông" in text
    assert "Số: 01/GM-CĐSQG" in text
    assert "Nơi nhận:" in text and "KT. CỤC TRƯỞNG" in text
    # Extracted text is already composed (NFC), as stored.
    assert "Nguyễn Văn Hưởng" in _text(pdf)
    [url] = _qr_texts(pdf)
    assert url.endswith(f"/invitation/{link_token(invitation)}/")
    assert url.startswith("http")
    # The serif is embedded, not referenced.
    fonts = set()
    for page in PdfReader(__import__("io").BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add((str(font["/BaseFont"]), "/DescendantFonts" in font or "/FontFile2" in
                       font.get("/FontDescriptor", {})))
    assert any("Tinos" in name for name, _embedded in fonts)


@pytest.mark.django_db
def test_english_letter_for_a_foreign_guest(client):
    edition = make_edition()
    invitation = invite_organisation(make_category(edition), 3, organisation="Embassy of Japan",
                                     language="en")
    pdf = services.letter_pdf(invitation=invitation)
    _pages(pdf)[0].render(scale=1.5).to_pil().save(SCREENSHOTS / "giay-moi-en.png")
    text = _text(pdf)
    assert "SOCIALIST REPUBLIC OF VIET NAM" in text
    assert "INVITATION LETTER" in text
    assert "To: Embassy of Japan" in text
    [url] = _qr_texts(pdf)
    assert f"/en/invitation/{link_token(invitation)}/" in url
    assert client.get(url.split("://", 1)[1].split("/", 1)[1].join(["/", ""])).status_code \
        == 200


@pytest.mark.django_db
def test_a_name_with_markup_is_printed_not_obeyed():
    invitation = invite(make_category(make_edition()), full_name="Lê <b>Văn</b> & Tám")
    assert "Lê <b>Văn</b> & Tám" in _text(services.letter_pdf(invitation=invitation))


def test_placeholders():
    assert fill("Kính mời {name}, {title} ({seats})", {"name": "Bà Hoa", "title": "Vụ trưởng",
                                                         "seats": 2}) == \
        "Kính mời Bà Hoa, Vụ trưởng (2)"
    assert fill("{nam} {", {}) == "{nam} {"
    assert unknown_placeholders("{name} {nam} {deadline}") == ["nam"]


@pytest.mark.django_db
def test_template_with_an_unknown_placeholder_is_refused():
    from django.core.exceptions import ValidationError

    template = services.get_letter_template(make_edition())
    template.body = "Kính mời {ten}"
    with pytest.raises(ValidationError):
        template.full_clean()


@pytest.mark.django_db(transaction=True)
def test_numbers_run_per_edition_without_gaps_under_concurrency():
    edition = make_edition()
    category = make_category(edition, quota=100)
    invitations = [invite(category) for _ in range(12)]
    other = invite(make_category(make_edition(), quota=5))
    barrier = threading.Barrier(4)
    crashes = []

    def run(chunk):
        try:
            barrier.wait()
            for invitation in chunk:
                services.number_letters(invitations=[invitation])
        except Exception as exc:  # noqa: BLE001
            crashes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(invitations[i::4],)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert crashes == []
    numbers = sorted(Invitation.objects.filter(edition=edition)
                     .values_list("letter_number", flat=True))
    assert numbers == list(range(1, 13))
    services.number_letters(invitations=invitations)  # already numbered: unchanged
    assert sorted(Invitation.objects.filter(edition=edition)
                  .values_list("letter_number", flat=True)) == list(range(1, 13))
    services.number_letters(invitations=[other])
    other.refresh_from_db()
    assert other.letter_number == 1


@pytest.mark.django_db
def test_batch_of_letters_with_progress_and_emails(django_capture_on_commit_callbacks):
    edition = make_edition()
    category = make_category(edition, quota=100)
    invitations = [invite(category) for _ in range(5)]
    services.withdraw_invitation(invitation=invite(category))
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.start_letter_batch(edition=edition, send=True)
    batch.refresh_from_db()
    assert batch.status == "done"
    assert (batch.total, batch.done, batch.percent) == (5, 5, 100)
    pdf = batch.file.read()
    assert len(_pages(pdf)) >= 5
    assert _text(pdf).count("GIẤY MỜI") == 5
    sent = OutboxMessage.objects.filter(template="invitations/invitation")
    assert sent.count() == 5
    assert all(m.attachments[0]["filename"].startswith("giay-moi-") for m in sent)
    assert sorted(Invitation.objects.filter(pk__in=[i.pk for i in invitations])
                  .values_list("letter_number", flat=True)) == [1, 2, 3, 4, 5]
    assert LetterBatch.objects.get().invitations.count() == 5
