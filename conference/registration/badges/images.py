"""The QR code and the badge as PNG images (Pillow), for the phone and the confirmation email."""

import io
from functools import lru_cache

import qrcode
from PIL import Image, ImageDraw, ImageFont
from qrcode.constants import ERROR_CORRECT_M

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

QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks
PNG_WIDTH = 800
PNG_HEIGHT = 1128  # the A6 proportions (105 x 148 mm)


def qr_matrix(code: str) -> list[list[bool]]:
    """The QR modules for a badge code, quiet zone included.

    Codes use upper-case letters and digits only, so qrcode encodes them in alphanumeric mode
    (5.5 bits a character): 22 characters fit version 2 at level M, a 25x25 grid that scans from
    a distance even when printed small.
    """
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE, box_size=1)
    qr.add_data(code)
    qr.make(fit=True)
    return qr.get_matrix()


def badge_qr_png(code: str, *, module_px: int = 10) -> bytes:
    """A standalone QR code PNG (black on white) for the code."""
    return _png(_qr_image(qr_matrix(code), module_px))


def _qr_image(matrix: list[list[bool]], module_px: int) -> Image.Image:
    size = len(matrix) * module_px
    image = Image.new("1", (size, size), 1)
    draw = ImageDraw.Draw(image)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                draw.rectangle(
                    (x * module_px, y * module_px, (x + 1) * module_px - 1,
                     (y + 1) * module_px - 1),
                    fill=0,
                )
    return image


_FITTED: dict = {}  # text boxes already fitted (see layout.place_text)


@lru_cache(maxsize=256)
def _font(size: float, bold: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(bold)), size)


def _measure(text: str, size: float, bold: bool) -> float:
    return _font(round(size * 4) / 4, bold).getlength(text)


def render_badge_image(content: BadgeContent, *, width: int = PNG_WIDTH,
                       height: int = PNG_HEIGHT) -> Image.Image:
    image = Image.new("RGB", (width, height), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    band = rgb(content.colour)
    draw.rectangle((0, 0, width, round(HEADER_BAND[1] * height)), fill=band)
    draw.rectangle((0, round(FOOTER_BAND[0] * height), width, height), fill=band)
    on_band = text_colour_on(content.colour)
    for line in place_text(content, width=width, height=height, measure=_measure,
                           cache=_FITTED):
        draw.text(
            (line.x, line.baseline),
            line.text,
            font=_font(round(line.size * 4) / 4, line.bold),
            fill=on_band if line.on_band else (17, 24, 39),
            anchor="ls",
        )
    if content.photo is not None:
        px, ptop, pw, ph = photo_box(width, height)
        portrait = fitted_photo(content.photo, pw, ph, pixels_wide=max(1, round(pw)))
        image.paste(portrait.resize((max(1, round(pw)), max(1, round(ph)))),
                    (round(px), round(ptop)))
    left, top, side = qr_square(width, height, seated=bool(content.seat))
    matrix = qr_matrix(content.code)
    module_px = max(int(side // len(matrix)), 1)  # whole pixels per module: crisp edges
    qr = _qr_image(matrix, module_px)
    offset = (round(left + (side - qr.width) / 2), round(top + (side - qr.height) / 2))
    image.paste(qr.convert("RGB"), offset)
    return image


def render_badge_png(content: BadgeContent, **kwargs) -> bytes:
    return _png(render_badge_image(content, **kwargs))


def badge_png(badge) -> bytes:
    """The badge as a PNG (800 x 1128 px) for the phone and the confirmation email."""
    return render_badge_png(content_for(badge))


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
