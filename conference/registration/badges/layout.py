"""What a badge shows and where: shared by the PNG (pixels) and the PDF (points).

The layout is expressed as fractions of the badge's width and height, so that A6, the CR80 card
and the phone image are the same design at different scales. Text is fitted to its box by
shrinking and wrapping (measured with the real font), never clipped: when a box's preferred
minimum size is not small enough, the text keeps shrinking until every line fits.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import formats

from conference.common.text import nfc

DEFAULT_COLOUR = "#0B4F9C"
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def font_path(bold: bool = False) -> Path:
    """DejaVu Sans (covers every Vietnamese letter), copied from npm by frontend/build.mjs."""
    directory = Path(settings.BADGE_FONT_DIR or settings.BASE_DIR / "static" / "vendor" / "dejavu")
    return directory / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")


def rgb(colour: str) -> tuple[int, int, int]:
    colour = colour if _HEX.match(colour or "") else DEFAULT_COLOUR
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def text_colour_on(colour: str) -> tuple[int, int, int]:
    """Black or white, whichever reads better on the category colour (WCAG relative luminance)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb(colour))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return (0, 0, 0) if luminance > 0.179 else (255, 255, 255)


@dataclass(frozen=True)
class BadgeContent:
    """Everything printed on one badge, as plain NFC text (never markup)."""

    code: str
    name: str
    position: str = ""
    organisation: str = ""
    role: str = ""
    category: str = ""
    colour: str = DEFAULT_COLOUR
    edition: str = ""
    edition_line: str = ""
    seat: str = ""  # "Phiên toàn thể: Hàng A, ghế 5" (from the badge_details signal)
    photo: bytes | None = None  # the portrait, when the category prints photos on badges

    def __post_init__(self):
        # Decomposed accents (NFD, as some phones and Mac keyboards type them) would be drawn as
        # separate marks that land on the wrong letter: normalise whatever the caller passed.
        for field in ("name", "position", "organisation", "role", "category", "edition",
                      "edition_line", "seat"):
            object.__setattr__(self, field, nfc(getattr(self, field)))


def role_line(category) -> str:
    """"DIỄN GIẢ / SPEAKER" from the category's role labels; the category name as a fallback."""
    labels = [nfc(label).upper() for label in (category.role_label, category.role_label_en)
              if nfc(label)]
    if not labels:
        return nfc(category.name).upper()
    if len(labels) == 2 and labels[0] == labels[1]:
        labels = labels[:1]
    return " / ".join(labels)


def badge_details(attendee_ids) -> dict[int, dict]:
    """What the apps built on registration print on these attendees' badges (the seat), asked
    through the ``badge_details`` signal: ``{attendee_id: {"seat": "..."}}``."""
    from ..signals import badge_details as signal
    from ..signals import collect

    merged: dict[int, dict] = {}
    for answer in collect(signal, attendee_ids=list(attendee_ids)):
        for attendee_id, details in answer.items():
            for key, text in details.items():
                if text:
                    mine = merged.setdefault(attendee_id, {})
                    mine[key] = f"{mine[key]} · {text}" if key in mine else text
    return merged


def content_for(badge, details: dict | None = None) -> BadgeContent:
    """The printed content of a badge (expects attendee__registration__category/edition loaded).

    ``details``: this attendee's entry of ``badge_details`` when the caller fetched them for many
    badges at once; asked here otherwise.
    """
    attendee = badge.attendee
    if details is None:
        details = badge_details([attendee.pk]).get(attendee.pk, {})
    registration = attendee.registration
    category = registration.category
    edition = registration.edition
    dates = formats.date_format(edition.start_date, "d/m/Y")
    if edition.end_date and edition.end_date != edition.start_date:
        dates = f"{formats.date_format(edition.start_date, 'd/m')}–" \
                f"{formats.date_format(edition.end_date, 'd/m/Y')}"
    category_names = [nfc(category.name)]
    if nfc(category.name_en) and nfc(category.name_en) != category_names[0]:
        category_names.append(nfc(category.name_en))
    role = role_line(category)
    category_text = " / ".join(category_names)
    return BadgeContent(
        code=badge.code,
        name=attendee.full_name,
        position=attendee.position,
        organisation=attendee.organisation,
        role=role,
        # With no role labels the role line already is the category name: do not repeat it.
        category="" if role == nfc(category.name).upper() else category_text,
        colour=category.badge_color,
        edition=edition.name,
        edition_line=" · ".join(part for part in (dates, nfc(edition.venue)) if part),
        seat=details.get("seat", ""),
        photo=badge_photo(attendee) if category.photo_on_badge else None,
    )


def badge_photo(attendee) -> bytes | None:
    """The attendee's portrait photo as uploaded (checked to be an image), or None.

    Reads ``attendee.documents`` (prefetched by the batch, so no query per badge there)."""
    from ..enums import DocumentKind

    found = next((d for d in attendee.documents.all() if d.kind == DocumentKind.PHOTO), None)
    if found is None:
        return None
    with found.file.open("rb") as handle:
        return handle.read()


def fitted_photo(photo: bytes, width: float, height: float, *, pixels_wide: int = 360):
    """The photo as an RGB Pillow image cropped (centred) to the box's proportions; the phone's
    rotation (EXIF) applied first."""
    import io

    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(photo)) as image:
        image = ImageOps.exif_transpose(image).convert("RGB")
        size = (pixels_wide, max(1, round(pixels_wide * height / width)))
        return ImageOps.fit(image, size, method=Image.Resampling.LANCZOS)


# --- Geometry --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextBox:
    """A text box as fractions of the badge (origin top left); sizes as fractions of the width."""

    key: str
    x: float
    y: float
    w: float
    h: float
    max_size: float
    min_size: float
    bold: bool = False
    max_lines: int = 2
    on_band: bool = False


HEADER_BAND = (0.0, 0.135)  # top, bottom (fractions of the height)
FOOTER_BAND = (0.845, 1.0)
QR_BOX = (0.5, 0.525, 0.27)  # centre x, top y (fractions), side (fraction of the height)
# With a seat line under it the QR is a little smaller (still over 1 mm a module on a card).
QR_BOX_SEATED = (0.5, 0.522, 0.225)

TEXT_BOXES = (
    TextBox("edition", 0.05, 0.012, 0.90, 0.075, 0.060, 0.030, bold=True, on_band=True),
    TextBox("edition_line", 0.05, 0.088, 0.90, 0.040, 0.040, 0.022, on_band=True, max_lines=1),
    TextBox("name", 0.06, 0.160, 0.88, 0.175, 0.110, 0.050, bold=True),
    TextBox("position", 0.06, 0.345, 0.88, 0.065, 0.052, 0.030),
    TextBox("organisation", 0.06, 0.415, 0.88, 0.100, 0.052, 0.030, max_lines=3),
    TextBox("seat", 0.04, 0.750, 0.92, 0.048, 0.046, 0.022, bold=True, max_lines=1),
    TextBox("code", 0.06, 0.800, 0.88, 0.036, 0.036, 0.020, max_lines=1),
    TextBox("role", 0.05, 0.855, 0.90, 0.080, 0.085, 0.035, bold=True, on_band=True),
    TextBox("category", 0.05, 0.940, 0.90, 0.050, 0.040, 0.020, on_band=True, max_lines=1),
)
# With a photo: the portrait at the top left (x, top, width as fractions of the badge's width,
# height as a fraction of its height), the name beside it.
PHOTO_BOX = (0.06, 0.150, 0.24, 0.188)
TEXT_BOXES_WITH_PHOTO = tuple(
    TextBox("name", 0.33, 0.160, 0.61, 0.175, 0.085, 0.040, bold=True) if b.key == "name"
    else b for b in TEXT_BOXES
)
LEADING = 1.2  # line height as a multiple of the font size
ASCENT = 0.93  # DejaVu Sans ascent: stacked Vietnamese marks (Ễ, Ỗ) stay inside the line


def box(key: str) -> TextBox:
    return next(b for b in TEXT_BOXES if b.key == key)


def wrap(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Greedy word wrap; a single word wider than the box is broken between letters."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if measure(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        for char in word:
            if current and measure(current + char) > width:
                lines.append(current)
                current = char
            else:
                current += char
    if current:
        lines.append(current)
    return lines


def fit_text(
    text: str,
    *,
    width: float,
    height: float,
    max_size: float,
    min_size: float,
    max_lines: int,
    measure: Callable[[str, float], float],
) -> tuple[float, list[str]]:
    """The largest font size (and its lines) at which ``text`` fits the box.

    Prefers at most ``max_lines`` lines down to ``min_size``; below that it accepts more lines
    and keeps shrinking, because clipping a delegate's organisation is worse than small type.
    """
    if not text:
        return max_size, []
    size = max_size
    floor = max_size / 50
    while True:
        lines = wrap(text, width, lambda s, size=size: measure(s, size))
        fits_height = len(lines) * size * LEADING <= height
        if fits_height and (len(lines) <= max_lines or size <= min_size):
            return size, lines
        if size <= floor:
            return size, lines
        size = max(size * 0.95, floor)


@dataclass(frozen=True)
class PlacedLine:
    text: str
    x: float  # left edge, from the left of the badge
    baseline: float  # from the top of the badge
    size: float
    bold: bool
    on_band: bool


def place_text(
    content: BadgeContent,
    *,
    width: float,
    height: float,
    measure: Callable[[str, float, bool], float],
    cache: dict | None = None,
) -> list[PlacedLine]:
    """Every line of text on the badge, centred in its box, in the caller's units.

    ``cache`` (a dict the caller keeps, one per ``measure``) remembers boxes already fitted: in a
    batch the edition, role and many organisations repeat, and fitting is most of the text work.
    """
    placed: list[PlacedLine] = []
    photo = content.photo is not None
    for spec in TEXT_BOXES_WITH_PHOTO if photo else TEXT_BOXES:
        text = content.code if spec.key == "code" else getattr(content, spec.key)
        if not text:
            continue
        key = (spec.key, text, width, height, photo)
        if cache is not None and key in cache:
            placed.extend(cache[key])
            continue
        lines = _place_box(spec, text, width, height, measure)
        if cache is not None and spec.key != "code":
            if len(cache) > 10_000:
                cache.clear()
            cache[key] = lines
        placed.extend(lines)
    return placed


def _place_box(spec: TextBox, text: str, width: float, height: float, measure) -> list:
    box_w, box_h = spec.w * width, spec.h * height

    def measure_in_font(s, size):
        return measure(s, size, spec.bold)

    size, lines = fit_text(
        text,
        width=box_w,
        height=box_h,
        max_size=spec.max_size * width,
        min_size=spec.min_size * width,
        max_lines=spec.max_lines,
        measure=measure_in_font,
    )
    block = len(lines) * size * LEADING
    top = spec.y * height + (box_h - block) / 2
    return [
        PlacedLine(
            text=line,
            x=spec.x * width + (box_w - measure_in_font(line, size)) / 2,
            baseline=top + index * size * LEADING + ASCENT * size,
            size=size,
            bold=spec.bold,
            on_band=spec.on_band,
        )
        for index, line in enumerate(lines)
    ]


def photo_box(width: float, height: float) -> tuple[float, float, float, float]:
    """Left, top, width and height of the portrait photo, in the caller's units."""
    x, top, w, h = PHOTO_BOX
    return x * width, top * height, w * width, h * height


def qr_square(width: float, height: float, *, seated: bool = False
              ) -> tuple[float, float, float]:
    """Left, top and side of the QR code (quiet zone included), in the caller's units."""
    centre_x, top, side = QR_BOX_SEATED if seated else QR_BOX
    side_units = min(side * height, 0.9 * width)
    return centre_x * width - side_units / 2, top * height, side_units
