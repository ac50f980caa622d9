"""Print-ready badges as PDF (reportlab): vector text in embedded DejaVu Sans, vector QR.

Text is drawn with ``drawString`` (never ``Paragraph``, which would read "<b>" in a delegate's
organisation as markup) after NFC normalisation, and fitted to its box by measuring it with
``stringWidth``. Badges are A6 or CR80 (ID-1 card), one per page or several on an A4 sheet.
"""

import io
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from .images import qr_matrix
from .layout import (
    FOOTER_BAND,
    HEADER_BAND,
    BadgeContent,
    content_for,
    fitted_photo,
    font_path,
    photo_box,
    place_text,
    qr_square,
    rgb,
    text_colour_on,
)

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
INK = (17 / 255, 24 / 255, 39 / 255)


@dataclass(frozen=True)
class BadgeSize:
    key: str
    width: float  # points
    height: float
    per_sheet: tuple[int, int]  # columns, rows on an A4 sheet


SIZES = {
    "a6": BadgeSize("a6", 105 * mm, 148 * mm, (2, 2)),
    # ISO/IEC 7810 ID-1, the size of a bank card and of most badge-printer cards.
    "cr80": BadgeSize("cr80", 53.98 * mm, 85.6 * mm, (3, 3)),
}


def register_fonts() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(font_path(False))))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(font_path(True))))


_FITTED: dict = {}  # text boxes already fitted, shared by every badge drawn in this process


def _measure(text: str, size: float, bold: bool) -> float:
    return pdfmetrics.stringWidth(text, FONT_BOLD if bold else FONT, size)


def draw_badge(canvas: Canvas, content: BadgeContent, *, x: float, y: float,
               size: BadgeSize) -> None:
    """Draw one badge with its lower-left corner at (x, y), in points."""
    register_fonts()
    w, h = size.width, size.height
    canvas.saveState()
    canvas.translate(x, y)
    band = tuple(c / 255 for c in rgb(content.colour))
    on_band = tuple(c / 255 for c in text_colour_on(content.colour))
    canvas.setFillColorRGB(*band)
    header_h = HEADER_BAND[1] * h
    canvas.rect(0, h - header_h, w, header_h, stroke=0, fill=1)
    canvas.rect(0, 0, w, (1 - FOOTER_BAND[0]) * h, stroke=0, fill=1)

    for line in place_text(content, width=w, height=h, measure=_measure, cache=_FITTED):
        canvas.setFillColorRGB(*(on_band if line.on_band else INK))
        canvas.setFont(FONT_BOLD if line.bold else FONT, line.size)
        canvas.drawString(line.x, h - line.baseline, line.text)

    if content.photo is not None:
        px, ptop, pw, ph = photo_box(w, h)
        image = ImageReader(fitted_photo(content.photo, pw, ph))
        canvas.drawImage(image, px, h - ptop - ph, width=pw, height=ph)
    left, top, side = qr_square(w, h, seated=bool(content.seat))
    draw_qr(canvas, content.code, left, h - top - side, side)
    canvas.restoreState()


def new_canvas(target: BinaryIO, *, pagesize: tuple[float, float], title: str) -> Canvas:
    register_fonts()
    # invariant: no creation date or random document id, so equal badges give equal bytes.
    canvas = Canvas(target, pagesize=pagesize, pageCompression=1, invariant=1)
    canvas.setTitle(title)
    canvas.setCreator("govconf")
    return canvas


def write_badges(
    target: BinaryIO,
    contents: Iterable[BadgeContent],
    *,
    size: str = "a6",
    sheet: bool = False,
    title: str = "Badges",
    on_page=None,
) -> int:
    """Write badges to ``target`` as they come from ``contents``; returns how many were drawn.

    Each page is finished (``showPage``) before the next badge is read, so the caller can feed a
    generator that fetches badges from the database in chunks. ``on_page(count)`` is called after
    each page with the number of badges drawn so far.
    """
    spec = SIZES[size]
    if sheet:
        columns, rows = spec.per_sheet
        canvas = new_canvas(target, pagesize=A4, title=title)
        margin_x = (A4[0] - columns * spec.width) / 2
        margin_y = (A4[1] - rows * spec.height) / 2
    else:
        columns = rows = 1
        canvas = new_canvas(target, pagesize=(spec.width, spec.height), title=title)
        margin_x = margin_y = 0
    per_page = columns * rows
    drawn = 0
    slot = 0
    for content in contents:
        column, row = slot % columns, slot // columns
        x = margin_x + column * spec.width
        y = margin_y + (rows - 1 - row) * spec.height
        draw_badge(canvas, content, x=x, y=y, size=spec)
        if sheet:
            _cut_guide(canvas, x, y, spec)
        drawn += 1
        slot += 1
        if slot == per_page:
            _finish_page(canvas)
            slot = 0
            if on_page:
                on_page(drawn)
    if slot:
        _finish_page(canvas)
        if on_page:
            on_page(drawn)
    if drawn == 0:
        canvas.showPage()  # a valid, empty PDF rather than a broken file
    canvas.save()
    return drawn


def _finish_page(canvas: Canvas) -> None:
    """End the page and compress its content stream now rather than when the file is saved.

    reportlab keeps every page's drawing operators as text until ``save()``; a badge page is
    about 10 KB of text and 2 KB deflated, so compressing as we go keeps a batch of thousands
    small in memory. The stream is marked /FlateDecode so that reportlab does not encode it again.
    """
    canvas.showPage()
    page = canvas._doc.Pages.pages[-1]
    stream = page.stream
    if isinstance(stream, str):
        stream = stream.encode("latin-1")
    page.Contents = PDFStream(
        PDFDictionary({"Filter": PDFArray([PDFName("FlateDecode")])}), zlib.compress(stream)
    )
    page.stream = None


def _cut_guide(canvas: Canvas, x: float, y: float, spec: BadgeSize) -> None:
    canvas.saveState()
    canvas.setStrokeColorRGB(0.75, 0.75, 0.75)
    canvas.setLineWidth(0.25)
    canvas.setDash(2, 2)
    canvas.rect(x, y, spec.width, spec.height, stroke=1, fill=0)
    canvas.restoreState()


def render_badge_pdf(content: BadgeContent, *, size: str = "a6") -> bytes:
    buffer = io.BytesIO()
    write_badges(buffer, [content], size=size, title=content.name)
    return buffer.getvalue()


def badge_pdf(badge, *, size: str = "a6") -> bytes:
    """One badge, one page of the badge's size, ready to print."""
    return render_badge_pdf(content_for(badge), size=size)


def draw_qr(canvas, text: str, x: float, y: float, side: float) -> None:
    """The QR code of ``text`` as vector squares in the ``side``-wide square whose lower left
    corner is (x, y): one rectangle per run of dark modules (fewer path operations, no hairline
    seams). Badges, attendance certificates and invitation letters all draw theirs with it."""
    matrix = qr_matrix(text)
    module = side / len(matrix)
    path = canvas.beginPath()
    for row_index, row in enumerate(matrix):
        column = 0
        while column < len(row):
            if not row[column]:
                column += 1
                continue
            start = column
            while column < len(row) and row[column]:
                column += 1
            path.rect(x + start * module, y + side - (row_index + 1) * module,
                      (column - start) * module, module)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=0, fill=1)
