"""The scanner web app in Chromium: log in with TOTP, choose a point, scan with a keyboard-wedge
field, then offline (decided locally, queued, uploaded once), and with the fake camera fed a
y4m video made from a real badge PNG."""

import datetime
import io
import re
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from .conftest import ARGS, CHROMIUM, screenshot, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-Strong-passw0rd"


@pytest.fixture
def venue(transactional_db):
    """An edition, a ceremony point admitting delegates once, attendees with badges, and a
    check-in staff member with TOTP."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth import get_user_model

    from checkin.models import CheckinPoint
    from cms.models import Edition, Session
    from conference.accounts.roles import CHECKIN_STAFF, sync_roles
    from conference.registration.badges import issue_badge
    from conference.registration.models import Attendee, Category, Registration

    sync_roles()
    edition = Edition.objects.create(
        year=2024, name="Hội thảo Quốc gia về Chính phủ số 2024",
        start_date=datetime.date(2024, 10, 25), end_date=datetime.date(2024, 10, 25),
        venue="Furama", is_current=True,
    )
    delegate = Category.objects.create(edition=edition, code="delegate", name="Đại biểu",
                                       name_en="Delegate", quota=100, badge_color="#0B4F9C")
    # The ceremony's door follows the ceremony on the agenda (under way now): the server and the
    # offline scanner apply the same window.
    now = timezone.now().replace(second=0, microsecond=0)
    ceremony = Session.objects.create(
        edition=edition, title="Lễ tôn vinh Lãnh đạo chuyển đổi số tiêu biểu",
        title_en="Leading Digital Transformation Leaders awards",
        start=now - datetime.timedelta(minutes=10), end=now + datetime.timedelta(hours=2),
    )
    point = CheckinPoint.objects.create(edition=edition, name="Lễ tôn vinh",
                                        name_en="Awards ceremony", once=True, session=ceremony)
    people = []
    for i, (name, org) in enumerate([
        ("Nguyễn Thị Anh Thi", "Sở Thông tin và Truyền thông Đà Nẵng"),
        ("Trần Văn Bình", "UBND thành phố Hội An"),
        ("Lê Thu Hà", "Bộ Thông tin và Truyền thông"),
        ("Phạm Minh Đức", "IDG Việt Nam"),
    ]):
        registration = Registration.objects.create(
            edition=edition, category=delegate, reference=f"E2E{i:05d}",
            contact_email=f"c{i}@example.vn", status="confirmed",
        )
        attendee = Attendee.objects.create(registration=registration, full_name=name,
                                           organisation=org, email=f"p{i}@example.vn")
        attendee.code = issue_badge(attendee=attendee).code
        people.append(attendee)
    staff = get_user_model().objects.create_user(email="soat.ve@example.vn", password=PASSWORD)
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    staff.groups.add(Group.objects.get(name=CHECKIN_STAFF))
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    return {"point": point, "people": people, "staff": staff, "secret": secret,
            "session": ceremony}


def totp_now(secret: str) -> str:
    """The code of the current 30-second period, never one about to end: the server checks it a
    moment later, with no tolerance for the period before (a flaky login on a loaded machine)."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    if time.time() % 30 > 25:
        time.sleep(30.5 - time.time() % 30)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def log_in(page, venue):
    page.goto("/checkin/")
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.locator("#id_login").fill(venue["staff"].email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.locator("input[name=code]").fill(totp_now(venue["secret"]))
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/checkin/$"))
    page.wait_for_selector("body[data-ready='1']")


def choose_point(page, venue):
    page.select_option("[data-point]", str(venue["point"].pk))
    # The manifest for the point has arrived: the app can decide offline from now on.
    wait_until(page, "window.checkinApp.state.manifest !== null")


def wedge(page, code):
    page.locator("#wedge").fill(code)
    page.locator("#wedge").press("Enter")


def test_wedge_scan_green_then_amber_then_offline_queue_uploads_once(page, venue):
    from checkin.models import Device, Scan

    log_in(page, venue)
    choose_point(page, venue)
    first = venue["people"][0]
    start = timezone.localtime(venue["session"].start).strftime("%H:%M")
    assert page.locator("[data-session]").inner_text().startswith(f"{start}–")
    assert page.locator("[data-session]").inner_text().endswith(
        "Lễ tôn vinh Lãnh đạo chuyển đổi số tiêu biểu"
    )

    wedge(page, first.code.lower())  # handheld scanners may type lower case
    page.wait_for_selector(".result--green")
    assert page.locator("[data-result-name]").inner_text() == "Nguyễn Thị Anh Thi"
    assert page.locator("[data-result-org]").inner_text() == "Sở Thông tin và Truyền thông Đà Nẵng"
    assert page.locator("[data-result-category]").inner_text() == "Đại biểu"
    screenshot(page, "checkin-scanner-green")
    # Ready for the next badge at once: the wedge field has the focus under the answer.
    assert page.evaluate("document.activeElement.id") == "wedge"

    wedge(page, first.code)
    page.wait_for_selector(".result--amber")
    assert "Đã check-in lúc" in page.locator("[data-result-message]").inner_text()
    screenshot(page, "checkin-scanner-amber")
    assert Device.objects.get().user == venue["staff"]

    # The hall's Wi-Fi drops: three badges are decided from the manifest and queued.
    page.context.set_offline(True)
    for person in venue["people"][1:]:
        wedge(page, person.code)
        page.wait_for_selector(".result--green[data-result='admitted']")
        wait_until(page, 
            f"document.querySelector('[data-result-name]').textContent === '{person.full_name}'"
        )
        assert page.locator("[data-result-offline]").is_visible()
    page.wait_for_selector("[data-sync][data-queued='3']")
    assert "3 lượt quét đang chờ tải lên" in page.locator("[data-sync]").inner_text()
    # The same badge again, still offline: amber, decided on this scanner.
    wedge(page, venue["people"][1].code)
    page.wait_for_selector(".result--amber")
    page.wait_for_selector("[data-sync][data-queued='4']")
    screenshot(page, "checkin-scanner-offline-queued")
    assert Scan.objects.filter(offline=True).count() == 0

    page.context.set_offline(False)
    page.wait_for_selector("[data-sync][data-queued='0']", timeout=30_000)
    page.locator("[data-result]").click()
    assert "Đã tải lên mọi lượt quét" in page.locator("[data-sync]").inner_text()
    screenshot(page, "checkin-scanner-uploaded")
    offline = Scan.objects.filter(offline=True)
    assert offline.count() == 4
    admitted = offline.filter(result="admitted").values_list("attendee__full_name", flat=True)
    assert sorted(admitted) == ["Lê Thu Hà", "Phạm Minh Đức", "Trần Văn Bình"]
    assert offline.filter(result="already_checked_in").count() == 1
    # Uploading again (a retry after a lost response) records nothing new.
    page.evaluate("window.checkinApp.upload()")
    assert Scan.objects.count() == 6
    assert Scan.objects.filter(result="admitted", conflict_with__isnull=True).count() == 4


def test_a_bad_code_offline_is_set_aside_and_the_good_scans_upload_once(page, venue):
    """Offline: good badge, a code with a NUL (a damaged QR code), good badge. Back online, both
    good scans reach the server once and the bad one is listed as refused, with its reason."""
    from checkin.models import Scan

    log_in(page, venue)
    choose_point(page, venue)
    page.context.set_offline(True)
    first, second = venue["people"][0], venue["people"][1]
    wedge(page, first.code)
    page.wait_for_selector("[data-sync][data-queued='1']")
    # What a camera may read from a damaged code: the app scans it as it was read.
    page.evaluate("""code => {
        const field = document.querySelector('#wedge');
        field.value = code;
        field.form.requestSubmit();
    }""", "AB\x00CD")
    page.wait_for_selector(".result--red[data-result='malformed']")
    page.wait_for_selector("[data-sync][data-queued='2']")
    wedge(page, second.code)
    page.wait_for_selector("[data-sync][data-queued='3']")
    assert Scan.objects.count() == 0

    page.context.set_offline(False)
    page.evaluate("window.checkinApp.upload()")
    page.wait_for_selector("[data-sync][data-queued='0']", timeout=30_000)
    page.wait_for_selector("[data-refused][data-count='1']")
    page.locator("[data-result]").click()
    refused = page.locator("[data-refused-list] li")
    assert refused.count() == 1
    assert "AB\ufffdCD" in refused.inner_text()
    assert "Đây không phải mã thẻ." in refused.inner_text()
    assert page.locator("[data-refused] h2").inner_text() == "Lượt quét máy chủ từ chối"
    screenshot(page, "checkin-scanner-refused")
    admitted = Scan.objects.filter(result="admitted", offline=True)
    assert sorted(admitted.values_list("attendee__full_name", flat=True)) == [
        first.full_name, second.full_name,
    ]
    assert Scan.objects.filter(result="malformed").count() == 1
    # Uploading again records nothing new; the list stays until staff clear it.
    page.evaluate("window.checkinApp.upload()")
    assert Scan.objects.count() == 3
    page.locator("[data-refused-clear]").click()
    page.wait_for_selector("[data-refused]", state="hidden")


def test_manual_search_without_diacritics_checks_in(page, venue):
    from checkin.models import Scan

    log_in(page, venue)
    choose_point(page, venue)
    page.locator("[data-search-panel] summary").click()
    page.locator("[data-search]").fill("pham minh duc")
    page.locator("[data-search]").press("Enter")
    page.wait_for_selector("[data-results] li button")
    assert "Phạm Minh Đức" in page.locator("[data-results]").inner_text()
    page.locator("[data-results] li button").first.click()
    page.wait_for_selector(".result--green")
    assert Scan.objects.get().method == "manual"
    screenshot(page, "checkin-scanner-search")


def badge_y4m(png: bytes, path: Path, size=(480, 640)) -> Path:
    """A short y4m (I420) video of the badge image, for Chromium's fake camera."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.thumbnail(size)
    frame = Image.new("RGB", size, "white")
    frame.paste(image, ((size[0] - image.width) // 2, (size[1] - image.height) // 2))
    y, cb, cr = frame.convert("YCbCr").split()
    half = (size[0] // 2, size[1] // 2)
    planes = y.tobytes() + cb.resize(half).tobytes() + cr.resize(half).tobytes()
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{size[0]} H{size[1]} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(10):
            out.write(b"FRAME\n" + planes)
    return path


def test_fake_camera_scans_a_real_badge_green_then_amber(browser, live_server, venue, tmp_path):
    from conference.registration.badges import badge_png
    from conference.registration.models import Badge

    badge = Badge.objects.get(code=venue["people"][0].code)
    video = badge_y4m(badge_png(badge), tmp_path / "badge.y4m")
    args = [*ARGS, "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={video}"]
    # A browser of its own: the fake camera is chosen at launch.
    camera_browser = browser.browser_type.launch(executable_path=CHROMIUM, args=args,
                                                 headless=True)
    context = camera_browser.new_context(viewport={"width": 390, "height": 844},
                                         locale="vi-VN", base_url=live_server.url)
    context.grant_permissions(["camera"])
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        log_in(page, venue)
        choose_point(page, venue)
        page.locator("[data-camera]").click()
        page.wait_for_selector(".result--green")
        assert page.locator("[data-result-name]").inner_text() == "Nguyễn Thị Anh Thi"
        screenshot(page, "checkin-camera-green")
        # The same badge stays in front of the camera: scanned again, it is amber.
        page.wait_for_selector(".result--amber")
        screenshot(page, "checkin-camera-amber")
    finally:
        context.close()
        camera_browser.close()
    from checkin.models import Scan

    assert Scan.objects.filter(result="admitted").count() == 1
    assert Scan.objects.filter(method="camera").count() >= 2
