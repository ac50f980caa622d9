"""Feedback tests: an edition happening today, a session that started an hour ago, attendees."""

import datetime

import pytest
from django.utils import timezone

from tests.checkin.conftest import (  # noqa: F401 (fixtures)
    attendee_factory,
    category_factory,
    delegate,
)


@pytest.fixture
def today_edition(edition):
    today = timezone.localdate()
    edition.start_date = edition.end_date = today
    edition.save()
    return edition


@pytest.fixture
def session_factory(today_edition):
    from cms.models import Session

    def make(title="Chính phủ số và dữ liệu mở", starts_in=datetime.timedelta(hours=-1),
             **fields):
        start = timezone.now() + starts_in
        return Session.objects.create(edition=fields.pop("edition", today_edition), title=title,
                                      title_en=fields.pop("title_en", "Open data"),
                                      start=start, end=start + datetime.timedelta(hours=1),
                                      **fields)

    return make


@pytest.fixture
def attendee_user(user_factory, attendee_factory):  # noqa: F811 (the fixture imported above)
    """A signed-in delegate with a confirmed registration for the edition."""
    user = user_factory(email="thi@mof.gov.vn")
    attendee_factory("Nguyễn Thị Anh Thi", email="thi@mof.gov.vn", user=user)
    return user
