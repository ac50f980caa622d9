"""Checking evidence files by their content, never by their name.

Only PDFs and raster images (PNG, JPEG, WebP) are accepted. An ``.exe`` renamed ``.pdf`` or an
HTML page renamed ``.png`` is refused: PDFs must start with ``%PDF-`` and parse, images must be
decoded by Pillow as one of the accepted formats.
"""

import hashlib
import io
import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from conference.common.exceptions import DomainError

logger = logging.getLogger(__name__)

_IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
# Images bigger than this are refused before Pillow decodes them (decompression bombs).
_MAX_PIXELS = 40_000_000


class EvidenceRejected(DomainError):
    code = "file_rejected"


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    content_type: str
    sha256: str


def max_evidence_bytes() -> int:
    return settings.AWARDS_MAX_EVIDENCE_BYTES


def check_evidence(upload) -> CheckedFile:
    """Read an uploaded file and tell what it really is; raise EvidenceRejected otherwise."""
    limit = max_evidence_bytes()
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise _too_big(limit)
    upload.seek(0)
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise _too_big(limit)
    if not content:
        raise EvidenceRejected(_("The file is empty."), code="file_empty")
    if content.startswith(b"%PDF-"):
        _check_pdf(content)
        content_type = "application/pdf"
    else:
        content_type = _check_image(content)
    return CheckedFile(content, content_type, hashlib.sha256(content).hexdigest())


def _too_big(limit: int) -> EvidenceRejected:
    return EvidenceRejected(
        _("The file is larger than %(size)s MB.") % {"size": limit // (1024 * 1024)},
        code="file_too_big",
    )


def _not_accepted() -> EvidenceRejected:
    return EvidenceRejected(
        _("Only PDF documents and PNG, JPEG or WebP images are accepted; this file is neither."),
        code="file_type",
    )


def _check_pdf(content: bytes) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            raise EvidenceRejected(
                _("Password-protected PDFs cannot be read by the judges; please upload it "
                  "without a password."),
                code="file_encrypted",
            )
        if len(reader.pages) < 1:
            raise _not_accepted()
    except EvidenceRejected:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        logger.info("Evidence PDF refused: %s", exc)
        raise EvidenceRejected(_("This PDF is damaged and cannot be opened."),
                               code="file_damaged") from exc


def _check_image(content: bytes) -> str:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(content)) as image:
            kind = image.format
            if kind not in _IMAGE_TYPES:
                raise _not_accepted()
            width, height = image.size
            if width * height > _MAX_PIXELS:
                raise EvidenceRejected(_("The image is too large (too many pixels)."),
                                       code="file_too_big")
            image.verify()
    except EvidenceRejected:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError) as exc:
        raise _not_accepted() from exc
    return _IMAGE_TYPES[kind]
