"""A check-in point linked to an agenda session: same edition only, and without a window of its
own it admits from 30 minutes before the session until its end, following the session when it
moves."""

import datetime
from datetime import timedelta

import pytest
from django.utils import timezone

from checkin.enums import RefusalReason, ScanResult
from checkin.models import CheckinPoint
from checkin.services import perform_scan
from conference.accounts.roles import ORGANIZER

from .conftest import nonce
from .test_api import post, scan_body

pytestmark = pytest.mark.django_db


def make_session(edition, start, end, title="Phiên khai mạc", title_en="Opening plenary"):
    from cms.models import Session

    return Session.objects.create(edition=edition, title=title, title_en=title_en, start=start,
                                  end=end)


def offline_scan(code, point, device, at):
    return perform_scan(code=code, point=point, device=device, nonce=nonce(), scanned_at=at,
                        offline=True)


def test_point_without_window_follows_its_session(edition, attendee_factory, point_factory,
                                                  device_factory):
    now = timezone.now()
    session = make_session(edition, now - timedelta(hours=1), now + timedelta(hours=1))
    point = point_factory(session=session, once=False)
    code, device = attendee_factory().badge.code, device_factory()

    early = offline_scan(code, point, device, session.start - timedelta(minutes=31))
    assert (early.result, early.scan.reason) == (ScanResult.NOT_ADMITTED, RefusalReason.TOO_EARLY)
    doors_open = offline_scan(code, point, device, session.start - timedelta(minutes=29))
    assert doors_open.result == ScanResult.ADMITTED
    assert perform_scan(code=code, point=point, device=device, nonce=nonce()).admitted

    point.opens_at = now - timedelta(hours=5)
    point.save()
    # The point's own opening time wins over the session's; its closing still follows the session.
    assert offline_scan(code, point, device, now - timedelta(hours=4)).admitted
    assert point.window() == (now - timedelta(hours=5), session.end)


def test_moving_the_session_moves_the_door_at_once(client, edition, attendee_factory,
                                                   point_factory, device_factory):
    now = timezone.now()
    session = make_session(edition, now - timedelta(minutes=10), now + timedelta(hours=1))
    point = point_factory(session=session, once=False)
    code, device = attendee_factory().badge.code, device_factory()
    first = post(client, "/api/checkin/scan/", scan_body(code, point), device.token)
    assert first.json()["result"] == ScanResult.ADMITTED  # the scan API now caches the point

    session.start, session.end = now + timedelta(hours=2), now + timedelta(hours=3)
    session.save()
    moved = post(client, "/api/checkin/scan/", scan_body(code, point), device.token,
                 HTTP_ACCEPT_LANGUAGE="en")
    assert moved.status_code == 403
    assert (moved.json()["reason"], moved.json()["message"]) == (
        RefusalReason.TOO_EARLY, "This point is not open yet."
    )


@pytest.mark.django_db(transaction=True)
def test_a_linked_point_costs_no_extra_query(client, edition, attendee_factory, point_factory,
                                             device_factory, django_assert_max_num_queries):
    now = timezone.now()
    session = make_session(edition, now - timedelta(minutes=10), now + timedelta(hours=1))
    point = point_factory(session=session)
    code, device = attendee_factory().badge.code, device_factory()
    post(client, "/api/checkin/scan/", scan_body(code, point), device.token)
    with django_assert_max_num_queries(3):  # PREPARE (new connection per test request), read, write
        response = post(client, "/api/checkin/scan/", scan_body(code, point), device.token)
    assert response.json()["result"] == ScanResult.ALREADY_CHECKED_IN


def test_manifest_and_scanner_show_the_session(client, staff_client, edition, point_factory,
                                               device_factory):
    start = timezone.make_aware(datetime.datetime(2024, 10, 25, 17, 0))
    session = make_session(edition, start, start + timedelta(hours=1),
                           title="Lễ tôn vinh <Lãnh đạo>", title_en="Awards <ceremony>")
    point = point_factory(session=session)
    device = device_factory()

    manifest = client.get(f"/api/checkin/points/{point.pk}/manifest/",
                          HTTP_AUTHORIZATION=f"Device {device.token}").json()
    opens = datetime.datetime.fromisoformat(manifest["point"]["opens_at"])
    closes = datetime.datetime.fromisoformat(manifest["point"]["closes_at"])
    assert (opens, closes, manifest["point"]["session"]) == (
        start - timedelta(minutes=30), start + timedelta(hours=1), session.pk
    )

    points = client.get("/api/checkin/points/", HTTP_AUTHORIZATION=f"Device {device.token}",
                        HTTP_ACCEPT_LANGUAGE="en").json()["points"]
    assert [p["session"] for p in points] == [
        {"id": session.pk, "label": "17:00–18:00 · Awards <ceremony>"}
    ]
    page = staff_client.get("/checkin/").content.decode()
    assert "Lễ tôn vinh &lt;Lãnh đạo&gt;" in page and "<Lãnh đạo>" not in page


def _point_form(edition, session, **extra):
    return {"edition": edition.pk, "name": "Hội trường chính", "name_en": "Main hall",
            "direction": "entry", "once": "on", "session": session.pk, "opens_at": "",
            "closes_at": "", "is_active": "on", "sort_order": 1, **extra}


def test_admin_links_a_session_of_the_same_edition_only(role_client, edition):
    from wagtail.admin.widgets.chooser import BaseChooser
    from wagtail.users.models import UserProfile

    from cms.models import Edition

    other = Edition.objects.create(year=2025, name="Hội thảo 2025", start_date=datetime.date(
        2025, 10, 24), end_date=datetime.date(2025, 10, 24), venue="Furama")
    start = timezone.make_aware(datetime.datetime(2025, 10, 24, 9, 0))
    foreign = make_session(other, start, start + timedelta(hours=1))
    client = role_client(ORGANIZER)

    form = client.get("/admin/checkin_points/new/").context["form"]
    # A searchable chooser, not a select of every session of every edition.
    assert isinstance(form.fields["session"].widget, BaseChooser)
    refused = client.post("/admin/checkin_points/new/", _point_form(edition, foreign))
    assert refused.status_code == 200
    assert list(refused.context["form"].errors) == ["session"]
    assert "Hãy chọn một phiên của cùng kỳ hội thảo với điểm check-in." in (
        refused.content.decode()
    )
    profile = UserProfile.get_for_user(client.user)
    profile.preferred_language = "en"
    profile.save()
    refused = client.post("/admin/checkin_points/new/", _point_form(edition, foreign))
    assert list(refused.context["form"].errors) == ["session"]
    assert "Choose a session of the same edition as the check-in point." in (
        refused.content.decode()
    )
    assert not CheckinPoint.objects.exists()

    own = make_session(edition, timezone.make_aware(datetime.datetime(2024, 10, 25, 9, 0)),
                       timezone.make_aware(datetime.datetime(2024, 10, 25, 10, 30)))
    saved = client.post("/admin/checkin_points/new/", _point_form(edition, own))
    assert saved.status_code == 302, saved.content.decode()[:2000]
    assert CheckinPoint.objects.get().session == own
    data = client.get("/admin/checkin/data.json").json()
    assert [p["session"] for p in data["points"]] == ["09:00–10:30 · Opening plenary"]


def test_deleting_the_session_keeps_the_point(edition, point_factory):
    start = timezone.now()
    session = make_session(edition, start, start + timedelta(hours=1))
    point = point_factory(session=session)
    session.delete()
    point.refresh_from_db()
    assert point.session is None and point.window() == (None, None)


def test_demo_ceremony_door_follows_the_ceremony(demo_programme):
    from checkin.demo import load

    load()
    load()
    door = CheckinPoint.objects.get(edition=demo_programme, name_en__startswith="Leading")
    assert door.session is not None and door.opens_at is None
    opens, closes = door.window()
    local = [timezone.localtime(opens).strftime("%H:%M"), timezone.localtime(closes).strftime(
        "%H:%M")]
    assert local == ["16:30", "18:00"]
