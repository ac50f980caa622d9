"""Checking uploaded files by their content, never by their name (award evidence, press cards,
portrait photos).

Only PDFs and raster images (PNG, JPEG, WebP) are accepted. An ``.exe`` renamed ``.pdf`` or an
HTML page renamed ``.png`` is refused: PDFs must start with ``%PDF-`` and parse, images must be
decoded by Pillow as one of the accepted formats.
"""

import hashlib
import io
import logging
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .exceptions import DomainError

logger = logging.getLogger(__name__)

IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
# Images bigger than this are refused before Pillow decodes them (decompression bombs).
MAX_PIXELS = 40_000_000


class FileRejected(DomainError):
    code = "file_rejected"


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    content_type: str
    sha256: str


def check_file(upload, *, limit: int, pdf: bool = True,
               encrypted_message: str = "") -> CheckedFile:
    """Read an uploaded file and tell what it really is; raise FileRejected otherwise.

    ``pdf=False`` accepts images only (a portrait photo). ``encrypted_message`` replaces the
    message for a password-protected PDF (who could not read it).
    """
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise _too_big(limit)
    upload.seek(0)
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise _too_big(limit)
    if not content:
        raise FileRejected(_("The file is empty."), code="file_empty")
    if content.startswith(b"%PDF-"):
        if not pdf:
            raise _not_an_image()
        _check_pdf(content, encrypted_message)
        content_type = "application/pdf"
    else:
        content_type = _check_image(content, pdf=pdf)
    return CheckedFile(content, content_type, hashlib.sha256(content).hexdigest())


def _too_big(limit: int) -> FileRejected:
    return FileRejected(
        _("The file is larger than %(size)s MB.") % {"size": limit // (1024 * 1024)},
        code="file_too_big",
    )


def _not_accepted() -> FileRejected:
    return FileRejected(
        _("Only PDF documents and PNG, JPEG or WebP images are accepted; this file is neither."),
        code="file_type",
    )


def _not_an_image() -> FileRejected:
    return FileRejected(_("Only PNG, JPEG or WebP images are accepted; this file is not one."),
                        code="file_type")


def _check_pdf(content: bytes, encrypted_message: str) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            raise FileRejected(
                encrypted_message or _("Password-protected PDFs cannot be opened; please upload "
                                       "it without a password."),
                code="file_encrypted",
            )
        if len(reader.pages) < 1:
            raise _not_accepted()
    except FileRejected:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        logger.info("Uploaded PDF refused: %s", exc)
        raise FileRejected(_("This PDF is damaged and cannot be opened."),
                           code="file_damaged") from exc


def _check_image(content: bytes, *, pdf: bool) -> str:
    from PIL import Image, UnidentifiedImageError

    refuse = _not_accepted if pdf else _not_an_image
    try:
        with Image.open(io.BytesIO(content)) as image:
            kind = image.format
            if kind not in IMAGE_TYPES:
                raise refuse()
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise FileRejected(_("The image is too large (too many pixels)."),
                                   code="file_too_big")
            image.verify()
    except FileRejected:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError) as exc:
        raise refuse() from exc
    return IMAGE_TYPES[kind]
