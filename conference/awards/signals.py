"""What awards announces to the apps built on it.

The public verification page (``/awards/certificates/<code>/``) is the one address every
certificate of the conference prints in its QR code. Award certificates are looked up here; other
kinds (attendance certificates, in ``conference.certificates``) answer this signal.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.dispatch import Signal

#: Sent by the verification page when no award certificate has the code. A receiver that knows
#: the code returns a :class:`VerifiedDocument`, otherwise None.
#:
#: Arguments: ``code`` (as typed or scanned, at most 64 characters).
verify_certificate = Signal()


@dataclass(frozen=True)
class VerifiedDocument:
    """What the verification page shows about a certificate that is not an award's."""

    kind: str  # "Attendance certificate", translated by the receiver
    holder: str  # the person's name
    edition: str
    issued_at: datetime
    code: str
    revoked_at: datetime | None = None
    details: list[tuple[str, str]] = field(default_factory=list)  # (label, value) rows
    attended_on: str = ""  # the day(s) attended, dd/mm/yyyy


def find_document(code: str) -> VerifiedDocument | None:
    """The first receiver's answer for ``code``, or None."""
    for _receiver, answer in verify_certificate.send(sender=VerifiedDocument, code=code):
        if answer is not None:
            return answer
    return None
