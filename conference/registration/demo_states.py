"""Demo registrations in every state the desk meets, beside the confirmed delegates who came
(conference.certificates.demo): waiting for approval, approved with a note, rejected, awaiting a
bank transfer, cancelled, and people on a waiting list. Idempotent: references STORY…, made once.

Rows are written directly with 2024 dates (registration closed long ago, so the services would
refuse them, as they should for a visitor today).
"""

import datetime
from zoneinfo import ZoneInfo

from cms.models import Edition

from .badges import issue_badge
from .enums import PaymentMethod, RegistrationStatus, WaitingListStatus
from .models import Attendee, Category, Registration, WaitingListEntry

VN = ZoneInfo("Asia/Ho_Chi_Minh")
R = RegistrationStatus

#: (category, status, name, position, organisation, answers, extra fields)
STORIES = [
    ("government", R.PENDING_APPROVAL, "Trịnh Văn Bảo", "Phó Giám đốc",
     "Sở Tài chính tỉnh Kon Tum", {"agency_level": "Tỉnh/thành phố", "gala": True}, {}),
    ("government", R.PENDING_APPROVAL, "Mai Thị Hồng", "Chuyên viên",
     "UBND xã Hòa Vang", {"agency_level": "Xã/phường", "gala": False}, {}),
    ("press", R.PENDING_APPROVAL, "Kiều Minh Tú", "Phóng viên", "Báo Tuổi Trẻ",
     {"press_card": "HCM-0451"}, {}),
    ("government", R.REJECTED, "Lâm Quốc Việt", "Nhân viên", "Công ty TNHH Quảng cáo Việt",
     {"agency_level": "Trung ương", "gala": True},
     {"decision_note": "Hạng đại biểu cơ quan nhà nước dành cho cán bộ, công chức. "
                       "Mời Quý vị đăng ký hạng doanh nghiệp."}),
    ("business", R.AWAITING_PAYMENT, "Tô Thị Ngân", "Kế toán trưởng",
     "Công ty CP Công nghệ Hội An", {"tax_code": "0401234567", "gala": False},
     {"payment_method": PaymentMethod.BANK_TRANSFER}),
    ("student", R.AWAITING_PAYMENT, "Cao Minh Khôi", "Sinh viên", "Trường Đại học Duy Tân",
     {"school": "Đại học Duy Tân"}, {"payment_method": PaymentMethod.BANK_TRANSFER}),
    ("business", R.CANCELLED, "Quách Gia Huy", "Giám đốc", "Công ty TNHH Gia Huy",
     {"gala": True}, {}),
    ("press", R.CONFIRMED, "Lưu Thanh Trúc", "Biên tập viên", "Đài Phát thanh - Truyền hình "
     "Đà Nẵng", {"press_card": "DN-0112"},
     {"decision_note": "Khu vực báo chí ở tầng 2; mời Quý vị nhận thẻ tại bàn Báo chí."}),
]
WAITING = [
    ("speaker", "Đinh Công Tráng", "Viện Chiến lược Chuyển đổi số"),
    ("student", "Hà Phương Thảo", "Trường Đại học Kinh tế - Đại học Đà Nẵng"),
]


def load() -> None:
    edition = Edition.objects.filter(year=2024).first()
    if edition is None or Registration.objects.filter(reference__startswith="STORY").exists():
        return
    categories = {c.code: c for c in Category.objects.filter(edition=edition)}
    created = datetime.datetime(2024, 10, 18, 9, 30, tzinfo=VN)
    for n, (code, status, name, position, organisation, answers, extra) in enumerate(STORIES):
        category = categories.get(code)
        if category is None:
            continue
        email = f"dangky{n + 1}@example.vn"
        fields = {
            "edition": edition, "category": category, "reference": f"STORY{n + 1:03d}",
            "contact_email": email, "status": status, "language": "vi",
            "amount_vnd": category.price_vnd,
            "payment_method": extra.get("payment_method", ""),
            "decision_note": extra.get("decision_note", ""),
        }
        if status == R.AWAITING_PAYMENT:
            fields["hold_expires_at"] = created + datetime.timedelta(days=3)
        if status == R.CONFIRMED:
            fields["confirmed_at"] = created
        if status == R.CANCELLED:
            fields["cancelled_at"] = created + datetime.timedelta(days=2)
        registration = Registration.objects.create(**fields)
        Registration.objects.filter(pk=registration.pk).update(created_at=created)
        attendee = Attendee.objects.create(
            registration=registration, full_name=name, position=position,
            organisation=organisation, email=email, language="vi", answers=answers)
        if status == R.CONFIRMED:
            issue_badge(attendee=attendee, device="demo")
    for code, name, organisation in WAITING:
        if code in categories:
            WaitingListEntry.objects.get_or_create(
                category=categories[code], email=f"cho.{code}@example.vn",
                defaults={"full_name": name, "organisation": organisation, "language": "vi",
                          "status": WaitingListStatus.WAITING})
