"""Demo award cycle for the 2024 edition: "Lãnh đạo chuyển đổi số tiêu biểu 2024".

Idempotent: rows are found by stable keys and updated. Dates follow the 2024 edition; so that the
demo can be tried at any time, nominations and judging are open around today when the real dates
are past (a demo, not a record).
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from cms.models import Edition, EditionPage

from .enums import Sector
from .models import AwardCategory, AwardCycle, AwardsPage, Criterion

INTRO_VI = (
    "Chương trình tôn vinh \u201cLãnh đạo chuyển đổi số tiêu biểu\u201d ghi nhận những người "
    "đứng đầu đã dẫn dắt cơ quan, địa phương, doanh nghiệp và nhà trường chuyển đổi số hiệu quả, "
    "lấy người dân và doanh nghiệp làm trung tâm."
)
INTRO_EN = (
    "The \u201cLeading Digital Transformation Leaders\u201d awards honour heads of agencies, "
    "localities, enterprises and schools who led an effective digital transformation, with "
    "citizens and businesses at its centre."
)
ELIGIBILITY_VI = (
    "Ứng viên đang giữ vị trí lãnh đạo (cấp trưởng hoặc phó) tại đơn vị ít nhất 12 tháng; có "
    "kết quả chuyển đổi số đo lường được trong năm 2023–2024; không bị xử lý kỷ luật trong 3 năm "
    "gần nhất. Hồ sơ kèm minh chứng (PDF hoặc ảnh)."
)
ELIGIBILITY_EN = (
    "The nominee has held a leading position (head or deputy head) in their organisation for at "
    "least 12 months; has measurable digital-transformation results in 2023-2024; and has not "
    "been disciplined in the last three years. Evidence (PDF or images) is required."
)

CATEGORIES = [
    ("provincial", Sector.PROVINCIAL, "Lãnh đạo cấp tỉnh, thành phố",
     "Provincial and city leaders",
     "Lãnh đạo UBND, HĐND các tỉnh, thành phố trực thuộc Trung ương.",
     "Leaders of the people's committees and councils of provinces and cities."),
    ("department", Sector.DEPARTMENT, "Lãnh đạo sở, ban, ngành và quận, huyện",
     "Department, agency and district leaders",
     "Giám đốc, phó giám đốc các sở, ban, ngành; chủ tịch, phó chủ tịch quận, huyện.",
     "Directors and deputy directors of departments and agencies; district chairs."),
    ("enterprise", Sector.ENTERPRISE, "Lãnh đạo doanh nghiệp", "Enterprise leaders",
     "Tổng giám đốc, giám đốc công nghệ của doanh nghiệp đã chuyển đổi số thành công.",
     "Chief executives and technology officers of enterprises that transformed digitally."),
    ("education", Sector.EDUCATION, "Lãnh đạo ngành giáo dục", "Education leaders",
     "Lãnh đạo sở giáo dục, trường đại học, trường phổ thông tiên phong số hoá giáo dục.",
     "Leaders of education departments, universities and schools pioneering digital "
     "education."),
]

RUBRIC = [
    ("Tầm nhìn và chiến lược chuyển đổi số", "Vision and digital-transformation strategy",
     "Có chiến lược, kế hoạch rõ ràng, gắn với mục tiêu của đơn vị.",
     "A clear strategy and plan tied to the organisation's goals.", Decimal("3"), 0, 10, True,
     True),
    ("Kết quả đo lường được", "Measurable results",
     "Chỉ số, số liệu trước và sau; ví dụ tỷ lệ dịch vụ công trực tuyến toàn trình.",
     "Figures before and after, e.g. the share of public services fully online.",
     Decimal("4"), 0, 10, True, True),
    ("Lấy người dân, doanh nghiệp làm trung tâm", "Citizens and businesses at the centre",
     "Mức độ hài lòng, khả năng tiếp cận, dữ liệu mở.",
     "Satisfaction, accessibility, open data.", Decimal("2"), 0, 10, True, True),
    ("Khả năng nhân rộng", "Can be replicated",
     "Mô hình có thể áp dụng ở địa phương, đơn vị khác.",
     "The model could be applied by other localities or organisations.", Decimal("1"), 0, 10,
     False, True),
    ("Nhận xét về hồ sơ", "Remarks on the file",
     "Chỉ để tham khảo, không tính điểm: hồ sơ có đầy đủ, rõ ràng không?",
     "For reference only, not counted: is the file complete and clear?", Decimal("1"), 1, 5,
     False, False),
]


@transaction.atomic
def load() -> AwardCycle | None:
    edition = Edition.objects.filter(year=2024).first()
    if edition is None:
        return None
    tz = timezone.get_current_timezone()
    opens = datetime.datetime(2024, 6, 1, 8, 0, tzinfo=tz)
    closes = datetime.datetime(2024, 9, 15, 17, 0, tzinfo=tz)
    judging_open = datetime.datetime(2024, 9, 16, 8, 0, tzinfo=tz)
    judging_close = datetime.datetime(2024, 10, 15, 17, 0, tzinfo=tz)
    # The 2024 story as it happened (its nominations, scores and winners: demo_results).
    cycle, _created = AwardCycle.objects.update_or_create(
        edition=edition,
        defaults={
            "name": "Lãnh đạo chuyển đổi số tiêu biểu 2024",
            "name_en": "Leading Digital Transformation Leaders 2024",
            "introduction": INTRO_VI, "introduction_en": INTRO_EN,
            "eligibility": ELIGIBILITY_VI, "eligibility_en": ELIGIBILITY_EN,
            "nominations_open": opens, "nominations_close": closes,
            "judging_open": judging_open, "judging_close": judging_close,
            "voting_open": judging_open, "voting_close": judging_close,
            "judges_per_nomination": 3,
        },
    )
    for order, (_key, sector, name, name_en, desc, desc_en) in enumerate(CATEGORIES):
        category = AwardCategory.objects.filter(cycle=cycle, sector=sector).first()
        if category is None:
            category = AwardCategory(cycle=cycle, sector=sector)
        category.name, category.name_en = name, name_en
        category.description, category.description_en = desc, desc_en
        category.sort_order = order
        category.max_winners = 5
        if sector == Sector.ENTERPRISE:
            category.public_vote_enabled = True
            category.public_vote_share = 20
        category.save()
        for index, (c_name, c_name_en, guide, guide_en, weight, low, high, required,
                    counted) in enumerate(RUBRIC):
            Criterion.objects.update_or_create(
                category=category, sort_order=index,
                defaults={"name": c_name, "name_en": c_name_en, "guidance": guide,
                          "guidance_en": guide_en, "weight": weight, "scale_min": low,
                          "scale_max": high, "required": required, "counted": counted},
            )
    _awards_pages(edition, cycle)
    return cycle


def _awards_pages(edition: Edition, cycle: AwardCycle) -> None:
    vi = Locale.objects.filter(language_code="vi").first()
    en = Locale.objects.filter(language_code="en").first()
    parent = EditionPage.objects.filter(edition=edition, locale=vi).first()
    if parent is None or en is None:
        return
    page = AwardsPage.objects.child_of(parent).filter(slug="giai-thuong").first()
    if page is None:
        page = AwardsPage(slug="giai-thuong", title="Lãnh đạo chuyển đổi số tiêu biểu",
                          intro=f"<p>{INTRO_VI}</p>", cycle=cycle, show_in_menus=True)
        parent.add_child(instance=page)
        page.save_revision().publish()
    translated = page.get_translation_or_none(en)
    if translated is None:
        translated = page.copy_for_translation(en, copy_parents=True, alias=False).specific
        translated.title = "Leading Digital Transformation Leaders"
        translated.slug = "awards"
        translated.intro = f"<p>{INTRO_EN}</p>"
        translated.cycle = cycle
        translated.save_revision().publish()
