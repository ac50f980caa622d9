"""Badge codes: opaque, random, unique, quick to scan.

The code carries no personal data. Its alphabet has no look-alike characters (no 0/O, 1/I/L, 2/Z,
5/S, 8/B) and fits QR alphanumeric mode (upper-case letters and digits), which keeps the QR small
enough to scan from a distance. 22 characters of a 25-letter alphabet give 102 bits of randomness.
"""

import math
import secrets
import unicodedata

from ..models import Attendee, Badge

CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 22
CODE_BITS = CODE_LENGTH * math.log2(len(CODE_ALPHABET))


def generate_badge_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str) -> str:
    """What a scanner read, as stored: trimmed and upper-cased (keyboard wedges may send lower).

    A control, format or surrogate character (a NUL from a damaged QR code, an ESC from a
    misconfigured handheld scanner) becomes U+FFFD: no badge code holds one, so the code reads as
    malformed, and the text can still be stored (PostgreSQL refuses NUL and lone surrogates)."""
    text = (raw or "").strip().upper()
    if text.isascii() and text.isprintable():  # what a scanner usually reads: nothing to mark
        return text
    return "".join("\ufffd" if unicodedata.category(ch)[0] == "C" else ch for ch in text)


def is_well_formed(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in code)


def active_badge(attendee: Attendee) -> Badge | None:
    return attendee.badges.filter(revoked_at__isnull=True).first()
