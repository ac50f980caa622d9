"""Attendees, doors and scans on the day (25/10/2024) for the certificate tests; the check-in
factories are shared with tests/checkin."""

import datetime
import uuid
from zoneinfo import ZoneInfo

import pytest

from tests.checkin.conftest import (  # noqa: F401  (fixtures)
    attendee_factory,
    category_factory,
    delegate,
    device_factory,
    point_factory,
    role_client,
    staff_factory,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(hour: int, minute: int = 0, day: int = 25) -> datetime.datetime:
    return datetime.datetime(2024, 10, day, hour, minute, tzinfo=VN)


@pytest.fixture
def scan(device_factory):  # noqa: F811  (the imported fixture)
    """``scan(attendee, point, when)``: the badge admitted (or not) at ``point`` as uploaded by a
    scanner that was offline at ``when``; returns the answer."""
    from checkin.services import perform_scan

    device = device_factory()

    def make(attendee, point, when=None):
        return perform_scan(code=attendee.badge.code, point=point, device=device,
                            nonce=uuid.uuid4().hex, scanned_at=when or at(8), offline=True,
                            local_result="admitted")

    return make


@pytest.fixture
def session_factory(edition):
    from cms.models import Session

    def make(title="Phiên toàn thể", title_en="Plenary session", start=None, minutes=60):
        start = start or at(9)
        return Session.objects.create(edition=edition, title=title, title_en=title_en,
                                      start=start, end=start + datetime.timedelta(minutes=minutes))

    return make
