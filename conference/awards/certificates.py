"""Certificate PDFs: A4 landscape, DejaVu Sans embedded (it covers Vietnamese), and a QR code
that opens the verification page on our site.

User text (names, organisations) is NFC-normalised and drawn with ``drawString``/escaped
``Paragraph`` text, never interpreted as markup.
"""

import io
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import qrcode
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph

from conference.common.i18n import localized
from conference.common.links import absolute_url
from conference.common.text import nfc

from .models import Certificate

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
PRIMARY = HexColor("#0b4f9c")
ACCENT = HexColor("#c8102e")


@cache
def _register_fonts() -> None:
    folder = _font_dir()
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(folder / "DejaVuSans-Bold.ttf")))


def _font_dir() -> Path:
    for base in (Path(settings.BASE_DIR) / "static", Path(settings.STATIC_ROOT)):
        folder = base / "vendor" / "dejavu"
        if (folder / "DejaVuSans.ttf").exists():
            return folder
    raise FileNotFoundError("DejaVu Sans not found: run `make assets` (frontend/build.mjs).")


def verification_url(certificate: Certificate, language: str = "vi") -> str:
    return absolute_url("awards:verify", language, certificate.code)


def qr_png(url: str) -> bytes:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=10, border=2)
    qr.add_data(url)
    qr.make(fit=True)
    buffer = io.BytesIO()
    qr.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return buffer.getvalue()


def certificate_pdf(certificate: Certificate, language: str = "vi") -> bytes:
    """Render the certificate in ``language``; returns the PDF bytes."""
    _register_fonts()
    nomination = certificate.nomination
    cycle = nomination.cycle
    category = nomination.category
    buffer = io.BytesIO()
    width, height = landscape(A4)
    with translation.override(language):
        pdf = canvas.Canvas(buffer, pagesize=(width, height))
        pdf.setTitle(nfc(f"{localized(cycle, 'name')} · {nomination.nominee_name}"))
        pdf.setAuthor(nfc(localized(cycle.edition, "name")))

        pdf.setStrokeColor(PRIMARY)
        pdf.setLineWidth(3)
        pdf.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
        pdf.setLineWidth(0.8)
        pdf.rect(16 * mm, 16 * mm, width - 32 * mm, height - 32 * mm)

        centre = width / 2
        pdf.setFillColor(PRIMARY)
        pdf.setFont(FONT_BOLD, 14)
        pdf.drawCentredString(centre, height - 36 * mm, nfc(localized(cycle.edition, "name")))
        pdf.setFillColor(ACCENT)
        pdf.setFont(FONT_BOLD, 30)
        pdf.drawCentredString(centre, height - 56 * mm, nfc(_("CERTIFICATE")))
        pdf.setFillColor(HexColor("#1b1f24"))
        pdf.setFont(FONT, 14)
        pdf.drawCentredString(centre, height - 70 * mm, nfc(_("awarded to")))
        pdf.setFont(FONT_BOLD, 26)
        pdf.drawCentredString(centre, height - 86 * mm, nfc(nomination.nominee_name))

        style = ParagraphStyle("body", fontName=FONT, fontSize=13, leading=18, alignment=1)
        lines = [nfc(nomination.nominee_position), nfc(nomination.nominee_organisation)]
        text = "<br/>".join(escape(line) for line in lines if line)
        paragraph = Paragraph(text, style)
        _w, h = paragraph.wrap(width - 80 * mm, 40 * mm)
        paragraph.drawOn(pdf, 40 * mm, height - 96 * mm - h)

        title = _("Winner") if certificate.title == "winner" else _("Finalist")
        pdf.setFillColor(PRIMARY)
        pdf.setFont(FONT_BOLD, 18)
        pdf.drawCentredString(centre, 78 * mm, nfc(f"{title} · {localized(cycle, 'name')}"))
        pdf.setFont(FONT, 14)
        pdf.drawCentredString(centre, 68 * mm, nfc(localized(category, "name")))
        pdf.setFillColor(HexColor("#4a5563"))
        pdf.setFont(FONT, 11)
        issued = timezone.localtime(certificate.issued_at).strftime("%d/%m/%Y")
        pdf.drawCentredString(
            centre, 56 * mm,
            nfc(_("%(venue)s, %(date)s") % {"venue": localized(cycle.edition, "venue"),
                                             "date": issued}),
        )

        url = verification_url(certificate, language)
        size = 34 * mm
        pdf.drawImage(ImageReader(io.BytesIO(qr_png(url))), width - 24 * mm - size, 22 * mm,
                      size, size)
        pdf.setFont(FONT, 8)
        pdf.drawRightString(width - 24 * mm, 19 * mm, nfc(_("Verify: scan the code")))
        pdf.drawString(24 * mm, 22 * mm, nfc(_("Certificate no. %(code)s")
                                             % {"code": certificate.code}))
        pdf.showPage()
        pdf.save()
    return buffer.getvalue()
