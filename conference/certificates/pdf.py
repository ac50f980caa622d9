"""Attendance certificates as PDF: A4 landscape, one page per language, vector text in the
embedded DejaVu Sans of the badges (it covers Vietnamese) and a vector QR code that opens the
public verification page.

Names and organisations are NFC-normalised and drawn with ``drawString`` (never as markup),
shrunk or wrapped to fit their line. ``write_certificates`` streams many certificates into one
file page by page, so a batch of thousands keeps memory flat.
"""

import datetime
import io
from collections.abc import Iterable
from typing import BinaryIO

from django.utils import formats, timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from conference.common.i18n import localized
from conference.common.links import absolute_url
from conference.common.text import nfc
from conference.registration.badges.pdf import FONT, FONT_BOLD, draw_qr, register_fonts

from .models import AttendanceCertificate

PAGE = landscape(A4)
PRIMARY = HexColor("#0b4f9c")
ACCENT = HexColor("#c8102e")
INK = HexColor("#1b1f24")
MUTED = HexColor("#4a5563")
MAX_SESSIONS = 8  # more are summed up in one line ("and 5 more sessions")


def verification_url(certificate: AttendanceCertificate, language: str = "vi") -> str:
    """The public verification page, shared with the award certificates."""
    return absolute_url("awards:verify", language, certificate.code)


def certificate_pdf(certificate: AttendanceCertificate,
                    languages: Iterable[str] = ("vi", "en")) -> bytes:
    """The certificate with one page in each of ``languages``; returns the PDF bytes."""
    buffer = io.BytesIO()
    write_certificates(buffer, ((certificate, language) for language in languages),
                       title=f"{certificate.full_name} · {certificate.code}")
    return buffer.getvalue()


def write_certificates(target: BinaryIO,
                       pages: Iterable[tuple[AttendanceCertificate, str]], *,
                       title: str, on_page=None) -> int:
    """Draw one page per ``(certificate, language)`` as they come; returns the page count.

    ``on_page(count)`` is called after each page, for a progress bar.
    """
    register_fonts()
    canvas = Canvas(target, pagesize=PAGE, pageCompression=1, invariant=1)
    canvas.setTitle(nfc(title))
    canvas.setCreator("govconf")
    count = 0
    for certificate, language in pages:
        with translation.override(language):
            draw_certificate(canvas, certificate, language)
        canvas.showPage()
        count += 1
        if on_page is not None:
            on_page(count)
    canvas.save()
    return count


def _fit(text: str, font: str, size: float, width: float, smallest: float = 10) -> float:
    """The largest font size up to ``size`` at which ``text`` fits ``width``."""
    while size > smallest and stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _centred(canvas: Canvas, text: str, y: float, font: str, size: float, width: float) -> None:
    text = nfc(text)
    canvas.setFont(font, _fit(text, font, size, width))
    canvas.drawCentredString(PAGE[0] / 2, y, text)


def _wrapped(canvas: Canvas, text: str, y: float, font: str, size: float, width: float,
             max_lines: int = 2) -> float:
    """Centred lines of at most ``width``; returns the y below the last line."""
    lines = simpleSplit(nfc(text), font, size, width)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1:])]
    canvas.setFont(font, size)
    for line in lines:
        fitted = _fit(line, font, size, width)
        canvas.setFont(font, fitted)
        canvas.drawCentredString(PAGE[0] / 2, y, line)
        y -= size * 1.35
    return y


def _date(value: datetime.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def attended_on(certificate: AttendanceCertificate) -> str:
    """The days attended, dd/mm/yyyy, joined with commas."""
    days = [parse_date(day) for day in certificate.days]
    return ", ".join(_date(day) for day in sorted(d for d in days if d))


def draw_certificate(canvas: Canvas, certificate: AttendanceCertificate, language: str) -> None:
    """One page, in the active language (the caller overrides it to ``language``)."""
    width, height = PAGE
    inner = width - 80 * mm
    edition = certificate.edition
    canvas.setStrokeColor(PRIMARY)
    canvas.setLineWidth(3)
    canvas.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    canvas.setLineWidth(0.8)
    canvas.rect(16 * mm, 16 * mm, width - 32 * mm, height - 32 * mm)

    canvas.setFillColor(PRIMARY)
    _centred(canvas, localized(edition, "name"), height - 34 * mm, FONT_BOLD, 14, inner)
    canvas.setFillColor(ACCENT)
    _centred(canvas, _("CERTIFICATE OF ATTENDANCE"), height - 52 * mm, FONT_BOLD, 28, inner)
    canvas.setFillColor(INK)
    _centred(canvas, _("The organising committee certifies that"), height - 66 * mm, FONT, 13,
             inner)
    _centred(canvas, certificate.full_name, height - 82 * mm, FONT_BOLD, 26, inner)
    y = height - 92 * mm
    details = ", ".join(part for part in (certificate.position, certificate.organisation) if part)
    if details:
        canvas.setFillColor(MUTED)
        y = _wrapped(canvas, details, y, FONT, 12, inner)
    canvas.setFillColor(INK)
    y -= 3 * mm
    _centred(canvas, _("attended the %(edition)s") % {"edition": localized(edition, "name")},
             y, FONT, 13, inner)
    y -= 7 * mm
    _centred(canvas, _("held at %(venue)s on %(days)s") % {
        "venue": localized(edition, "venue"), "days": attended_on(certificate)}, y, FONT, 13,
        inner)

    if certificate.sessions:
        y -= 9 * mm
        canvas.setFillColor(PRIMARY)
        _centred(canvas, _("Sessions attended"), y, FONT_BOLD, 11, inner)
        canvas.setFillColor(INK)
        sessions = certificate.sessions
        shown = sessions[:MAX_SESSIONS] if len(sessions) <= MAX_SESSIONS else \
            sessions[: MAX_SESSIONS - 1]
        for session in shown:
            y -= 5 * mm
            start = parse_datetime(session.get("start") or "")
            when = formats.date_format(timezone.localtime(start), "H:i") + " · " if start else ""
            title = session.get("title_en") if language == "en" and session.get("title_en") \
                else session.get("title", "")
            _centred(canvas, f"{when}{title}", y, FONT, 9.5, inner - 60 * mm)
        if len(shown) < len(sessions):
            y -= 5 * mm
            _centred(canvas, _("and %(count)s more sessions") % {
                "count": len(sessions) - len(shown)}, y, FONT, 9.5, inner)

    canvas.setFillColor(MUTED)
    canvas.setFont(FONT, 11)
    issued = _date(timezone.localtime(certificate.issued_at).date())
    canvas.drawString(24 * mm, 34 * mm, nfc(_("Issued on %(date)s") % {"date": issued}))
    canvas.setFont(FONT, 8)
    canvas.drawString(24 * mm, 22 * mm,
                      nfc(_("Certificate no. %(code)s") % {"code": certificate.code}))
    side = 30 * mm
    draw_qr(canvas, verification_url(certificate, language), width - 24 * mm - side, 24 * mm, side)
    canvas.setFillColor(MUTED)
    canvas.setFont(FONT, 8)
    canvas.drawRightString(width - 24 * mm, 20 * mm, nfc(_("Verify: scan the code")))
