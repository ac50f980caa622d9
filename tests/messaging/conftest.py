"""Messaging tests build on the check-in fixtures (attendees with badges, points, devices)."""

from tests.checkin.conftest import (  # noqa: F401 (fixtures)
    attendee_factory,
    category_factory,
    delegate,
    device_factory,
    point_factory,
    staff_factory,
)
