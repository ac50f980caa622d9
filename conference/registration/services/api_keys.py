"""Keys for writes to the JSON registration API (kiosks, partner sites)."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from conference.common.db import first_row
from conference.common.services import record_audit

from ..models import ApiKey

# How exact "last used" is: a kiosk posting many registrations a second would otherwise write its
# key's row on every one of them (a registration surge is made of such requests).
LAST_USED_PRECISION = timedelta(minutes=1)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue_api_key(*, name: str, by) -> tuple[ApiKey, str]:
    """A new key for ``name``: returns the row and the key itself, which is shown once and
    never stored (only its SHA-256 is). Audited."""
    key = "gck_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        api_key = ApiKey.objects.create(name=name.strip()[:100], key_hash=_hash(key),
                                        key_hint=key[:8], created_by=by)
        record_audit(action="registration.api_key_issued", obj=api_key, actor=by)
    return api_key, key


def revoke_api_key(*, api_key: ApiKey, by, reason: str = "") -> ApiKey:
    """Refuse the key from now on (idempotent). Audited."""
    with transaction.atomic():
        api_key = ApiKey.objects.select_for_update().get(pk=api_key.pk)
        if api_key.revoked_at is None:
            api_key.revoked_at = timezone.now()
            api_key.revoked_reason = reason[:255]
            api_key.save(update_fields=["revoked_at", "revoked_reason"])
            record_audit(action="registration.api_key_revoked", obj=api_key, actor=by,
                         data={"reason": reason[:255]})
    return api_key


def api_key_for(key: str) -> ApiKey | None:
    """The active key ``key`` names, its last use noted (to the minute: written at most once a
    minute); None for an unknown or revoked key."""
    if not key or len(key) > 200:
        return None
    # Prepared: every request of a kiosk's surge asks, and a revoked key must fail at once.
    api_key = first_row(ApiKey, {"key_hash": _hash(key)}, null=("revoked_at",))
    now = timezone.now()
    if api_key is not None and (
        api_key.last_used_at is None or api_key.last_used_at <= now - LAST_USED_PRECISION
    ):
        api_key.last_used_at = now
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
    return api_key
