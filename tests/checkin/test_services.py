import datetime
from datetime import timedelta

import pytest
from django.utils import timezone

from checkin.enums import Direction, RefusalReason, ScanResult
from checkin.models import Scan
from checkin.services import CheckinError, perform_scan, undo_scan, upload_scans
from conference.common.models import AuditEntry
from conference.registration.badges import issue_badge
from conference.registration.enums import RegistrationStatus

from .conftest import nonce

pytestmark = pytest.mark.django_db


def scan(code, point, device, **kwargs):
    return perform_scan(code=code, point=point, device=device, nonce=kwargs.pop("nonce", nonce()),
                        scanned_at=kwargs.pop("scanned_at", None), by=kwargs.pop("by", None),
                        **kwargs)


def test_first_scan_admits_second_is_already_checked_in_with_when_and_where(
    attendee_factory, point_factory, device_factory
):
    attendee = attendee_factory()
    point = point_factory(once=True)
    door_a, door_b = device_factory(name="Cửa A"), device_factory(name="Cửa B")

    first = scan(attendee.badge.code, point, door_a)
    second = scan(attendee.badge.code.lower() + "\n", point, door_b)

    assert first.result == ScanResult.ADMITTED
    assert first.as_dict()["attendee"]["name"] == "Nguyễn Thị Anh Thi"
    assert first.as_dict()["attendee"]["category"] == "Đại biểu"
    assert first.as_dict()["colour"] == "green"
    assert second.result == ScanResult.ALREADY_CHECKED_IN
    data = second.as_dict()
    assert data["colour"] == "amber"
    assert data["previous"]["point"] == "Cửa chính"
    assert data["previous"]["device"] == "Cửa A"
    assert data["previous"]["at"] == first.scan.scanned_at.isoformat()
    assert "Cửa A" in data["message"]
    assert Scan.objects.filter(attendee=attendee).count() == 2
    assert second.scan.device == door_b and second.scan.by == door_b.user


def test_the_amber_answer_names_the_first_admission_in_the_venues_time_and_language(
    attendee_factory, point_factory, device_factory, delegate
):
    from zoneinfo import ZoneInfo

    from django.utils import translation

    delegate.role_label, delegate.role_label_en = "Khách mời", "Guest"
    delegate.save()
    attendee = attendee_factory()
    point = point_factory(name="Hội trường Ngũ Hành Sơn", name_en="Ngu Hanh Son Hall", once=True)
    first = scan(attendee.badge.code, point, device_factory(name="Cửa 2"))
    second = scan(attendee.badge.code, point, device_factory())
    # Written out here, not through the code under test: Đà Nẵng's clock, dd/mm/yyyy.
    venue = first.scan.scanned_at.astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
    shown = f"{venue.hour:02d}:{venue.minute:02d} {venue.day:02d}/{venue.month:02d}/{venue.year}"
    with translation.override("vi"):
        vi = second.as_dict()
    with translation.override("en"):
        en = second.as_dict()
    assert vi["previous"]["at_display"] == en["previous"]["at_display"] == shown
    assert vi["message"] == f"Đã check-in lúc {shown}, tại Hội trường Ngũ Hành Sơn (Cửa 2)."
    assert en["message"] == f"Already checked in at {shown}, Ngu Hanh Son Hall (Cửa 2)."
    assert (vi["previous"]["point"], en["previous"]["point"]) == (
        "Hội trường Ngũ Hành Sơn", "Ngu Hanh Son Hall")
    assert (vi["attendee"]["category"], en["attendee"]["category"]) == ("Đại biểu", "Delegate")
    assert (vi["attendee"]["role"], en["attendee"]["role"]) == ("Khách mời", "Guest")


def test_many_point_admits_every_time(attendee_factory, point_factory, device_factory):
    attendee = attendee_factory()
    point = point_factory(once=False)
    device = device_factory()
    results = [scan(attendee.badge.code, point, device).result for _ in range(3)]
    assert results == [ScanResult.ADMITTED] * 3
    assert Scan.objects.filter(counts_once=True).count() == 0


@pytest.mark.parametrize(
    ("setup", "reason"),
    [
        ("category", RefusalReason.CATEGORY),
        ("not_confirmed", RefusalReason.NOT_CONFIRMED),
        ("too_early", RefusalReason.TOO_EARLY),
        ("too_late", RefusalReason.TOO_LATE),
        ("inactive", RefusalReason.POINT_CLOSED),
    ],
)
def test_not_admitted_here_says_why(
    setup, reason, attendee_factory, point_factory, device_factory, category_factory
):
    now = timezone.now()
    vip = category_factory(code="vip")
    attendee = attendee_factory(
        status=RegistrationStatus.PENDING_APPROVAL if setup == "not_confirmed"
        else RegistrationStatus.CONFIRMED
    )
    fields = {
        "category": {"categories": [vip]},
        "too_early": {"opens_at": now + timedelta(hours=1)},
        "too_late": {"opens_at": now - timedelta(hours=2), "closes_at": now - timedelta(hours=1)},
        "inactive": {"is_active": False},
    }.get(setup, {})
    point = point_factory(**fields)
    answer = scan(attendee.badge.code, point, device_factory())
    assert (answer.result, answer.scan.reason) == (ScanResult.NOT_ADMITTED, reason)
    assert answer.as_dict()["colour"] == "red"
    assert Scan.objects.get().result == ScanResult.NOT_ADMITTED


def test_category_admitted_when_listed(attendee_factory, point_factory, device_factory, delegate):
    attendee = attendee_factory()
    point = point_factory(categories=[delegate])
    assert scan(attendee.badge.code, point, device_factory()).result == ScanResult.ADMITTED


def test_wrong_edition_badge(attendee_factory, point_factory, device_factory):
    from cms.models import Edition

    other = Edition.objects.create(year=2025, name="2025", start_date=datetime.date(2025, 10, 1),
                                   end_date=datetime.date(2025, 10, 1), venue="Đà Nẵng")
    attendee = attendee_factory()
    answer = scan(attendee.badge.code, point_factory(edition=other), device_factory())
    assert (answer.result, answer.scan.reason) == (
        ScanResult.NOT_ADMITTED, RefusalReason.WRONG_EDITION
    )


def test_revoked_unknown_malformed(attendee_factory, point_factory, device_factory):
    attendee = attendee_factory()
    old_code = attendee.badge.code
    new = issue_badge(attendee=attendee, reason="lost")
    point, device = point_factory(), device_factory()

    assert scan(old_code, point, device).result == ScanResult.REVOKED
    assert scan("A" * 22, point, device).result == ScanResult.UNKNOWN
    assert scan("https://evil.example/?x=1", point, device).result == ScanResult.MALFORMED
    assert scan("", point, device).result == ScanResult.MALFORMED
    oversized = scan("X" * 100_000, point, device)
    assert oversized.result == ScanResult.MALFORMED
    assert len(oversized.scan.code) == 64
    assert scan(new.code, point, device).result == ScanResult.ADMITTED
    assert Scan.objects.count() == 6


def test_same_nonce_returns_first_answer_and_changes_nothing(
    attendee_factory, point_factory, device_factory
):
    attendee = attendee_factory()
    point, device = point_factory(), device_factory()
    first = scan(attendee.badge.code, point, device, nonce="nonce-0001")
    again = scan(attendee.badge.code, point, device, nonce="nonce-0001")
    assert first.result == again.result == ScanResult.ADMITTED
    assert again.replayed and again.scan.pk == first.scan.pk
    assert Scan.objects.count() == 1
    # A different badge under a used nonce still gets the first answer (the retry wins).
    other = attendee_factory(full_name="Trần Văn Bình")
    assert scan(other.badge.code, point, device, nonce="nonce-0001").scan.pk == first.scan.pk
    assert Scan.objects.count() == 1


def test_replayed_already_checked_in_still_says_when(attendee_factory, point_factory,
                                                     device_factory):
    attendee = attendee_factory()
    point, device = point_factory(), device_factory(name="Cửa A")
    scan(attendee.badge.code, point, device)
    amber = scan(attendee.badge.code, point, device, nonce="retry-nonce-1")
    replay = scan(attendee.badge.code, point, device, nonce="retry-nonce-1")
    assert replay.replayed
    assert replay.as_dict()["previous"] == amber.as_dict()["previous"]
    # Who it is comes back too, read again from the recorded scan's rows.
    assert replay.as_dict()["attendee"] == amber.as_dict()["attendee"]
    assert replay.as_dict()["attendee"]["name"] == "Nguyễn Thị Anh Thi"


def test_bad_nonce_is_refused(attendee_factory, point_factory, device_factory):
    with pytest.raises(CheckinError) as info:
        scan("A" * 22, point_factory(), device_factory(), nonce="x")
    assert info.value.code == "bad_nonce"
    assert Scan.objects.count() == 0


def test_undo_by_same_staff_within_window(attendee_factory, point_factory, device_factory,
                                          staff_factory):
    attendee = attendee_factory()
    point, device = point_factory(), device_factory()
    first = scan(attendee.badge.code, point, device)

    with pytest.raises(CheckinError) as info:
        undo_scan(scan=first.scan, by=staff_factory())
    assert info.value.code == "not_your_scan"

    undo_scan(scan=first.scan, by=device.user)
    assert AuditEntry.objects.filter(action="checkin.scan_undone").count() == 1
    with pytest.raises(CheckinError) as info:
        undo_scan(scan=first.scan, by=device.user)
    assert info.value.code == "already_undone"
    # The badge may be admitted again after the undo.
    assert scan(attendee.badge.code, point, device).result == ScanResult.ADMITTED


def test_undo_window_expires(attendee_factory, point_factory, device_factory):
    attendee = attendee_factory()
    device = device_factory()
    first = scan(attendee.badge.code, point_factory(), device)
    Scan.objects.filter(pk=first.scan.pk).update(
        recorded_at=timezone.now() - timedelta(minutes=6)
    )
    with pytest.raises(CheckinError) as info:
        undo_scan(scan=first.scan, by=device.user)
    assert info.value.code == "undo_expired"


def test_exit_lets_badge_enter_again(attendee_factory, point_factory, device_factory):
    attendee = attendee_factory()
    hall = point_factory(name="Hội trường", once=True)
    hall_exit = point_factory(name="Cửa ra hội trường", direction=Direction.EXIT, reopens=hall)
    device = device_factory()
    code = attendee.badge.code
    assert scan(code, hall, device).result == ScanResult.ADMITTED
    assert scan(code, hall, device).result == ScanResult.ALREADY_CHECKED_IN
    out = scan(code, hall_exit, device)
    assert (out.result, out.as_dict()["message"]) == (ScanResult.ADMITTED, "Đã ghi nhận ra.")
    assert scan(code, hall, device).result == ScanResult.ADMITTED
    assert Scan.objects.filter(point=hall, result=ScanResult.ADMITTED).count() == 2


def test_offline_admission_at_two_doors_is_a_conflict(attendee_factory, point_factory,
                                                      device_factory):
    attendee = attendee_factory()
    point = point_factory()
    door_a, door_b = device_factory(name="Cửa A"), device_factory(name="Cửa B")
    at = timezone.now() - timedelta(minutes=10)
    item = {"code": attendee.badge.code, "point": point.pk, "local_result": "admitted",
            "scanned_at": at.isoformat()}
    [a] = upload_scans(device=door_a, items=[{**item, "nonce": "offline-a-1"}])
    [b] = upload_scans(device=door_b, items=[{**item, "nonce": "offline-b-1"}])
    assert (a["result"], a["conflict"]) == ("admitted", False)
    assert (b["result"], b["conflict"]) == ("admitted", True)
    second = Scan.objects.get(nonce="offline-b-1")
    assert second.conflict_with == Scan.objects.get(nonce="offline-a-1")
    assert second.offline and second.scanned_at == at
    # An online scan afterwards is amber, pointing at the first admission.
    online = scan(attendee.badge.code, point, door_a)
    assert online.result == ScanResult.ALREADY_CHECKED_IN
    assert online.previous.nonce == "offline-a-1"


def test_upload_is_idempotent_and_reports_bad_items(attendee_factory, point_factory,
                                                    device_factory):
    point, device = point_factory(), device_factory()
    people = [attendee_factory(full_name=f"Người {i}") for i in range(3)]
    at = timezone.now().isoformat()
    items = [
        {"code": p.badge.code, "point": point.pk, "nonce": f"batch-nonce-{i}", "scanned_at": at,
         "local_result": "admitted"}
        for i, p in enumerate(people)
    ]
    first = upload_scans(device=device, items=items)
    again = upload_scans(device=device, items=items)
    assert [a["result"] for a in first] == ["admitted"] * 3
    assert [a["scan_id"] for a in again] == [a["scan_id"] for a in first]
    assert all(a["replayed"] for a in again)
    assert Scan.objects.count() == 3

    bad = upload_scans(device=device, items=[
        "nope",
        {"code": "X", "point": 999999, "nonce": "n-unknown-point", "scanned_at": at},
        {"code": "X", "point": point.pk, "nonce": "n-bad-time", "scanned_at": "yesterday"},
        {"code": "X", "point": point.pk, "nonce": "n-future",
         "scanned_at": (timezone.now() + timedelta(hours=1)).isoformat()},
    ])
    assert [a["code"] for a in bad] == ["bad_item", "unknown_point", "bad_time", "bad_time"]
    assert Scan.objects.count() == 3
    with pytest.raises(CheckinError) as info:
        upload_scans(device=device, items=[{}] * 501)
    assert info.value.code == "batch_too_large"


def test_offline_refusal_is_never_counted_as_an_admission(attendee_factory, point_factory,
                                                          device_factory):
    """A badge the scanner refused offline (its list was stale) did not pass the door."""
    attendee = attendee_factory()
    point, device = point_factory(), device_factory()
    at = timezone.now().isoformat()
    [answer] = upload_scans(device=device, items=[{
        "code": attendee.badge.code, "point": point.pk, "nonce": "stale-list-1",
        "scanned_at": at, "local_result": "unknown",
    }])
    assert answer["result"] == "unknown"
    assert Scan.objects.get().counts_once is False
    assert scan(attendee.badge.code, point, device).result == ScanResult.ADMITTED


def test_read_badge_loads_each_column_into_its_own_field(attendee_factory, point_factory,
                                                          delegate, device_factory,
                                                          django_assert_num_queries):
    """read_badge unpacks one row of 25 columns into plain values by position: a column moved
    in the SELECT must not shift a name into an organisation, or a point into a device."""
    from checkin.queries import Admission, Holder, read_badge
    from conference.registration.models import Badge

    delegate.role_label, delegate.role_label_en = "Khách mời", "Guest"
    delegate.save()
    attendee = attendee_factory(full_name="Trần Thị Ngọc Hà", position="Giám đốc",
                                organisation="Sở Khoa học và Công nghệ Đà Nẵng")
    point = point_factory(name="Hội trường chính", name_en="Main hall", once=True)
    device = device_factory(name="Cửa 2")
    first = scan(attendee.badge.code, point, device, nonce="first-admission")
    with django_assert_num_queries(1):
        facts = read_badge(attendee.badge.code, point, point)
    stored = Badge.objects.select_related("attendee__registration__category").get(
        pk=attendee.badge.pk)
    registration = stored.attendee.registration
    category = registration.category
    assert (facts.badge_id, facts.revoked_at, facts.point_limits, facts.category_admitted) == (
        stored.pk, None, False, False)
    assert facts.holder == Holder(
        attendee_id=stored.attendee.pk, full_name="Trần Thị Ngọc Hà",
        organisation="Sở Khoa học và Công nghệ Đà Nẵng", position="Giám đốc",
        registration_id=registration.pk, edition_id=registration.edition_id,
        status=registration.status, category_id=category.pk, category_name="Đại biểu",
        category_name_en="Delegate", badge_color="#0B4F9C", role_label="Khách mời",
        role_label_en="Guest",
    )
    assert facts.open_admission == Admission(
        id=first.scan.pk, nonce="first-admission", scanned_at=first.scan.scanned_at,
        device_name="Cửa 2", point_id=point.pk, point_name="Hội trường chính",
        point_name_en="Main hall",
    )


def test_the_open_admission_is_read_through_its_index_whatever_the_scans_at_the_door(
    attendee_factory, point_factory, device_factory
):
    """The decision reads the holder's open admission at an entry-once door. PostgreSQL plans the
    prepared read once for any parameters: the statement must state the partial index's
    condition itself, or that plan reads every scan of the holder at the door (each amber scan
    adds one) to find the one that is open."""
    from django.db import connection

    from checkin.queries import _badge_sql
    from conference.common.db import _numbered

    if connection.vendor != "postgresql":
        pytest.skip("the prepared statement's plan is PostgreSQL's")
    attendee = attendee_factory()
    point, device = point_factory(once=True), device_factory()
    first = scan(attendee.badge.code, point, device)
    at = timezone.now()
    Scan.objects.bulk_create([
        Scan(point=point, device=device, nonce=f"amber-{n:04d}", code=attendee.badge.code,
             badge=attendee.badge, attendee=attendee, result=ScanResult.ALREADY_CHECKED_IN,
             direction=Direction.ENTRY, scanned_at=at)
        for n in range(400)])
    numbered = _numbered(_badge_sql())  # what fetch_one_prepared prepares
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
        cursor.execute(f"PREPARE badge_probe AS {numbered}")
        try:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE badge_probe "
                           "(%s, %s, %s, %s)", [point.pk, point.pk, point.pk,
                                                attendee.badge.code])
            plan = cursor.fetchone()[0][0]["Plan"]
            cursor.execute("EXECUTE badge_probe (%s, %s, %s, %s)",
                           [point.pk, point.pk, point.pk, attendee.badge.code])
            scan_id = cursor.fetchone()[17]
        finally:
            cursor.execute("DEALLOCATE badge_probe")
    assert scan_id == first.scan.pk

    def nodes(node):
        yield node
        for child in node.get("Plans", ()):
            yield from nodes(child)

    # The scans table is read through the partial unique index (at most one row), not through
    # (attendee, point) with the open-admission conditions filtered row by row.
    reads = [(n["Node Type"], n.get("Index Name")) for n in nodes(plan)
             if n.get("Relation Name") == "checkin_scan"
             or n.get("Index Name", "").startswith(("checkin_sca", "one_open"))]
    assert reads == [("Index Scan", "one_open_entry_per_point")]
