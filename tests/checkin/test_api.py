import gzip
import json

import pytest
from django.utils import timezone

from checkin.enums import ScanResult
from checkin.models import Scan
from checkin.services import revoke_device
from conference.registration.badges import issue_badge

from .conftest import nonce

pytestmark = pytest.mark.django_db


def post(client, path, body, token=None, raw=None, **headers):
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Device {token}"
    return client.post(path, data=raw if raw is not None else json.dumps(body),
                       content_type="application/json", **headers)


def scan_body(code, point, **extra):
    return {"code": code, "point": point.pk, "nonce": nonce(), "method": "wedge", **extra}


def test_scan_answers_with_status_and_reason(client, attendee_factory, point_factory,
                                             device_factory):
    attendee = attendee_factory(organisation="Sở TT&TT Đà Nẵng")
    point, device = point_factory(), device_factory()
    first = post(client, "/api/checkin/scan/", scan_body(attendee.badge.code, point), device.token)
    assert first.status_code == 200
    body = first.json()
    assert (body["code"], body["result"], body["colour"]) == ("admitted", "admitted", "green")
    assert body["attendee"]["organisation"] == "Sở TT&TT Đà Nẵng"
    assert body["undo_until"]

    again = post(client, "/api/checkin/scan/", scan_body(attendee.badge.code, point), device.token)
    assert again.status_code == 409
    assert again.json()["code"] == "already_checked_in"
    assert again.json()["previous"]["device"] == device.name


def test_a_decided_scan_writes_no_request_warning_to_the_log(client, attendee_factory,
                                                          point_factory, device_factory, caplog):
    """Every amber or red answer at a door went to the log as a Django request WARNING
    ("Conflict: /api/checkin/scan/"): thousands on the opening morning, each one formatted and
    written by the worker deciding the next scan. The Scan row is the record of a decision."""
    attendee = attendee_factory()
    point, device = point_factory(), device_factory()
    assert post(client, "/api/checkin/scan/", scan_body(attendee.badge.code, point),
                device.token).status_code == 200
    with caplog.at_level("INFO", logger="django.request"):
        again = post(client, "/api/checkin/scan/", scan_body(attendee.badge.code, point),
                     device.token)
        unknown = post(client, "/api/checkin/scan/", scan_body("A" * 22, point), device.token)
        refused = post(client, "/api/checkin/scan/", {"point": "x"}, device.token)
    assert (again.status_code, unknown.status_code, refused.status_code) == (409, 404, 400)
    assert Scan.objects.filter(point=point).count() == 3
    logged = [r.getMessage() for r in caplog.records if r.name == "django.request"]
    # Bad input is still logged: only the scanner's decisions are not.
    assert logged == ["Bad Request: /api/checkin/scan/"]


@pytest.mark.parametrize(
    ("code", "status", "answer"),
    [
        ("AAAAAAAAAAAAAAAAAAAAAA", 404, "unknown"),
        ("<script>alert(1)</script>", 400, "malformed"),
        ("'; DROP TABLE checkin_scan; --", 400, "malformed"),
        ("", 400, "malformed"),
    ],
)
def test_forged_and_malformed_codes_are_4xx_json(client, point_factory, device_factory, code,
                                                 status, answer):
    point, device = point_factory(), device_factory()
    response = post(client, "/api/checkin/scan/", scan_body(code, point), device.token)
    assert response.status_code == status
    assert response.json()["code"] == answer
    assert response.json()["message"]
    assert Scan.objects.get().result == answer


def test_revoked_badge_is_410(client, attendee_factory, point_factory, device_factory):
    attendee = attendee_factory()
    old = attendee.badge.code
    issue_badge(attendee=attendee, reason="lost")
    response = post(client, "/api/checkin/scan/", scan_body(old, point_factory()),
                    device_factory().token)
    assert (response.status_code, response.json()["code"]) == (410, "revoked")


@pytest.mark.parametrize(
    ("raw", "status", "code"),
    [
        ("not json", 400, "bad_json"),
        ("[1, 2]", 400, "bad_json"),
        ('{"code": "X", "point": 1}', 400, "bad_nonce"),
        ("{" + " " * 5000 + "}", 413, "too_large"),
    ],
)
def test_bad_requests_are_4xx_json(client, point_factory, device_factory, raw, status, code):
    point = point_factory()
    raw = raw.replace('"point": 1', f'"point": {point.pk}')
    response = post(client, "/api/checkin/scan/", None, device_factory().token, raw=raw)
    assert (response.status_code, response.json()["code"]) == (status, code)


def test_unknown_point(client, device_factory):
    response = post(client, "/api/checkin/scan/", {"code": "X", "point": 99999, "nonce": nonce()},
                    device_factory().token)
    assert (response.status_code, response.json()["code"]) == (404, "unknown_point")


@pytest.mark.parametrize("raw_code", [r"\u0000", r"ACDEF\u0000GHJK", r"\u001b[2J", r"\ud800",
                                      r"A\u200bB"])
def test_a_code_with_control_characters_is_malformed_not_a_500(
    client, point_factory, device_factory, raw_code
):
    point = point_factory()
    raw = f'{{"code": "{raw_code}", "point": {point.pk}, "nonce": "{nonce()}"}}'
    response = post(client, "/api/checkin/scan/", None, device_factory().token, raw=raw)
    assert (response.status_code, response.json()["code"]) == (400, "malformed")
    assert response.json()["message"] == "Đây không phải mã thẻ."
    scan = Scan.objects.get()
    assert scan.result == "malformed"
    assert "\x00" not in scan.code
    assert "\ufffd" in scan.code


@pytest.mark.parametrize(
    ("point", "status", "code"),
    [
        ("[1]", 400, "bad_field"),
        ("1e400", 400, "bad_field"),
        ("-1e400", 400, "bad_field"),
        ("Infinity", 400, "bad_field"),
        ("NaN", 400, "bad_field"),
        ("1.5", 400, "bad_field"),
        ("true", 400, "bad_field"),
        ('"abc"', 400, "bad_field"),
        ('{"a": 1}', 400, "bad_field"),
        ("100000000000000000000000000000", 400, "bad_field"),
        ("null", 400, "missing_field"),
    ],
)
def test_every_scan_field_is_type_checked(client, device_factory, point, status, code):
    raw = f'{{"code": "X", "point": {point}, "nonce": "{nonce()}"}}'
    response = post(client, "/api/checkin/scan/", None, device_factory().token, raw=raw)
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert response.json()["field"] == "point"
    assert "point" in response.json()["message"]
    assert Scan.objects.count() == 0


@pytest.mark.parametrize("raw", ["[" * 100_000, '{"a":' * 50_000, '{"code": ["x"], "point": 1}'])
def test_deep_or_mistyped_json_is_400(client, point_factory, device_factory, raw):
    point_factory()
    response = client.post("/api/checkin/scans/", data=raw, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Device {device_factory().token}")
    assert response.status_code == 400
    assert response.json()["code"] in {"bad_json", "bad_batch"}


def test_one_bad_item_never_fails_the_upload(client, attendee_factory, point_factory,
                                             device_factory):
    point, device = point_factory(), device_factory()
    first, second = attendee_factory(), attendee_factory(full_name="Trần Văn Bình")
    at = timezone.now().isoformat()

    def item(n, code, point_json=None):
        point_json = point_json or str(point.pk)
        return (f'{{"code": "{code}", "point": {point_json}, "nonce": "upload-{n:04d}", '
                f'"scanned_at": "{at}", "local_result": "admitted", "method": "camera"}}')

    raw = "{\"scans\": [" + ", ".join([
        item(1, first.badge.code),
        item(2, "AB\\u0000CD"),
        item(3, second.badge.code),
        item(4, first.badge.code, "[1, 2]"),
        item(5, first.badge.code, "1e400"),
        '"not a scan"',
        f'{{"code": 7, "point": {point.pk}, "nonce": "upload-0008", "scanned_at": "{at}"}}',
        f'{{"point": {point.pk}, "nonce": ["x"], "scanned_at": "{at}"}}',
        f'{{"point": {point.pk}, "nonce": "upload-0009", "scanned_at": 12}}',
    ]) + "]}"
    response = post(client, "/api/checkin/scans/", None, device.token, raw=raw)
    assert response.status_code == 200
    answers = response.json()["answers"]
    assert [a.get("result") or a["code"] for a in answers] == [
        "admitted", "malformed", "admitted", "bad_field", "bad_field", "bad_item", "bad_field",
        "bad_field", "bad_field",
    ]
    assert [a.get("field") for a in answers[3:]] == [
        "point", "point", None, "code", "nonce", "scanned_at",
    ]
    assert [a["nonce"] for a in answers[:5]] == [f"upload-{n:04d}" for n in range(1, 6)]
    assert all(a["message"] for a in answers)
    assert sorted(Scan.objects.values_list("result", flat=True)) == [
        "admitted", "admitted", "malformed",
    ]


def test_api_refuses_without_device_token_or_with_a_revoked_one(
    client, staff_client, point_factory, device_factory, staff_factory
):
    point = point_factory()
    body = scan_body("AAAAAAAAAAAAAAAAAAAAAA", point)
    assert post(client, "/api/checkin/scan/", body).json()["code"] == "device_unknown"
    assert post(client, "/api/checkin/scan/", body).status_code == 401
    # A staff session alone is not enough: the API trusts the device token only.
    assert post(staff_client, "/api/checkin/scan/", body).status_code == 401
    assert post(client, "/api/checkin/scan/", body, "forged-token").status_code == 401

    device = device_factory()
    revoke_device(device=device, by=staff_factory(), reason="Điện thoại bị mất")
    response = post(client, "/api/checkin/scan/", body, device.token)
    assert response.status_code == 403
    assert response.json()["code"] == "device_revoked"
    assert "Điện thoại bị mất" in response.json()["message"]
    upload = post(client, "/api/checkin/scans/", {"scans": [body]}, device.token)
    assert (upload.status_code, upload.json()["code"]) == (403, "device_revoked")
    assert Scan.objects.count() == 0


def test_device_of_staff_without_the_role_is_refused(client, user_factory, point_factory):
    from checkin.services import register_device

    _device, token = register_device(user=user_factory(), name="Phone")
    response = post(client, "/api/checkin/scan/", scan_body("A" * 22, point_factory()), token)
    assert (response.status_code, response.json()["code"]) == (403, "device_not_allowed")


def test_batch_upload_is_idempotent(client, attendee_factory, point_factory, device_factory):
    point, device = point_factory(), device_factory()
    people = [attendee_factory(full_name=f"Lê Văn {i}") for i in range(3)]
    at = timezone.now().isoformat()
    batch = {"scans": [
        {"code": p.badge.code, "point": point.pk, "nonce": f"upload-{i:04d}", "scanned_at": at,
         "local_result": "admitted", "method": "camera"}
        for i, p in enumerate(people)
    ]}
    first = post(client, "/api/checkin/scans/", batch, device.token)
    second = post(client, "/api/checkin/scans/", batch, device.token)
    assert first.status_code == second.status_code == 200
    assert [a["result"] for a in first.json()["answers"]] == ["admitted"] * 3
    assert [a["scan_id"] for a in second.json()["answers"]] == [
        a["scan_id"] for a in first.json()["answers"]
    ]
    assert Scan.objects.filter(offline=True).count() == 3
    bad = post(client, "/api/checkin/scans/", {"scans": "nope"}, device.token)
    assert (bad.status_code, bad.json()["code"]) == (400, "bad_batch")


def test_undo_via_api(client, attendee_factory, point_factory, device_factory):
    attendee = attendee_factory()
    point, device, other = point_factory(), device_factory(), device_factory()
    answer = post(client, "/api/checkin/scan/", scan_body(attendee.badge.code, point),
                  device.token).json()
    path = f"/api/checkin/scans/{answer['scan_id']}/undo/"
    assert post(client, path, {}, other.token).status_code == 404
    assert post(client, path, {}, device.token).json()["code"] == "undone"
    again = post(client, path, {}, device.token)
    assert (again.status_code, again.json()["code"]) == (409, "already_undone")


def test_manifest_holds_what_the_point_may_admit_and_refuses_the_rest(
    client, attendee_factory, point_factory, device_factory, category_factory, delegate
):
    from conference.registration.enums import RegistrationStatus

    press = category_factory(code="press")
    admitted = attendee_factory(full_name="Nguyễn Văn An")
    pending = attendee_factory(full_name="Chờ Duyệt", status=RegistrationStatus.PENDING_APPROVAL)
    other = attendee_factory(full_name="Phóng Viên", category=press)
    old_code = admitted.badge.code
    new_code = issue_badge(attendee=admitted, reason="lost").code
    point, device = point_factory(categories=[delegate]), device_factory()
    post(client, "/api/checkin/scan/", scan_body(new_code, point), device.token)

    response = client.get(f"/api/checkin/points/{point.pk}/manifest/",
                          HTTP_AUTHORIZATION=f"Device {device.token}",
                          HTTP_ACCEPT_ENCODING="gzip, br")
    assert response["Content-Encoding"] == "gzip"
    data = json.loads(gzip.decompress(response.content))
    assert data["admit"] == [[new_code, "Nguyễn Văn An", admitted.organisation, 0]]
    assert sorted(data["refuse"]) == sorted([
        [old_code, "revoked"], [pending.badge.code, "not_confirmed"],
        [other.badge.code, "category"],
    ])
    assert data["inside"] == [new_code]
    assert data["categories"][0][:3] == ["Đại biểu", "Delegate", "#0B4F9C"]

    etag = response["ETag"]
    unchanged = client.get(f"/api/checkin/points/{point.pk}/manifest/",
                           HTTP_AUTHORIZATION=f"Device {device.token}", HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304
    # A badge issued at the desk changes the manifest: the next refresh gets it.
    walk_in = attendee_factory(full_name="Khách Vãng Lai")
    changed = client.get(f"/api/checkin/points/{point.pk}/manifest/",
                         HTTP_AUTHORIZATION=f"Device {device.token}", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert walk_in.badge.code in {row[0] for row in changed.json()["admit"]}


def test_manifest_for_3000_attendees_is_under_300_kb_gzipped(
    client, point_factory, device_factory, delegate, django_assert_max_num_queries
):
    from conference.registration.badges import generate_badge_code
    from conference.registration.models import Attendee, Badge, Registration

    registrations = Registration.objects.bulk_create([
        Registration(edition=delegate.edition, category=delegate, reference=f"M{i:07d}",
                     contact_email=f"c{i}@example.vn", status="confirmed")
        for i in range(3000)
    ])
    attendees = Attendee.objects.bulk_create([
        Attendee(registration=r, full_name=f"Nguyễn Thị Phương Thảo {i}",
                 organisation="Sở Thông tin và Truyền thông thành phố Đà Nẵng",
                 email=f"a{i}@example.vn", search_text=f"nguyen thi phuong thao {i}")
        for i, r in enumerate(registrations)
    ])
    Badge.objects.bulk_create([Badge(attendee=a, code=generate_badge_code()) for a in attendees])
    point, device = point_factory(), device_factory()
    # A first download warms the scan cache (the device, which doors lead to seated halls).
    client.get(f"/api/checkin/points/{point.pk}/manifest/",
               HTTP_AUTHORIZATION=f"Device {device.token}")
    # Whatever the number of attendees: point, categories, point's categories, badges, inside.
    with django_assert_max_num_queries(5):
        response = client.get(f"/api/checkin/points/{point.pk}/manifest/",
                              HTTP_AUTHORIZATION=f"Device {device.token}",
                              HTTP_ACCEPT_ENCODING="gzip")
    size = len(response.content)
    assert size < 300 * 1024, size
    assert len(json.loads(gzip.decompress(response.content))["admit"]) == 3000


def test_search_ignores_diacritics(client, attendee_factory, device_factory):
    attendee_factory(full_name="Nguyễn Thị Anh Thi", phone="0905 123 456")
    attendee_factory(full_name="Đặng Văn Đức", email="duc@danang.gov.vn")
    token = device_factory().token
    found = client.get("/api/checkin/search/", {"q": "nguyen thi"},
                       HTTP_AUTHORIZATION=f"Device {token}").json()["results"]
    assert [r["name"] for r in found] == ["Nguyễn Thị Anh Thi"]
    assert found[0]["code"]
    by_d = client.get("/api/checkin/search/", {"q": "dang duc"},
                      HTTP_AUTHORIZATION=f"Device {token}").json()["results"]
    assert [r["name"] for r in by_d] == ["Đặng Văn Đức"]
    by_email = client.get("/api/checkin/search/", {"q": "DUC@danang"},
                          HTTP_AUTHORIZATION=f"Device {token}").json()["results"]
    assert [r["name"] for r in by_email] == ["Đặng Văn Đức"]
    by_phone = client.get("/api/checkin/search/", {"q": "0905123456"},
                          HTTP_AUTHORIZATION=f"Device {token}").json()["results"]
    assert [r["name"] for r in by_phone] == ["Nguyễn Thị Anh Thi"]


def test_scanner_page_is_for_checkin_staff_with_mfa(user_factory, staff_factory, staff_client,
                                                    point_factory):
    from django.test import Client

    client = Client()
    point_factory(name="Lễ tôn vinh", name_en="Awards ceremony")
    assert client.get("/checkin/").status_code == 302
    client.force_login(user_factory())
    assert client.get("/checkin/").status_code == 403
    client.force_login(staff_factory())
    no_mfa = client.get("/checkin/")
    assert no_mfa.status_code == 302 and "/accounts/2fa/" in no_mfa["Location"]

    page = staff_client.get("/checkin/")
    assert page.status_code == 200
    assert "Lễ tôn vinh" in page.content.decode()
    english = staff_client.get("/en/checkin/")
    assert "Awards ceremony" in english.content.decode()

    worker = staff_client.get("/checkin/sw.js")
    assert worker["Content-Type"].startswith("text/javascript")
    assert worker["Service-Worker-Allowed"] == "/checkin/"
    manifest = staff_client.get("/en/checkin/app.webmanifest").json()
    assert (manifest["scope"], manifest["start_url"], manifest["display"]) == (
        "/en/checkin/", "/en/checkin/", "standalone"
    )


def test_registering_a_device_needs_the_role(staff_client, user_factory):
    from django.test import Client

    client = Client()
    response = staff_client.post("/checkin/device/", {"name": "Pixel 8 · cửa chính"})
    body = response.json()
    assert body["name"] == "Pixel 8 · cửa chính" and len(body["token"]) > 30
    points = client.get("/api/checkin/points/", HTTP_AUTHORIZATION=f"Device {body['token']}")
    assert points.json()["device"]["name"] == "Pixel 8 · cửa chính"
    client.force_login(user_factory())
    assert client.post("/checkin/device/", {"name": "x"}).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_online_scan_request_costs_at_most_three_queries(
    client, attendee_factory, point_factory, device_factory, django_assert_max_num_queries
):
    """Device and point come from the cache. The tests close the connection after each request,
    so each request here also prepares the decision's statement again (a server keeps its
    connections, and then a scan is two queries)."""
    attendee = attendee_factory()
    point, device = point_factory(), device_factory()
    post(client, "/api/checkin/scan/", scan_body(attendee.badge.code, point), device.token)
    for _ in range(2):
        with django_assert_max_num_queries(3):
            response = post(client, "/api/checkin/scan/", scan_body(attendee.badge.code, point),
                            device.token)
        assert response.json()["result"] == ScanResult.ALREADY_CHECKED_IN


def test_editing_a_point_takes_effect_at_once(client, attendee_factory, point_factory,
                                              device_factory):
    """The scan API caches points; saving one (here: closing it) must clear that at once."""
    attendee = attendee_factory()
    point, device = point_factory(once=False), device_factory()
    first = post(client, "/api/checkin/scan/", scan_body(attendee.badge.code, point), device.token)
    assert first.json()["result"] == ScanResult.ADMITTED
    point.is_active = False
    point.save()
    closed = post(client, "/api/checkin/scan/", scan_body(attendee.badge.code, point),
                  device.token)
    assert (closed.status_code, closed.json()["reason"]) == (403, "point_closed")
