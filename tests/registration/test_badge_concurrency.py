"""Real concurrent transactions on PostgreSQL: reissues and batch workers racing."""

import pytest
from django.test.utils import override_settings

from conference.common.models import AuditEntry
from conference.registration.badges.services import (
    reissue_badge,
    render_badge_batch,
    start_badge_batch,
)
from conference.registration.enums import BadgeBatchStatus, BadgeSelection
from conference.registration.models import Badge, BadgeBatch

from ..concurrency import race
from .badge_fixtures import *  # noqa: F403


@pytest.mark.django_db(transaction=True)
def test_concurrent_reissues_leave_exactly_one_active_badge(make_attendee):
    attendee = make_attendee()
    first = Badge.objects.get(attendee=attendee)
    results, errors = race([
        lambda: reissue_badge(attendee=attendee, by=None, reason="lost", notify=False),
        lambda: reissue_badge(attendee=attendee, by=None, reason="name corrected",
                              notify=False),
        lambda: reissue_badge(attendee=attendee, by=None, reason="damaged", notify=False),
    ])
    assert errors == []
    assert len(results) == 3
    active = list(Badge.objects.filter(attendee=attendee, revoked_at__isnull=True))
    assert len(active) == 1
    assert Badge.objects.filter(attendee=attendee).count() == 4
    revoked = Badge.objects.filter(attendee=attendee, revoked_at__isnull=False)
    assert first.pk in {b.pk for b in revoked}
    assert sorted(b.revoked_reason for b in revoked) == ["damaged", "lost", "name corrected"]


@pytest.mark.django_db(transaction=True)
def test_two_workers_on_one_batch_render_it_once(make_attendee, edition, desk_user):
    for name in ("An", "Bình", "Chi", "Dũng"):
        make_attendee(name)
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        batch = start_badge_batch(edition=edition, selection=BadgeSelection.ALL, by=desk_user)
    results, errors = race([
        lambda: render_badge_batch(batch_id=batch.pk),
        lambda: render_badge_batch(batch_id=batch.pk),
    ])
    assert errors == []
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.total) == (BadgeBatchStatus.DONE, 4, 4)
    assert AuditEntry.objects.filter(action="badge_batch.rendered").count() == 1
    assert BadgeBatch.objects.count() == 1
