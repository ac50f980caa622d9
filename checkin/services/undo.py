"""Undoing a mistaken admission, by the staff member who made it, within the undo window."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.common.services import record_audit

from ..enums import ScanResult
from ..models import Device, Scan
from .base import CheckinError, undo_window


def undo_scan(*, scan: Scan, by, device: Device | None = None) -> Scan:
    """Undo a mistaken admission: only by the staff member who made it, within the undo window.

    The admission stops counting (the badge may be admitted again at an entry-once point).
    """
    with transaction.atomic():
        scan = Scan.objects.select_for_update().select_related("point").get(pk=scan.pk)
        if by is None or scan.by_id != by.pk:
            raise CheckinError(_("Only the staff member who made a scan can undo it."),
                               code="not_your_scan", status=403)
        if scan.result != ScanResult.ADMITTED:
            raise CheckinError(_("Only an admission can be undone."), code="not_undoable",
                               status=409)
        if scan.undone_at is not None:
            raise CheckinError(_("This scan has already been undone."), code="already_undone",
                               status=409)
        if timezone.now() > scan.recorded_at + undo_window():
            raise CheckinError(
                _("Too late to undo: a scan can be undone within %(minutes)s minutes.")
                % {"minutes": int(undo_window().total_seconds() // 60)},
                code="undo_expired", status=409,
            )
        scan.undone_at = timezone.now()
        scan.save(update_fields=["undone_at"])
        record_audit(action="checkin.scan_undone", obj=scan, actor=by,
                     device=device.name if device else scan.device.name,
                     data={"code": scan.code, "point": scan.point_id})
    return scan
