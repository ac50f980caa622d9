"""What the scanner shows for a scan: the colour, the sentence, who it is and why."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from conference.common.i18n import localized

from ..enums import RESULT_COLOUR, Direction, RefusalReason, ScanResult
from ..models import Scan
from ..queries import Admission, Holder
from ..signals import scan_answer_details
from .base import undo_window


@dataclass
class ScanAnswer:
    """What the scanner shows: the decision, with who it is and why."""

    scan: Scan
    # Who the badge belongs to (None for a code that is not one of ours).
    holder: Holder | None = None
    replayed: bool = False
    # The earlier admission that makes this one "already checked in".
    previous: Admission | None = None
    extra: dict = field(default_factory=dict)

    @property
    def result(self) -> str:
        return self.scan.result

    @property
    def admitted(self) -> bool:
        return self.scan.result == ScanResult.ADMITTED

    def as_dict(self) -> dict:
        scan = self.scan
        data = {
            "result": scan.result,
            "colour": RESULT_COLOUR[scan.result],
            "reason": scan.reason,
            "message": scan_message(scan, self.previous),
            "scan_id": scan.pk,
            "nonce": scan.nonce,
            "code": scan.result,
            "badge_code": scan.code,
            "point": scan.point_id,
            "direction": scan.direction,
            "scanned_at": scan.scanned_at.isoformat(),
            "replayed": self.replayed,
            "conflict": scan.conflict_with_id is not None,
            "attendee": _attendee(self.holder),
            "previous": None,
            "undo_until": None,
        }
        if self.previous is not None:
            data["previous"] = {
                "at": self.previous.scanned_at.isoformat(),
                "at_display": _local_time(self.previous.scanned_at),
                "point": localized(self.previous, "point_name"),
                "device": self.previous.device_name,
            }
        if scan.result == ScanResult.ADMITTED and scan.undone_at is None:
            data["undo_until"] = (scan.recorded_at + undo_window()).isoformat()
        if (scan.result == ScanResult.ADMITTED and scan.attendee_id
                and scan.direction == Direction.ENTRY):
            for _receiver, extra in scan_answer_details.send(sender=Scan, scan=scan):
                if extra:
                    data.update(extra)
        return data


def _attendee(holder: Holder | None) -> dict | None:
    if holder is None:
        return None
    return {
        "name": holder.full_name,
        "organisation": holder.organisation,
        "position": holder.position,
        "category": localized(holder, "category_name"),
        "colour": holder.badge_color,
        "role": localized(holder, "role_label"),
    }


def _local_time(moment: datetime) -> str:
    """"08:12 27/11/2026" in the venue's time (date_format's "H:i d/m/Y", which has no word to
    translate: digits only, formatted directly)."""
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


def scan_message(scan: Scan, previous: Admission | None = None) -> str:
    """The sentence shown under the colour, in the active language."""
    result = scan.result
    if result == ScanResult.ADMITTED:
        if scan.conflict_with_id:
            return _(
                "Admitted offline, but already admitted at this point: recorded as a conflict."
            )
        if scan.direction == Direction.EXIT:
            return _("Exit recorded.")
        return _("Welcome!")
    if result == ScanResult.ALREADY_CHECKED_IN:
        if previous is not None:
            return _("Already checked in at %(time)s, %(point)s (%(device)s).") % {
                "time": _local_time(previous.scanned_at),
                "point": localized(previous, "point_name"),
                "device": previous.device_name,
            }
        return _("Already checked in at this point.")
    if result == ScanResult.NOT_ADMITTED:
        return {
            RefusalReason.CATEGORY: _("This category is not admitted at this point."),
            RefusalReason.NOT_CONFIRMED: _("The registration is not confirmed."),
            RefusalReason.TOO_EARLY: _("This point is not open yet."),
            RefusalReason.TOO_LATE: _("This point has closed."),
            RefusalReason.WRONG_EDITION: _("This badge is for another edition."),
            RefusalReason.POINT_CLOSED: _("This check-in point is closed."),
        }.get(scan.reason, _("Not admitted here."))
    if result == ScanResult.REVOKED:
        return _("This badge has been revoked; a newer badge was issued or it was cancelled.")
    if result == ScanResult.UNKNOWN:
        return _("Unknown code: this is not one of our badges.")
    return _("This is not a badge code.")
