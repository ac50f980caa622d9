"""Demo delegates who came on 25/10/2024, their scans at the doors, and their attendance
certificates. Idempotent: delegates are created once (references DEMO…), scans once per badge.

Runs after the registration and check-in demos (categories, points).
"""

import datetime
import random
import uuid
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from checkin.models import CheckinPoint, Device, Scan
from checkin.services import perform_scan, register_device
from cms.models import Edition
from conference.registration.badges import issue_badge
from conference.registration.enums import RegistrationStatus
from conference.registration.models import Attendee, Category, Registration

from .models import AttendanceCertificate
from .services import run_certificate_batch, start_certificate_batch

VN = ZoneInfo("Asia/Ho_Chi_Minh")
SCANNER_EMAIL = "scanner@govconf.local"
DELEGATES = 120

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Minh", "Đức", "Thu", "Quang", "Ngọc", "Hữu", "Thanh", "Xuân"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng",
         "Huyền", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Phong", "Phương", "Quân",
         "Sơn", "Tâm", "Thảo", "Thắng", "Trang", "Trung", "Tuấn", "Vy", "Yến"]
#: category code -> (position, organisation, language, type of organisation, province)
PROFILES = {
    "government": [
        ("Phó Giám đốc", "Sở Khoa học và Công nghệ thành phố Đà Nẵng", "vi", "local", "da-nang"),
        ("Trưởng phòng", "Sở Khoa học và Công nghệ tỉnh Quảng Ngãi", "vi", "local",
         "quang-ngai"),
        ("Chuyên viên", "Cục Chuyển đổi số quốc gia, Bộ Khoa học và Công nghệ", "vi", "central",
         "ha-noi"),
        ("Phó Chủ tịch", "Ủy ban nhân dân thành phố Huế", "vi", "local", "hue"),
        ("Giám đốc", "Trung tâm Phục vụ hành chính công thành phố Hồ Chí Minh", "vi", "local",
         "ho-chi-minh"),
        ("Chuyên viên", "Văn phòng Ủy ban nhân dân thành phố Hà Nội", "vi", "local", "ha-noi"),
        ("Phó Giám đốc", "Sở Khoa học và Công nghệ tỉnh Gia Lai", "vi", "local", "gia-lai"),
    ],
    "business": [
        ("Giám đốc khối Chính phủ số", "Tập đoàn Công nghiệp - Viễn thông Quân đội (Viettel)",
         "vi", "state_enterprise", "ha-noi"),
        ("Trưởng ban Giải pháp", "Tập đoàn FPT", "vi", "private_enterprise", "ha-noi"),
        ("Regional Director", "Microsoft Vietnam", "en", "foreign", "ho-chi-minh"),
        ("Giám đốc kinh doanh", "Tổng công ty VNPT-Vinaphone", "vi", "state_enterprise",
         "da-nang"),
    ],
    "speaker": [
        ("Chuyên gia", "Hiệp hội Dữ liệu Quốc gia", "vi", "association", "ha-noi"),
        ("Digital Government Advisor", "UK Government Digital Service", "en", "foreign", ""),
        ("Director", "Malaysia Digital Economy Corporation", "en", "foreign", ""),
    ],
    "press": [
        ("Phóng viên", "Báo Đà Nẵng", "vi", "press", "da-nang"),
        ("Biên tập viên", "Tạp chí Thông tin và Truyền thông", "vi", "press", "ha-noi"),
    ],
    "student": [
        ("Sinh viên", "Trường Đại học Bách khoa - Đại học Đà Nẵng", "vi", "academic", "da-nang"),
        ("Sinh viên", "Trường Đại học Duy Tân", "vi", "academic", "da-nang"),
    ],
}
WEIGHTS = {"government": 50, "business": 30, "speaker": 10, "press": 8, "student": 22}


def load() -> None:
    edition = Edition.objects.filter(year=2024).first()
    if edition is None:
        return
    attendees = load_delegates(edition)
    load_scans(edition, attendees)
    if not AttendanceCertificate.objects.filter(edition=edition).exists():
        batch = start_certificate_batch(edition=edition, send_email=False)
        run_certificate_batch(batch_id=batch.pk)


def load_delegates(edition) -> list[Attendee]:
    """DELEGATES confirmed attendees with badges, made once (the same names on every run)."""
    existing = list(Attendee.objects.filter(registration__edition=edition,
                                            registration__reference__startswith="DEMO"))
    if existing:
        return existing
    categories = {c.code: c for c in Category.objects.filter(edition=edition)}
    rng = random.Random(2024)  # noqa: S311  (repeatable demo data, not a secret)
    codes = [code for code in WEIGHTS if code in categories]
    made = []
    for n in range(DELEGATES):
        code = rng.choices(codes, weights=[WEIGHTS[c] for c in codes])[0]
        position, organisation, language, kind, province = rng.choice(PROFILES[code])
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        confirmed = datetime.datetime(2024, 10, rng.randint(1, 20), 9, tzinfo=VN)
        registration = Registration.objects.create(
            edition=edition, category=categories[code], reference=f"DEMO{n + 1:04d}",
            contact_email=f"daibieu{n + 1}@example.vn", status=RegistrationStatus.CONFIRMED,
            language=language, confirmed_at=confirmed,
            amount_vnd=categories[code].price_vnd,
        )
        attendee = Attendee.objects.create(
            registration=registration, full_name=name, position=position,
            organisation=organisation, organisation_type=kind, province=province,
            email=f"daibieu{n + 1}@example.vn", language=language,
        )
        issue_badge(attendee=attendee, device="demo")
        made.append(attendee)
    return made


def _scanner() -> Device:
    user, _created = get_user_model().objects.get_or_create(
        email=SCANNER_EMAIL, defaults={"last_name": "Tổ", "first_name": "Check-in"})
    device = Device.objects.filter(user=user).first()
    if device is None:
        device, _token = register_device(user=user, name="Demo: cổng chính")
    return device


def load_scans(edition, attendees: list[Attendee]) -> None:
    """About 85% arrive between 7:15 and 9:00 (some come back after lunch); most pass the main
    hall's door, some the awards ceremony's."""
    if Scan.objects.filter(point__edition=edition, attendee__in=attendees).exists():
        return
    points = {p.name_en: p for p in CheckinPoint.objects.filter(edition=edition)}
    entrance = points.get("Main entrance")
    if entrance is None:
        return
    hall = points.get("Main hall")
    ceremony = points.get("Leading Digital Transformation Leaders awards")
    device = _scanner()
    rng = random.Random(25102024)  # noqa: S311  (repeatable demo data)
    day = edition.start_date

    def at(hour: int, minute: int) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=VN)

    def scan(attendee, point, when) -> None:
        badge = attendee.badges.filter(revoked_at__isnull=True).first()
        perform_scan(code=badge.code, point=point, device=device, nonce=uuid.uuid4().hex,
                     scanned_at=when, offline=True, local_result="admitted", by=device.user)

    for attendee in attendees:
        if rng.random() > 0.85:
            continue  # registered, never came
        arrival = at(7, 15) + datetime.timedelta(minutes=rng.triangular(0, 105, 40))
        scan(attendee, entrance, arrival)
        if hall is not None and rng.random() < 0.8:
            scan(attendee, hall, arrival + datetime.timedelta(minutes=rng.randint(5, 25)))
        if rng.random() < 0.35:
            scan(attendee, entrance, at(13, 0) + datetime.timedelta(minutes=rng.randint(0, 40)))
        if ceremony is not None and rng.random() < 0.4:
            scan(attendee, ceremony, at(16, 35) + datetime.timedelta(minutes=rng.randint(0, 30)))
