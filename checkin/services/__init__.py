"""Every write of the check-in app, one module per thing it acts on.

- ``scans``: ``perform_scan``, the one decision every path uses: read, decide, record, replay
- ``decision``: the venue's rules for one scan (pure)
- ``undo``: undoing a mistaken admission
- ``answers``: what the scanner shows for a scan
- ``uploads``: scans a device made offline, uploaded in a batch
- ``devices``: scanner devices, their tokens and revocation
- ``walk_ins``: registering someone at the desk on the day

Reads (the decision's one SELECT, manifests, search, the dashboard) are in ``checkin.queries``;
who may do what in ``checkin.permissions``.
"""

from .answers import ScanAnswer, scan_message
from .base import CheckinError, undo_window
from .devices import (
    DEVICE_CACHE_SECONDS,
    authenticate_device,
    hash_token,
    register_device,
    revoke_device,
)
from .scans import MAX_CLOCK_SKEW, MAX_CODE_LENGTH, NONCE_PATTERN, perform_scan
from .undo import undo_scan
from .uploads import MAX_BATCH, upload_scans
from .walk_ins import register_walk_in

__all__ = [
    "DEVICE_CACHE_SECONDS",
    "MAX_BATCH",
    "MAX_CLOCK_SKEW",
    "MAX_CODE_LENGTH",
    "NONCE_PATTERN",
    "CheckinError",
    "ScanAnswer",
    "authenticate_device",
    "hash_token",
    "perform_scan",
    "register_device",
    "register_walk_in",
    "revoke_device",
    "scan_message",
    "undo_scan",
    "undo_window",
    "upload_scans",
]
