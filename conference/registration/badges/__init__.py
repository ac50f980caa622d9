"""Badges: opaque codes, PNG images for the phone, print-ready PDFs singly and in batches.

The public API (other apps import from here): ``issue_badge``, ``active_badge``,
``normalise_code``, ``is_well_formed``, ``badge_png``, ``badge_qr_png``, ``badge_pdf``,
``signed_badge_url``.
"""

from .codes import (
    CODE_ALPHABET,
    CODE_BITS,
    CODE_LENGTH,
    active_badge,
    generate_badge_code,
    is_well_formed,
    normalise_code,
)
from .images import badge_png, badge_qr_png
from .layout import BadgeContent, content_for
from .pdf import SIZES, badge_pdf, write_badges
from .services import issue_badge

__all__ = [
    "CODE_ALPHABET",
    "CODE_BITS",
    "CODE_LENGTH",
    "SIZES",
    "BadgeContent",
    "active_badge",
    "badge_pdf",
    "badge_png",
    "badge_qr_png",
    "content_for",
    "generate_badge_code",
    "is_well_formed",
    "issue_badge",
    "normalise_code",
    "write_badges",
]
