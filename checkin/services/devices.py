"""Scanner devices: registered to a staff member, authenticated by a token, revocable."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.common.services import record_audit

from ..models import Device
from ..scan_cache import scan_cache
from .base import CheckinError

DEVICE_CACHE_SECONDS = 60


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def register_device(*, user, name: str, user_agent: str = "") -> tuple[Device, str]:
    """Register a scanner device to a staff member; returns the device and its token, shown
    once (only its hash is kept)."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        device = Device.objects.create(
            user=user,
            name=(name or "").strip()[:100] or _("Scanner"),
            token_hash=hash_token(token),
            token_hint=token[:6],
            user_agent=(user_agent or "")[:255],
        )
        record_audit(action="checkin.device_registered", obj=device, actor=user,
                     device=device.name)
    return device, token


def revoke_device(*, device: Device, by, reason: str = "") -> Device:
    """Revoke a device: its scans and offline uploads are refused from now on."""
    with transaction.atomic():
        device = Device.objects.select_for_update().get(pk=device.pk)
        if device.revoked_at is None:
            device.revoked_at = timezone.now()
            device.revoked_reason = (reason or "")[:255]
            device.save(update_fields=["revoked_at", "revoked_reason"])
            record_audit(action="checkin.device_revoked", obj=device, actor=by,
                         data={"reason": device.revoked_reason})
        scan_cache.bump()
    return device


def authenticate_device(token: str | None) -> Device:
    """The active device holding ``token``, whose owner may scan; CheckinError (401/403) otherwise.

    Kept for a minute in the scan cache (checkin.scan_cache) so that a scan costs no query here;
    revoking a device takes effect at once, a role removed from its owner within the minute.
    """
    if not token or len(token) > 100:
        raise CheckinError(_("This scanner is not registered."), code="device_unknown", status=401)
    token_hash = hash_token(token)
    device, may_scan = scan_cache.get(("device", token_hash), lambda: _load_device(token_hash),
                                      DEVICE_CACHE_SECONDS)
    if device.revoked_at is not None:
        raise CheckinError(
            _("This scanner has been revoked: %(reason)s")
            % {"reason": device.revoked_reason or _("no reason given")},
            code="device_revoked",
            status=403,
        )
    if not may_scan:
        raise CheckinError(_("The staff account of this scanner may not scan badges."),
                           code="device_not_allowed", status=403)
    return device


def _load_device(token_hash: str) -> tuple[Device, bool]:
    device = Device.objects.select_related("user").filter(token_hash=token_hash).first()
    if device is None:
        raise CheckinError(_("This scanner is not registered."), code="device_unknown",
                           status=401)
    may_scan = device.user.has_perm("checkin.scan_badges")
    if device.revoked_at is None:
        Device.objects.filter(pk=device.pk).update(last_seen_at=timezone.now())
    return device, may_scan
