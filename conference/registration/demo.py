"""Demo registration setup for the current edition: categories, questions, an invitation code.

Idempotent: rows are looked up by their code/key and updated.
"""

from cms.models import Edition

from . import demo_press
from .enums import QuestionKind
from .models import Category, InvitationCode, Question
from .services import DEFAULT_CONSENT_EN, DEFAULT_CONSENT_VI, get_registration_settings

CATEGORIES = [
    {
        "code": "government", "sort_order": 10, "price_vnd": 0, "quota": 400,
        "requires_approval": True, "requires_invitation": False, "badge_color": "#C8102E",
        "name": "Đại biểu cơ quan nhà nước", "name_en": "Government delegate",
        "description": "Lãnh đạo, cán bộ các bộ, ngành, địa phương. Miễn phí, cần Ban Tổ chức "
                       "duyệt.",
        "description_en": "Leaders and officials of ministries, agencies and provinces. Free, "
                          "approved by the organisers.",
        "role_label": "ĐẠI BIỂU", "role_label_en": "DELEGATE",
    },
    {
        "code": "business", "sort_order": 20, "price_vnd": 1_500_000, "quota": 300,
        "requires_approval": False, "requires_invitation": False, "badge_color": "#0B4F9C",
        "name": "Đại biểu doanh nghiệp", "name_en": "Business delegate",
        "description": "Doanh nghiệp công nghệ, tổ chức tài chính, đối tác. Thanh toán bằng thẻ "
                       "hoặc chuyển khoản.",
        "description_en": "Technology companies, financial institutions and partners. Pay by "
                          "card or bank transfer.",
        "role_label": "DOANH NGHIỆP", "role_label_en": "BUSINESS",
    },
    {
        "code": "speaker", "sort_order": 30, "price_vnd": 0, "quota": 40,
        "requires_approval": False, "requires_invitation": True, "badge_color": "#E0A100",
        "name": "Diễn giả", "name_en": "Speaker",
        "description": "Dành cho diễn giả và khách mời, cần mã mời.",
        "description_en": "For speakers and invited guests, with an invitation code.",
        "role_label": "DIỄN GIẢ", "role_label_en": "SPEAKER",
    },
    {
        "code": "press", "sort_order": 40, "price_vnd": 0, "quota": 60,
        "requires_approval": True, "requires_invitation": False, "badge_color": "#2E7D32",
        "name": "Báo chí", "name_en": "Press",
        "description": "Phóng viên, biên tập viên có thẻ nhà báo. Cần Ban Tổ chức duyệt.",
        "description_en": "Journalists and editors with a press card. Approved by the "
                          "organisers.",
        "role_label": "BÁO CHÍ", "role_label_en": "PRESS",
        # Press accreditation: a press card scan and a portrait, printed on the badge.
        "asks_press_card": True, "asks_photo": True, "photo_on_badge": True,
    },
    {
        "code": "student", "sort_order": 50, "price_vnd": 200_000, "quota": 100,
        "requires_approval": False, "requires_invitation": False, "badge_color": "#6A1B9A",
        "name": "Sinh viên", "name_en": "Student",
        "description": "Sinh viên các trường đại học, cao đẳng; mang thẻ sinh viên khi đến.",
        "description_en": "University and college students; bring your student card.",
        "role_label": "SINH VIÊN", "role_label_en": "STUDENT",
    },
]

QUESTIONS = {
    "government": [
        {"key": "agency_level", "kind": QuestionKind.CHOICE, "required": True,
         "label": "Cấp cơ quan", "label_en": "Level of your agency",
         "choices": "Trung ương\nTỉnh/thành phố\nQuận/huyện\nXã/phường",
         "choices_en": "Central\nProvince/city\nDistrict\nCommune/ward"},
        {"key": "gala", "kind": QuestionKind.YES_NO, "required": True,
         "label": "Tham dự Lễ tôn vinh buổi tối?", "label_en": "Attending the evening awards "
                                                            "ceremony?"},
    ],
    "business": [
        {"key": "tax_code", "kind": QuestionKind.TEXT, "required": False,
         "label": "Mã số thuế (để xuất hóa đơn)", "label_en": "Tax code (for the VAT invoice)"},
        {"key": "gala", "kind": QuestionKind.YES_NO, "required": True,
         "label": "Tham dự Lễ tôn vinh buổi tối?", "label_en": "Attending the evening awards "
                                                            "ceremony?"},
    ],
    "press": [
        {"key": "press_card", "kind": QuestionKind.TEXT, "required": True,
         "label": "Số thẻ nhà báo", "label_en": "Press card number"},
    ],
    "student": [
        {"key": "school", "kind": QuestionKind.TEXT, "required": True,
         "label": "Trường", "label_en": "University or college"},
    ],
}


def load() -> None:
    edition = Edition.objects.get(year=2024)
    reg_settings = get_registration_settings(edition)
    reg_settings.venue_capacity = 800
    reg_settings.consent_text = DEFAULT_CONSENT_VI
    reg_settings.consent_text_en = DEFAULT_CONSENT_EN
    reg_settings.save()
    for data in CATEGORIES:
        category, _created = Category.objects.update_or_create(
            edition=edition, code=data["code"], defaults=data
        )
        for order, question in enumerate(QUESTIONS.get(category.code, [])):
            Question.objects.update_or_create(
                category=category, key=question["key"],
                defaults={**question, "sort_order": order},
            )
    speaker = Category.objects.get(edition=edition, code="speaker")
    InvitationCode.objects.update_or_create(
        code="DIENGIA2024", defaults={"category": speaker, "max_uses": 40,
                                      "note": "Diễn giả và khách mời"},
    )
    demo_press.load(edition)
