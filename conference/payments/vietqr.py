"""VietQR: the NAPAS 247 bank-transfer QR, built to the EMVCo merchant-presented format.

A payload is a run of ID/length/value objects (two-digit ID, two-digit length, value):

    00 "01"                      payload format indicator
    01 "12"                      point of initiation: dynamic (one amount, one payment)
    38 ...                       merchant account information, NAPAS template:
       00 "A000000727"             NAPAS's globally unique identifier
       01 ...                      beneficiary organisation:
          00 BIN                     the bank's 6-digit NAPAS BIN (e.g. 970436 Vietcombank)
          01 account number
       02 "QRIBFTTA"               service: inter-bank fund transfer 24/7 to an account
    53 "704"                     currency: VND (ISO 4217)
    54 amount                    whole dong, no separators
    58 "VN"                      country
    59 name (optional)           beneficiary name, ASCII upper case
    60 city (optional)
    62 ...                       additional data
       08 reference                purpose of transaction: banking apps copy it into the
                                   transfer description, which is how a statement line finds
                                   its registration again
    63 CRC                       CRC-16/CCITT-FALSE over everything before it, "6304" included

Transfer references ("GC" + 6 characters + 1 check character) are built to survive what banks
do to a description: they drop spaces and punctuation, change case, strip diacritics and add their
own text around it. The alphabet has no look-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 6/G, 8/B), so a
reference read aloud or retyped by hand stays right; the check character catches a mistyped one.
"""

import io
import re
import secrets
from dataclasses import dataclass

import qrcode
import qrcode.image.svg
from django.conf import settings

from conference.common.text import fold

NAPAS_GUID = "A000000727"
SERVICE_TO_ACCOUNT = "QRIBFTTA"
CURRENCY_VND = "704"
COUNTRY_VN = "VN"
POINT_OF_INITIATION_DYNAMIC = "12"

REFERENCE_PREFIX = "GC"
REFERENCE_ALPHABET = "ACDEFHJKMNPQRTUVWXY3479"
REFERENCE_BODY_LENGTH = 6
_REFERENCE_IN_TEXT = re.compile(
    f"{REFERENCE_PREFIX}([{REFERENCE_ALPHABET}]{{{REFERENCE_BODY_LENGTH + 1}}})"
)


class PayloadError(ValueError):
    """The data cannot be put in a VietQR payload (a programming or settings error)."""


# --- EMVCo data objects -------------------------------------------------------------------------


def tlv(tag: str, value: str) -> str:
    """One data object: two-digit ID, two-digit length, value (at most 99 characters)."""
    if len(tag) != 2 or not tag.isdigit():
        raise PayloadError(f"bad tag {tag!r}")
    if not value or len(value) > 99:
        raise PayloadError(f"tag {tag}: value must be 1 to 99 characters, got {len(value)}")
    return f"{tag}{len(value):02d}{value}"


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: polynomial 0x1021, initial 0xFFFF, no reflection, no final XOR."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def _ascii_upper(text: str, limit: int) -> str:
    """Names in tags 59/60 are plain ASCII: banking apps show them as they come."""
    folded = re.sub(r"[^A-Z0-9 .,\-]", "", fold(text).upper()).strip()
    if len(folded) <= limit:
        return folded
    cut = folded[: limit + 1].rsplit(" ", 1)[0]  # whole words when we must shorten
    return (cut if cut and len(cut) <= limit else folded[:limit]).strip()


def build_payload(
    *,
    bin_code: str,
    account: str,
    amount_vnd: int,
    reference: str,
    account_name: str = "",
    city: str = "",
) -> str:
    """The VietQR text for one transfer of ``amount_vnd`` dong carrying ``reference``."""
    if not (len(bin_code) == 6 and bin_code.isdigit()):
        raise PayloadError("the bank BIN is 6 digits")
    if not account or not re.fullmatch(r"[0-9A-Za-z]{1,19}", account):
        raise PayloadError("the account number is 1 to 19 letters or digits")
    if not isinstance(amount_vnd, int) or amount_vnd <= 0 or len(str(amount_vnd)) > 13:
        raise PayloadError("the amount is a positive whole number of dong, at most 13 digits")
    if not reference or len(reference) > 25 or not reference.isalnum():
        raise PayloadError("the reference is 1 to 25 letters or digits")

    beneficiary = tlv("00", bin_code) + tlv("01", account)
    merchant_account = (
        tlv("00", NAPAS_GUID) + tlv("01", beneficiary) + tlv("02", SERVICE_TO_ACCOUNT)
    )
    parts = [
        tlv("00", "01"),
        tlv("01", POINT_OF_INITIATION_DYNAMIC),
        tlv("38", merchant_account),
        tlv("53", CURRENCY_VND),
        tlv("54", str(amount_vnd)),
        tlv("58", COUNTRY_VN),
    ]
    name = _ascii_upper(account_name, 25)
    if name:
        parts.append(tlv("59", name))
    city_text = _ascii_upper(city, 15)
    if city_text:
        parts.append(tlv("60", city_text))
    parts.append(tlv("62", tlv("08", reference)))
    body = "".join(parts) + "6304"
    return body + f"{crc16_ccitt_false(body.encode('ascii')):04X}"


def payload_for(*, amount_vnd: int, reference: str) -> str:
    """The payload for our organiser's account (settings BANK_TRANSFER_*)."""
    return build_payload(
        bin_code=settings.BANK_TRANSFER_BIN,
        account=settings.BANK_TRANSFER_ACCOUNT,
        amount_vnd=amount_vnd,
        reference=reference,
        account_name=settings.BANK_TRANSFER_ACCOUNT_NAME,
    )


@dataclass(frozen=True)
class Parsed:
    objects: dict[str, str]
    crc_ok: bool


def parse_objects(payload: str) -> Parsed:
    """Split a payload into its top-level objects and check its CRC (used by tests and checks)."""
    objects: dict[str, str] = {}
    position = 0
    while position < len(payload):
        tag, length = payload[position:position + 2], payload[position + 2:position + 4]
        if not (tag.isdigit() and length.isdigit()):
            raise PayloadError(f"malformed object at {position}")
        value = payload[position + 4:position + 4 + int(length)]
        if len(value) != int(length):
            raise PayloadError(f"truncated object {tag}")
        objects[tag] = value
        position += 4 + int(length)
    crc_ok = "63" in objects and payload.endswith(objects["63"]) and objects["63"] == (
        f"{crc16_ccitt_false(payload[:-4].encode('ascii')):04X}"
    )
    return Parsed(objects=objects, crc_ok=crc_ok)


# --- Transfer references ------------------------------------------------------------------------


def _check_character(body: str) -> str:
    """Weighted sum modulo 23 (the alphabet size, a prime): any single wrong character and any
    swap of two neighbours changes the check character."""
    total = sum(
        (position + 1) * REFERENCE_ALPHABET.index(char) for position, char in enumerate(body)
    )
    return REFERENCE_ALPHABET[total % len(REFERENCE_ALPHABET)]


def new_reference() -> str:
    """A fresh random reference such as "GCK7M3QX9" (caller ensures it is unused)."""
    body = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_BODY_LENGTH))
    return REFERENCE_PREFIX + body + _check_character(body)


def is_valid_reference(reference: str) -> bool:
    match = _REFERENCE_IN_TEXT.fullmatch(reference or "")
    return bool(match) and _check_character(match.group(1)[:-1]) == match.group(1)[-1]


def normalise_description(text: str) -> str:
    """What a bank may have done to our reference, undone: fold diacritics and case, drop every
    character that is not a letter or digit ("GC-k7m3 qx9" -> "GCK7M3QX9")."""
    return re.sub(r"[^A-Z0-9]", "", fold(text).upper())


def find_references(text: str) -> list[str]:
    """Every well-formed reference (right check character) inside a bank description.

    Overlapping matches are tried too: after stripping spaces the bank's own text may run into
    ours ("...CTGCGCK7M3QX9..."), so each "GC" is a possible start.
    """
    normalised = normalise_description(text)
    found: list[str] = []
    for start in range(len(normalised)):
        match = _REFERENCE_IN_TEXT.match(normalised, start)
        if match and is_valid_reference(match.group(0)) and match.group(0) not in found:
            found.append(match.group(0))
    return found


# --- Images ---------------------------------------------------------------------------------------


def _qr(payload: str) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4, box_size=8)
    code.add_data(payload)
    code.make(fit=True)
    return code


def qr_png(payload: str) -> bytes:
    """A PNG of the payload (for emails and the download link)."""
    buffer = io.BytesIO()
    _qr(payload).make_image().save(buffer, format="PNG")
    return buffer.getvalue()


def qr_svg(payload: str) -> str:
    """An inline SVG of the payload (sharp on any screen; no image request)."""
    image = _qr(payload).make_image(image_factory=qrcode.image.svg.SvgPathImage)
    return image.to_string(encoding="unicode")
