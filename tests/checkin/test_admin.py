import csv
import io
import json
import re

import pytest
from django.utils import timezone

from checkin.enums import ScanResult
from checkin.models import CheckinPoint, Device, Scan
from checkin.services import perform_scan, upload_scans
from conference.accounts.roles import CHECKIN_STAFF, ORGANIZER, REGISTRATION_DESK
from conference.common.models import AuditEntry
from conference.registration.models import Attendee

from .conftest import nonce

pytestmark = pytest.mark.django_db


def test_point_viewset_creates_a_point_with_categories(role_client, edition, delegate):
    client = role_client(ORGANIZER)
    index = client.get("/admin/checkin_points/")
    assert index.status_code == 200
    response = client.post("/admin/checkin_points/new/", {
        "edition": edition.pk, "name": "Lễ tôn vinh", "name_en": "Awards ceremony",
        "categories": [delegate.pk], "direction": "entry", "once": "on",
        "opens_at": "25/10/2024 14:00", "closes_at": "25/10/2024 17:00", "is_active": "on",
        "sort_order": 1,
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    point = CheckinPoint.objects.get()
    assert (point.name_en, point.once, list(point.categories.all())) == (
        "Awards ceremony", True, [delegate]
    )
    assert timezone.localtime(point.opens_at).strftime("%H:%M %d/%m/%Y") == "14:00 25/10/2024"


def test_checkin_staff_cannot_open_the_admin_pages(role_client, edition):
    client = role_client(CHECKIN_STAFF)
    assert client.get("/admin/checkin/").status_code in (302, 403)
    assert client.get("/admin/checkin/desk/").status_code in (302, 403)


@pytest.mark.parametrize("role, shown", [
    (ORGANIZER, {"dashboard", "desk", "points", "devices"}),
    (REGISTRATION_DESK, {"dashboard", "desk", "points"}),
])
def test_the_check_in_menu_shows_what_the_role_may_open(role_client, edition, role, shown):
    client = role_client(role)
    page = client.get("/admin/").text
    links = {"dashboard": '"/admin/checkin/"', "desk": '"/admin/checkin/desk/"',
             "points": '"/admin/checkin_points/"', "devices": '"/admin/checkin/devices/"'}
    assert {name for name, url in links.items() if url in page} == shown
    for name, url in links.items():
        response = client.get(json.loads(url))
        # Wagtail answers a refusal with its dashboard and a message.
        refused = response.status_code == 403 or response.get("Location") == "/admin/"
        assert (response.status_code == 200, refused) == (name in shown, name not in shown), name


def test_dashboard_counts_and_conflicts(role_client, attendee_factory, point_factory,
                                        device_factory, category_factory):
    vip = category_factory(code="vip", name="Khách mời", badge_color="#B03A48")
    gate, hall = point_factory(name="Cổng chính", once=False), point_factory(name="Hội trường")
    a, b = attendee_factory(), attendee_factory(full_name="Trần Bình", category=vip)
    door_a, door_b = device_factory(name="Cửa A"), device_factory(name="Cửa B")
    for person in (a, b):
        perform_scan(code=person.badge.code, point=gate, device=door_a, nonce=nonce())
    at = timezone.now().isoformat()
    item = {"code": a.badge.code, "point": hall.pk, "scanned_at": at, "local_result": "admitted"}
    upload_scans(device=door_a, items=[{**item, "nonce": "dash-a-0001"}])
    upload_scans(device=door_b, items=[{**item, "nonce": "dash-b-0001"}])

    client = role_client(ORGANIZER)
    page = client.get("/admin/checkin/")
    assert page.status_code == 200
    assert "Cổng chính" in page.content.decode()
    data = client.get("/admin/checkin/data.json").json()
    assert data["people"] == 2
    assert {p["name"]: p["entries"] for p in data["points"]} == {"Cổng chính": 2, "Hội trường": 1}
    assert {c["name"]: c["entries"] for c in data["categories"]}["Khách mời"] == 1
    assert sum(i["total"] for i in data["intervals"]) == 3
    assert {p["name"]: p["people"] for p in data["points"]} == {"Cổng chính": 2, "Hội trường": 1}
    assert sum(i["categories"].get(str(vip.pk), 0) for i in data["intervals"]) == 1
    assert [(c["device"], c["first_device"]) for c in data["conflicts"]] == [("Cửa B", "Cửa A")]
    # The strings dashboard.js fills in are translated, with their placeholder intact.
    strings = json.loads(re.search(
        r'<script id="checkin-dashboard-strings" type="application/json">(.*?)</script>',
        page.content.decode(),
    ).group(1))
    assert strings["updated"] == "Cập nhật lúc %(time)s"


def test_dashboard_data_query_count_does_not_grow(role_client, attendee_factory, point_factory,
                                                 device_factory, django_assert_max_num_queries):
    point, device = point_factory(once=False), device_factory()
    for i in range(15):
        perform_scan(code=attendee_factory(full_name=f"Người {i}").badge.code, point=point,
                     device=device, nonce=nonce())
    client = role_client(ORGANIZER)
    client.get("/admin/checkin/data.json")
    with django_assert_max_num_queries(14):
        assert client.get("/admin/checkin/data.json").status_code == 200


def test_csv_export_is_formula_safe(role_client, attendee_factory, point_factory, device_factory):
    person = attendee_factory(full_name="=HYPERLINK(\"http://evil\")", organisation="+84 Sở")
    point, device = point_factory(), device_factory()
    perform_scan(code=person.badge.code, point=point, device=device, nonce=nonce())
    perform_scan(code="=1+1", point=point, device=device, nonce=nonce())
    response = role_client(ORGANIZER).get("/admin/checkin/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Thời điểm quét", "Điểm check-in", "Chiều"]
    assert rows[1][6] == "'=HYPERLINK(\"http://evil\")"
    assert rows[1][7] == "'+84 Sở"
    assert rows[2][5] == "'=1+1"
    assert len(rows) == 3


def test_revoke_device_from_the_admin(role_client, device_factory):
    device = device_factory(name="Điện thoại cửa B")
    client = role_client(ORGANIZER)
    assert "Điện thoại cửa B" in client.get("/admin/checkin/devices/").content.decode()
    response = client.post(f"/admin/checkin/devices/{device.pk}/revoke/", {"reason": "Mất máy"})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.revoked_at is not None and device.revoked_reason == "Mất máy"
    assert AuditEntry.objects.filter(action="checkin.device_revoked").count() == 1


def test_desk_staff_cannot_revoke_devices(role_client, device_factory):
    device = device_factory()
    desk = role_client(REGISTRATION_DESK)
    desk.post(f"/admin/checkin/devices/{device.pk}/revoke/", {"reason": "x"})
    assert Device.objects.get().revoked_at is None


def test_desk_search_reissue_and_print(role_client, attendee_factory, point_factory,
                                       device_factory):
    person = attendee_factory(full_name="Nguyễn Thị Anh Thi")
    old_code = person.badge.code
    client = role_client(REGISTRATION_DESK)
    found = client.get("/admin/checkin/desk/", {"q": "anh thi"}).content.decode()
    assert "Nguyễn Thị Anh Thi" in found and old_code in found

    response = client.post(f"/admin/checkin/desk/{person.pk}/reissue/")
    assert response.status_code == 302
    printed = client.get(response["Location"]).content.decode()
    new_code = person.badges.get(revoked_at__isnull=True).code
    assert new_code in printed and old_code not in printed
    qr = client.get(f"/admin/checkin/badges/{person.badges.get(code=new_code).pk}/qr.png")
    assert qr["Content-Type"] == "image/png" and qr.content[:4] == b"\x89PNG"

    point, device = point_factory(), device_factory()
    assert perform_scan(code=old_code, point=point, device=device,
                        nonce=nonce()).result == ScanResult.REVOKED
    assert perform_scan(code=new_code, point=point, device=device,
                        nonce=nonce()).result == ScanResult.ADMITTED


def test_walk_in_is_registered_confirmed_with_a_badge_admitted_at_once(
    role_client, delegate, point_factory, device_factory
):
    client = role_client(REGISTRATION_DESK)
    response = client.post("/admin/checkin/desk/", {
        "full_name": "  Phạm   Minh Khoa ", "organisation": "UBND Hội An", "email": "Khoa@HoiAn.vn",
        "phone": "0905000111", "category": delegate.pk, "language": "vi",
    })
    assert response.status_code == 302
    attendee = Attendee.objects.get()
    assert (attendee.full_name, attendee.email) == ("Phạm Minh Khoa", "khoa@hoian.vn")
    assert attendee.registration.status == "confirmed"
    code = attendee.badges.get().code
    assert code in client.get(response["Location"]).content.decode()
    answer = perform_scan(code=code, point=point_factory(), device=device_factory(),
                          nonce=nonce())
    assert answer.result == ScanResult.ADMITTED
    assert AuditEntry.objects.filter(action="checkin.walk_in_registered").count() == 1
    # Registered once: the same person again is refused by the registration app's rules.
    again = client.post("/admin/checkin/desk/", {
        "full_name": "Phạm Minh Khoa", "email": "khoa@hoian.vn", "category": delegate.pk,
        "language": "vi",
    })
    assert again.status_code == 200 and Attendee.objects.count() == 1


def test_walk_in_form_errors_and_full_category(role_client, category_factory):
    tiny = category_factory(code="tiny", quota=0)
    paid = category_factory(code="paid", price_vnd=1_500_000)
    client = role_client(REGISTRATION_DESK)
    response = client.post("/admin/checkin/desk/", {"full_name": "", "email": "not-an-email",
                                                    "category": tiny.pk, "language": "vi"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Trường này là bắt buộc." in html
    full = client.post("/admin/checkin/desk/", {"full_name": "Lê An", "email": "an@x.vn",
                                                "category": tiny.pk, "language": "vi"})
    assert full.status_code == 200
    unpaid = client.post("/admin/checkin/desk/", {"full_name": "Lê An", "email": "an@x.vn",
                                                  "category": paid.pk, "language": "vi"})
    assert "trả tiền" in unpaid.content.decode()
    assert Attendee.objects.count() == 0
    assert Scan.objects.count() == 0
