"""Checking evidence files by their content, never by their name.

The checks themselves are shared (``conference.common.files``: press cards and photos are checked
the same way); evidence adds its size limit and what the judges could not read.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from conference.common.files import CheckedFile, FileRejected, check_file

# The name the awards code and its tests know.
EvidenceRejected = FileRejected

__all__ = ["CheckedFile", "EvidenceRejected", "check_evidence", "max_evidence_bytes"]


def max_evidence_bytes() -> int:
    return settings.AWARDS_MAX_EVIDENCE_BYTES


def check_evidence(upload) -> CheckedFile:
    """Read an uploaded file and tell what it really is; raise EvidenceRejected otherwise."""
    return check_file(
        upload, limit=max_evidence_bytes(),
        encrypted_message=_("Password-protected PDFs cannot be read by the judges; please "
                            "upload it without a password."),
    )
