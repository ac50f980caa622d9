"""Badge codes: opaque, random, unique, quick to scan.

The code carries no personal data. Its alphabet has no look-alike characters (no 0/O, 1/I/L, 2/Z,
5/S, 8/B) and fits QR alphanumeric mode (upper-case letters and digits), which keeps the QR small
enough to scan from a distance. 22 characters of a 25-letter alphabet give 102 bits of randomness.
"""

import math
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from conference.common.services import record_audit

from ..models import Attendee, Badge

CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 22
CODE_BITS = CODE_LENGTH * math.log2(len(CODE_ALPHABET))


def generate_badge_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str) -> str:
    """What a scanner read, as stored: trimmed and upper-cased (keyboard wedges may send lower)."""
    return (raw or "").strip().upper()


def is_well_formed(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in code)


def active_badge(attendee: Attendee) -> Badge | None:
    return attendee.badges.filter(revoked_at__isnull=True).first()


def issue_badge(*, attendee: Attendee, by=None, reason: str = "", device: str = "") -> Badge:
    """Give the attendee a new badge code, revoking the one they had (if any).

    Runs in its own transaction (or joins the caller's). The attendee row is locked so that two
    concurrent reissues cannot both leave an active badge (a partial unique constraint
    backs this).
    """
    with transaction.atomic():
        Attendee.objects.select_for_update().filter(pk=attendee.pk).first()
        now = timezone.now()
        previous = list(attendee.badges.select_for_update().filter(revoked_at__isnull=True))
        for badge in previous:
            badge.revoked_at = now
            badge.revoked_reason = reason[:255]
            badge.save(update_fields=["revoked_at", "revoked_reason"])
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    badge = Badge.objects.create(attendee=attendee, code=generate_badge_code())
                break
            except IntegrityError:  # a code collision: astronomically unlikely, try again
                continue
        else:
            raise RuntimeError("Could not generate a unique badge code.")
        record_audit(
            action="badge.reissued" if previous else "badge.issued",
            obj=badge,
            actor=by,
            device=device,
            data={"attendee": attendee.pk, "revoked": [b.code for b in previous], "reason": reason},
        )
    return badge
