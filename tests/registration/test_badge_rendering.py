"""Badge images and PDFs: decodable QR, Vietnamese text as typed, fitted boxes, no markup."""

import io
import unicodedata
from dataclasses import replace

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image
from reportlab.pdfbase.pdfmetrics import stringWidth

from conference.registration.badges import (
    BadgeContent,
    active_badge,
    badge_pdf,
    badge_png,
    badge_qr_png,
    content_for,
    generate_badge_code,
    write_badges,
)
from conference.registration.badges.images import render_badge_png
from conference.registration.badges.layout import box, place_text
from conference.registration.badges.pdf import (
    FONT,
    FONT_BOLD,
    SIZES,
    register_fonts,
    render_badge_pdf,
)
from conference.registration.models import Attendee, Badge

from .badge_fixtures import *  # noqa: F403

NAME = "Nguyễn Thị Anh Thi"
ORG_120 = (
    "Trung tâm Công nghệ Thông tin và Truyền thông trực thuộc Sở Thông tin và Truyền thông "
    "thành phố Đà Nẵng, Việt Nam (VNPT)"
)


def _decode(image: Image.Image) -> list[str]:
    return sorted(result.text for result in zxingcpp.read_barcodes(image))


def _pages(pdf_bytes: bytes) -> list:
    return list(pdfium.PdfDocument(pdf_bytes))


def _raster(page, dpi=200) -> Image.Image:
    return page.render(scale=dpi / 72).to_pil()


def _text(page) -> str:
    return page.get_textpage().get_text_range()


def _lines(page) -> list[str]:
    return [line for line in _text(page).replace("\r", "").split("\n") if line]


def _badge(attendee) -> Badge:
    return Badge.objects.select_related(
        "attendee__registration__category", "attendee__registration__edition"
    ).get(pk=active_badge(attendee).pk)


def test_standalone_qr_png_decodes_to_the_code():
    code = generate_badge_code()
    assert _decode(Image.open(io.BytesIO(badge_qr_png(code)))) == [code]


@pytest.mark.django_db
def test_badge_png_shows_a_qr_that_decodes_to_the_attendees_code(make_attendee, speaker_category):
    attendee = make_attendee(NAME, category=speaker_category, position="Giám đốc",
                             organisation="Sở Thông tin và Truyền thông Đà Nẵng")
    badge = _badge(attendee)
    image = Image.open(io.BytesIO(badge_png(badge)))
    assert image.size == (800, 1128)
    assert _decode(image) == [badge.code]
    # The category colour fills the header band.
    assert image.getpixel((5, 5)) == (0xC8, 0x10, 0x2E)


@pytest.mark.django_db
@pytest.mark.parametrize("size", ["a6", "cr80"])
def test_pdf_page_has_the_badge_size_vector_text_and_a_decodable_qr(make_attendee,
                                                                   speaker_category, size):
    attendee = make_attendee(NAME, category=speaker_category, position="Phó Giám đốc",
                             organisation="Ủy ban nhân dân thành phố Đà Nẵng")
    badge = _badge(attendee)
    pdf = badge_pdf(badge, size=size)
    [page] = _pages(pdf)
    assert page.get_size() == pytest.approx((SIZES[size].width, SIZES[size].height), abs=0.01)
    assert _decode(_raster(page)) == [badge.code]
    lines = _lines(page)
    assert "DIỄN GIẢ / SPEAKER" in lines
    assert "Diễn giả / Speaker" in lines
    assert badge.code in lines
    assert "Ủy ban nhân dân thành phố Đà Nẵng" in " ".join(lines)
    assert "25/10/2024 · Furama, Đà Nẵng" in lines
    # The font is embedded (a subset of DejaVu Sans), not a base-14 font without Vietnamese.
    assert b"/FontFile2" in pdf or b"FontFile2" in pdf
    assert b"DejaVuSans" in pdf


def test_every_vietnamese_letter_is_in_the_embedded_font():
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    vowels = "aăâeêioôơuưy"
    tones = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]
    letters = {unicodedata.normalize("NFC", v + t) for v in vowels for t in tones} | {"đ"}
    letters |= {letter.upper() for letter in letters}
    for font_name in (FONT, FONT_BOLD):
        face = pdfmetrics.getFont(font_name).face
        missing = [ch for ch in letters if ord(ch) not in face.charToGlyph]
        assert missing == [], font_name


@pytest.mark.django_db
def test_a_decomposed_name_prints_exactly_like_the_composed_one(make_attendee):
    composed = make_attendee(NAME, organisation="Sở Thông tin và Truyền thông")
    decomposed = make_attendee("x", organisation="y")
    # Bypass Attendee.save (which normalises) to store what a Mac keyboard may send.
    Attendee.objects.filter(pk=decomposed.pk).update(
        full_name=unicodedata.normalize("NFD", NAME),
        organisation=unicodedata.normalize("NFD", "Sở Thông tin và Truyền thông"),
    )
    assert Attendee.objects.get(pk=decomposed.pk).full_name != NAME
    # Draw both with the same code, so that only the encoding of the text differs.
    nfc_content = content_for(_badge(composed))
    nfd_content = replace(content_for(_badge(decomposed)), code=nfc_content.code)

    png_nfc = Image.open(io.BytesIO(render_badge_png(nfc_content)))
    png_nfd = Image.open(io.BytesIO(render_badge_png(nfd_content)))
    assert png_nfc.tobytes() == png_nfd.tobytes()

    pdf_nfc, pdf_nfd = render_badge_pdf(nfc_content), render_badge_pdf(nfd_content)
    assert pdf_nfc == pdf_nfd
    [page] = _pages(pdf_nfd)
    assert NAME in " ".join(_lines(page))


def test_a_120_character_organisation_stays_inside_its_box():
    assert len(ORG_120) == 120
    content = BadgeContent(code=generate_badge_code(), name=NAME, position="Giám đốc",
                           organisation=ORG_120, role="ĐẠI BIỂU / DELEGATE")
    for size_key, spec in SIZES.items():
        org_box = box("organisation")
        left, right = org_box.x * spec.width, (org_box.x + org_box.w) * spec.width
        top, bottom = org_box.y * spec.height, (org_box.y + org_box.h) * spec.height

        # 1. The layout: every line measured with the font fits between the box's edges.
        lines = [
            line for line in place_text(
                content, width=spec.width, height=spec.height,
                measure=lambda s, size, bold: stringWidth(s, FONT_BOLD if bold else FONT, size),
            )
            if line.text in ORG_120
        ]
        assert " ".join(line.text for line in lines) == ORG_120
        for line in lines:
            assert line.x >= left - 0.01
            assert line.x + stringWidth(line.text, FONT, line.size) <= right + 0.01
            assert top <= line.baseline - 0.93 * line.size
            assert line.baseline + 0.24 * line.size <= bottom

        # 2. The PDF as drawn: the box of every character of the organisation, read back by
        # PDFium, lies inside the organisation's box (PDF y grows upwards).
        buffer = io.BytesIO()
        write_badges(buffer, [content], size=size_key)
        [page] = _pages(buffer.getvalue())
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        start = text.index(ORG_120.split(" ")[0] + " " + ORG_120.split(" ")[1])
        org_chars = 0
        index = start
        while org_chars < len(ORG_120.replace(" ", "")):
            char = text[index]
            if not char.isspace():
                x0, y0, x1, y1 = textpage.get_charbox(index)
                assert left - 0.5 <= x0 and x1 <= right + 0.5, (size_key, char)
                assert spec.height - bottom - 0.5 <= y0 and y1 <= spec.height - top + 0.5, \
                    (size_key, char)
                org_chars += 1
            index += 1
        assert org_chars == len(ORG_120.replace(" ", ""))


def test_user_text_is_drawn_literally_never_as_markup():
    content = BadgeContent(
        code=generate_badge_code(), name="<b>x</b> &amp; Co",
        organisation='<font color="red">Đỏ</font> &lt;script&gt;', position="A & B <br/>",
    )
    buffer = io.BytesIO()
    write_badges(buffer, [content])
    [page] = _pages(buffer.getvalue())
    text = " ".join(_lines(page))
    assert "<b>x</b> &amp; Co" in text
    assert '<font color="red">Đỏ</font> &lt;script&gt;' in text
    assert "A & B <br/>" in text


def test_a_very_long_unbroken_word_is_broken_not_clipped():
    word = "Đ" * 200
    content = BadgeContent(code=generate_badge_code(), name=word)
    spec = SIZES["cr80"]
    lines = place_text(content, width=spec.width, height=spec.height,
                       measure=lambda s, size, bold: stringWidth(s, FONT_BOLD if bold else FONT,
                                                                 size))
    name_lines = [line for line in lines if set(line.text) == {"Đ"}]
    assert "".join(line.text for line in name_lines) == word
    name_box = box("name")
    for line in name_lines:
        assert line.x >= name_box.x * spec.width - 0.01
        assert line.x + stringWidth(line.text, FONT_BOLD, line.size) <= \
            (name_box.x + name_box.w) * spec.width + 0.01
        assert line.baseline + 0.24 * line.size <= (name_box.y + name_box.h) * spec.height


@pytest.mark.django_db
def test_several_badges_per_a4_sheet_each_qr_decodes(make_attendee):
    attendees = [make_attendee(f"Người {i}") for i in range(5)]
    contents = [content_for(_badge(a)) for a in attendees]
    buffer = io.BytesIO()
    assert write_badges(buffer, contents, size="a6", sheet=True) == 5
    pages = _pages(buffer.getvalue())
    assert len(pages) == 2  # 4 A6 badges on the first A4 sheet, 1 on the second
    assert pages[0].get_size() == pytest.approx((595.27, 841.89), abs=0.1)
    assert _decode(_raster(pages[0], dpi=150)) == sorted(c.code for c in contents[:4])
    assert _decode(_raster(pages[1], dpi=150)) == [contents[4].code]
