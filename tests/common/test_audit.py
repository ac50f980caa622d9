"""The audit log is append-only and records who, what, when, on which object, from which device."""

import pytest

from conference.common.models import AuditEntry
from conference.common.services import record_audit


def test_record_audit_keeps_who_what_which_and_device(user_factory):
    organizer = user_factory(email="btc@govconf.vn", first_name="Lan", last_name="Trần Thị")
    entry = record_audit(
        action="registration.approve", obj=organizer, actor=organizer,
        device="Quầy 2 – iPad", ip_address="203.113.1.10", data={"category": "VIP"},
    )
    entry.refresh_from_db()
    assert (entry.action, entry.actor, entry.object_type, entry.object_id, entry.object_repr) == (
        "registration.approve", organizer, "accounts.user", str(organizer.pk), "Trần Thị Lan"
    )
    assert (entry.device, entry.ip_address, entry.data) == (
        "Quầy 2 – iPad", "203.113.1.10", {"category": "VIP"}
    )
    assert entry.created_at is not None


def test_anonymous_actor_is_stored_as_none(db):
    from django.contrib.auth.models import AnonymousUser

    entry = record_audit(action="checkin.scan", actor=AnonymousUser(), device="cổng A")
    assert entry.actor is None and entry.object_type == ""


def test_entries_cannot_be_changed_or_deleted(db):
    entry = record_audit(action="edition.publish")
    entry.action = "something else"
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    with pytest.raises(ValueError, match="append-only"):
        entry.delete()
    assert AuditEntry.objects.get().action == "edition.publish"
