"""The official invitation letter (giấy mời) as PDF, in the layout of Decree 30/2020/NĐ-CP.

A4, margins 20 mm top and bottom, 30 mm left, 15 mm right. Top left: the parent body, the
issuing body in bold with a short rule under it, and the number "Số: 12/GM-CĐSQG"; top right:
the national motto with its rule, and the place and date in italics. Then the title GIẤY MỜI,
the subject, "Kính gửi: ...", the body (justified, first lines indented), the signer's
authority, title and name on the right and "Nơi nhận" on the left; a QR code opens the
invitation's answer page. Tinos (the metrics of Times New Roman, every Vietnamese letter) is
embedded. Text is NFC and escaped before it reaches reportlab's Paragraph, so a name with "<b>"
is printed, not obeyed. English letters (``invitation.language == "en"``) use the English
fields and the English date and motto.
"""

import re
import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, Paragraph

from conference.common.i18n import localized
from conference.common.text import nfc
from conference.registration.badges.pdf import draw_qr

from .links import answer_url
from .signals import extra_details

SERIF, SERIF_BOLD, SERIF_ITALIC = "Tinos", "Tinos-Bold", "Tinos-Italic"
LEFT, RIGHT, TOP, BOTTOM = 30 * mm, 15 * mm, 20 * mm, 20 * mm
WIDTH, HEIGHT = A4
LEFT_COLUMN, RIGHT_COLUMN = 70 * mm, 95 * mm  # the two header blocks, side by side
QR_SIDE = 24 * mm

MOTTO_VI = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
MOTTO_EN = ("SOCIALIST REPUBLIC OF VIET NAM", "Independence - Freedom - Happiness")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")


def font_dir() -> Path:
    return Path(settings.BASE_DIR) / "static" / "vendor" / "tinos"


def register_fonts() -> None:
    if SERIF in pdfmetrics.getRegisteredFontNames():
        return
    folder = font_dir()
    pdfmetrics.registerFont(TTFont(SERIF, str(folder / "Tinos-Regular.ttf")))
    pdfmetrics.registerFont(TTFont(SERIF_BOLD, str(folder / "Tinos-Bold.ttf")))
    pdfmetrics.registerFont(TTFont(SERIF_ITALIC, str(folder / "Tinos-Italic.ttf")))
    pdfmetrics.registerFontFamily(SERIF, normal=SERIF, bold=SERIF_BOLD, italic=SERIF_ITALIC,
                                  boldItalic=SERIF_BOLD)


def unknown_placeholders(text: str) -> list[str]:
    """Placeholders in a template text that the letter does not know (``{nam}``)."""
    from .models import LetterTemplate

    names = []
    try:
        for _literal, name, _spec, _conv in string.Formatter().parse(text or ""):
            if name is not None and name not in LetterTemplate.PLACEHOLDERS:
                names.append(name or "{}")
    except ValueError:
        names.append("{")
    return names


_EMPTY_COMMAS = re.compile(r"\s*,(?:\s*,)+|\s+,")


class _Missing(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def fill(text: str, values: dict) -> str:
    """The template text with its placeholders filled; an unknown one stays as typed."""
    try:
        return string.Formatter().vformat(text or "", (), _Missing(values))
    except (ValueError, IndexError):
        return text or ""


def letter_date(day, english: bool) -> str:
    if english:
        return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"
    # Decree 30: days under 10 and months under 3 take a leading zero ("ngày 05 tháng 02").
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


@dataclass(frozen=True)
class Letter:
    """Everything printed on one letter, already in its language."""

    english: bool
    parent_body: str
    issuing_body: str
    number: str
    place_date: str
    subject: str
    addressee: str
    paragraphs: list[str]
    authority: str
    signer_title: str
    signer_name: str
    recipients: list[str]
    qr_url: str
    details: dict


def letter_for(invitation, template) -> Letter:
    """The letter of an invitation (numbered or not yet: "Số: .../GM-...")."""
    english = invitation.language == "en"
    lang = "en" if english else "vi"
    edition = invitation.edition
    deadline = timezone.localtime(invitation.deadline)
    day = invitation.letter_date or timezone.localdate()
    dates = (edition.start_date, edition.end_date)
    date_text = " – ".join(dict.fromkeys(
        d.strftime("%d/%m/%Y") for d in dates if d))
    who = invitation.addressee if invitation.kind == "organisation" else " ".join(
        p for p in (invitation.honorific, invitation.full_name) if p)
    url = answer_url(invitation, lang)
    addressee = ", ".join(p for p in (
        who,
        invitation.position if invitation.kind == "person" else "",
        invitation.organisation if invitation.kind == "person" else "",
    ) if p)
    values = {
        "addressee": addressee, "name": who, "title": invitation.position,
        "organisation": invitation.organisation,
        "seats": invitation.seats,
        "deadline": (deadline.strftime("%H:%M on %d/%m/%Y") if english
                     else f"{deadline.hour} giờ {deadline.minute:02d}, ngày "
                          f"{deadline.strftime('%d/%m/%Y')}"),
        "category": localized(invitation.category, "name", lang),
        "edition": localized(edition, "name", lang), "venue": localized(edition, "venue", lang),
        "date": date_text, "link": url,
    }
    field = (lambda name: getattr(template, f"{name}_en") or getattr(template, name)) \
        if english else (lambda name: getattr(template, name))
    body = fill(field("body"), values)
    # "{name}, {title}, {organisation}" with an empty title must not print ", ,".
    paragraphs = [_EMPTY_COMMAS.sub(",", " ".join(p.split())) for p in body.splitlines()
                  if p.strip()]
    number = invitation.letter_number
    number_text = f"{number:02d}" if number else "......"
    return Letter(
        english=english,
        parent_body=field("parent_body").upper(),
        issuing_body=field("issuing_body").upper(),
        number=(f"No.: {number_text}/{template.number_suffix}" if english
                else f"Số: {number_text}/{template.number_suffix}"),
        place_date=(f"{field('place')}, {letter_date(day, True)}" if english
                    else f"{template.place}, {letter_date(day, False)}"),
        subject=field("subject"),
        addressee=addressee,
        paragraphs=paragraphs,
        authority=field("signer_authority").upper(),
        signer_title=field("signer_title").upper(),
        signer_name=template.signer_name,
        recipients=[line.strip(" -;.") for line in field("recipients").splitlines()
                    if line.strip(" -;.")],
        qr_url=url,
        details=extra_details(invitation, lang),
    )


def _style(name, size, font=SERIF, align=TA_JUSTIFY, indent=0.0, leading=None, after=0.0):
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading or size * 1.25,
                          alignment=align, firstLineIndent=indent, spaceAfter=after)


BODY = _style("body", 13, indent=10 * mm, leading=13 * 1.3, after=4)
ADDRESSEE = _style("addressee", 13, align=TA_CENTER, after=6)
SMALL_ITALIC = _style("recipients", 11, font=SERIF, align=TA_LEFT, leading=13)


def _p(text: str, style) -> Paragraph:
    return Paragraph(escape(nfc(text)), style)


def _centred(canvas, text, font, size, cx, y):
    canvas.setFont(font, size)
    canvas.drawCentredString(cx, y, nfc(text))
    return pdfmetrics.stringWidth(nfc(text), font, size)


def _wrap_centred(canvas, text, font, size, cx, y, width) -> float:
    """Draw ``text`` centred in lines of at most ``width``; returns the y under the last."""
    from reportlab.lib.utils import simpleSplit

    for line in simpleSplit(nfc(text), font, size, width):
        _centred(canvas, line, font, size, cx, y)
        y -= size * 1.2
    return y


def draw_letter(canvas: Canvas, letter: Letter) -> None:
    """Draw one letter on the current page (and the next, if its body is long)."""
    register_fonts()
    top = HEIGHT - TOP
    left_cx = LEFT + LEFT_COLUMN / 2 - 8 * mm
    right_cx = WIDTH - RIGHT - RIGHT_COLUMN / 2
    # Top left: parent body, issuing body (bold) with a short rule, the number.
    y = top - 12
    y = _wrap_centred(canvas, letter.parent_body, SERIF, 12, left_cx, y, LEFT_COLUMN + 14 * mm)
    y = _wrap_centred(canvas, letter.issuing_body, SERIF_BOLD, 12, left_cx, y,
                      LEFT_COLUMN + 14 * mm)
    baseline = y + 12 * 1.2
    canvas.setLineWidth(0.6)
    canvas.line(left_cx - 14 * mm, baseline - 5, left_cx + 14 * mm, baseline - 5)
    _centred(canvas, letter.number, SERIF, 13, left_cx, baseline - 24)
    y = baseline - 24
    # Top right: the motto, its rule as long as the second line, the place and date.
    motto = MOTTO_EN if letter.english else MOTTO_VI
    _centred(canvas, motto[0], SERIF_BOLD, 12, right_cx, top - 12)
    width = _centred(canvas, motto[1], SERIF_BOLD, 13, right_cx, top - 27)
    canvas.line(right_cx - width / 2, top - 30, right_cx + width / 2, top - 30)
    canvas.setFont(SERIF_ITALIC, 13)
    canvas.drawCentredString(right_cx, top - 52, nfc(letter.place_date))
    # Title and subject.
    y = min(y - 40, top - 90)
    _centred(canvas, "INVITATION LETTER" if letter.english else "GIẤY MỜI", SERIF_BOLD, 14,
             (LEFT + WIDTH - RIGHT) / 2, y)
    y -= 18
    if letter.subject:
        y = _wrap_centred(canvas, letter.subject, SERIF_BOLD, 13, (LEFT + WIDTH - RIGHT) / 2, y,
                          WIDTH - LEFT - RIGHT - 40 * mm) - 6
    # Addressee and body in a frame that flows onto a second page when needed.
    story = [_p(("To: " if letter.english else "Kính gửi: ") + letter.addressee, ADDRESSEE)]
    story += [_p(text, BODY) for text in letter.paragraphs]
    if letter.details.get("seat"):
        story.append(_p(("Your seat: " if letter.english else "Chỗ ngồi: ")
                        + str(letter.details["seat"]), BODY))
    frame_bottom = BOTTOM + 62 * mm
    frame = Frame(LEFT, frame_bottom, WIDTH - LEFT - RIGHT, y - frame_bottom,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    frame.addFromList(story, canvas)
    while story:  # the rest on the next page
        canvas.showPage()
        register_fonts()
        frame = Frame(LEFT, frame_bottom, WIDTH - LEFT - RIGHT, HEIGHT - TOP - frame_bottom,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        before = len(story)
        frame.addFromList(story, canvas)
        if len(story) == before:  # one paragraph taller than a page: never loop forever
            break
    # Signature block (right) and "Nơi nhận" (left), at the bottom.
    sign_cx = WIDTH - RIGHT - 40 * mm
    y = BOTTOM + 56 * mm
    for line in (letter.authority, letter.signer_title):
        if line:
            _centred(canvas, line, SERIF_BOLD, 13, sign_cx, y)
            y -= 16
    _centred(canvas, letter.signer_name, SERIF_BOLD, 13, sign_cx, BOTTOM + 14 * mm)
    canvas.setFont(SERIF_BOLD, 12)
    y = BOTTOM + 56 * mm
    canvas.drawString(LEFT, y, nfc("Distribution:" if letter.english else "Nơi nhận:"))
    canvas.setFont(SERIF, 11)
    for index, line in enumerate(letter.recipients[:4]):
        y -= 13
        end = "." if index == len(letter.recipients[:4]) - 1 else ";"
        canvas.drawString(LEFT, y, nfc(f"- {line}{end}"))
    # QR to the answer page, with its caption.
    draw_qr(canvas, letter.qr_url, LEFT, BOTTOM, QR_SIDE)
    canvas.setFont(SERIF_ITALIC, 9)
    canvas.drawString(LEFT + QR_SIDE + 2 * mm, BOTTOM + QR_SIDE / 2,
                      "Scan to answer this invitation" if letter.english
                      else nfc("Quét mã để trả lời giấy mời"))
    canvas.showPage()


def new_canvas(target: BinaryIO, title: str) -> Canvas:
    register_fonts()
    canvas = Canvas(target, pagesize=A4, pageCompression=1, invariant=1)
    canvas.setTitle(title)
    canvas.setCreator("govconf")
    return canvas


def write_letters(target: BinaryIO, letters: Iterable[Letter], *, title: str,
                  on_letter: Callable[[int], None] | None = None) -> int:
    """All the letters into one PDF (each starts on a new page); returns how many."""
    canvas = new_canvas(target, title)
    drawn = 0
    for letter in letters:
        draw_letter(canvas, letter)
        drawn += 1
        if on_letter:
            on_letter(drawn)
    canvas.save()
    return drawn
