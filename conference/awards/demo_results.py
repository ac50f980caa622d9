"""The demo's 2024 awards, told to the end: nominations in every outcome, a judging panel that
declared and scored, winners and finalists published at the ceremony on 25/10/2024 with their
certificates, the outcome e-mailed. Idempotent: done once per cycle.

Rows are written directly, with 2024 dates: the services refuse actions outside their windows
(nominations closed on 15/09/2024), which is right for users and wrong for a story of the past.
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from conference.accounts.roles import JUDGE

from .enums import JUDGED, ConsentState, NominationKind, NominationStatus, Sector
from .models import (
    AwardCategory,
    AwardCycle,
    CategoryJudge,
    Certificate,
    JudgeAssignment,
    JudgeDeclaration,
    KeyFigure,
    Nomination,
    Score,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
S = NominationStatus
DEMO_JUDGE_EMAIL = "judge@govconf.local"
#: The panel: the demo judge account (printed by load_demo) and two more.
JUDGES = [
    (DEMO_JUDGE_EMAIL, "Nguyễn Thanh", "Hải", "Học viện Chính trị quốc gia Hồ Chí Minh"),
    ("giamkhao.lan@example.vn", "Trần Thị", "Lan", "Đại học Quốc gia Hà Nội"),
    ("giamkhao.quang@example.vn", "Phạm Minh", "Quang", "Hiệp hội Phần mềm và Dịch vụ CNTT"),
]
#: sector -> [(nominee, position, organisation, status, mean score 0-10, figure)]
NOMINATIONS = {
    Sector.PROVINCIAL: [
        ("Lê Quang Nam", "Phó Chủ tịch UBND thành phố", "UBND thành phố Đà Nẵng", S.WINNER,
         Decimal("9.1"), ("Dịch vụ công trực tuyến toàn trình", "98%")),
        ("Hoàng Thị Mai", "Phó Chủ tịch UBND tỉnh", "UBND tỉnh Quảng Ninh", S.FINALIST,
         Decimal("8.4"), ("Hồ sơ nộp trực tuyến", "87%")),
        ("Vũ Đức Thắng", "Phó Chủ tịch UBND tỉnh", "UBND tỉnh Bình Dương", S.NOT_SELECTED,
         Decimal("6.9"), ("Chỉ số DTI tăng", "+9 bậc")),
        ("Đỗ Văn Hùng", "Chánh Văn phòng", "UBND tỉnh Gia Lai", S.INELIGIBLE, None, None),
    ],
    Sector.DEPARTMENT: [
        ("Nguyễn Thị Thanh Bình", "Giám đốc Sở", "Sở Khoa học và Công nghệ TP Đà Nẵng",
         S.WINNER, Decimal("8.8"), ("Nền tảng dữ liệu dùng chung", "42 cơ quan")),
        ("Trần Minh Đức", "Chủ tịch UBND quận", "UBND quận Hải Châu", S.FINALIST,
         Decimal("8.0"), ("Thanh toán không dùng tiền mặt", "76%")),
        ("Phan Thu Hà", "Phó Giám đốc Sở", "Sở Nội vụ tỉnh Thừa Thiên Huế", S.NOT_SELECTED,
         Decimal("7.1"), None),
    ],
    Sector.ENTERPRISE: [
        ("Bùi Thanh Sơn", "Tổng Giám đốc", "Công ty CP Phần mềm Sông Hàn", S.WINNER,
         Decimal("8.9"), ("Doanh nghiệp dùng nền tảng", "12.000")),
        ("Ngô Thị Vy", "Giám đốc Công nghệ", "Tổng công ty Điện lực miền Trung", S.FINALIST,
         Decimal("8.2"), ("Hóa đơn điện tử", "100%")),
        ("Dương Văn Long", "Giám đốc", "Công ty TNHH Logistics Tiên Sa", S.NOT_SELECTED,
         Decimal("6.5"), None),
    ],
    Sector.EDUCATION: [
        ("Huỳnh Ngọc Lan", "Hiệu trưởng", "Trường Đại học Bách khoa - Đại học Đà Nẵng",
         S.WINNER, Decimal("8.7"), ("Học phần trực tuyến", "320")),
        ("Lý Văn Phong", "Giám đốc Sở", "Sở Giáo dục và Đào tạo tỉnh Quảng Nam", S.NOT_SELECTED,
         Decimal("7.0"), None),
    ],
}
SUBMITTED = datetime.datetime(2024, 8, 20, 10, 0, tzinfo=VN)
SCORED = datetime.datetime(2024, 10, 10, 16, 0, tzinfo=VN)
PUBLISHED = datetime.datetime(2024, 10, 25, 16, 30, tzinfo=VN)


def load() -> None:
    cycle = AwardCycle.objects.filter(edition__year=2024).first()
    if cycle is None or Nomination.objects.filter(cycle=cycle).exists():
        return
    judges = _judges(cycle)
    nominators = _nominators()
    for index, (sector, rows) in enumerate(NOMINATIONS.items()):
        category = AwardCategory.objects.filter(cycle=cycle, sector=sector).first()
        if category is None:
            continue
        for judge in judges:
            CategoryJudge.objects.get_or_create(category=category, user=judge)
        criteria = list(category.criteria.all())
        for row, (name, position, organisation, status, mean, figure) in enumerate(rows):
            nomination = Nomination.objects.create(
                cycle=cycle, category=category, nominator=nominators[(index + row) % 3],
                kind=NominationKind.OTHER, status=status, nominee_name=name,
                nominee_position=position, nominee_organisation=organisation,
                nominee_sector=sector, nominee_email=f"ung.vien.{index}.{row}@example.vn",
                summary=f"{name} dẫn dắt chương trình chuyển đổi số của {organisation}.",
                achievements="Đưa dịch vụ công lên môi trường số; dữ liệu dùng chung; "
                             "người dân hài lòng hơn.",
                citation=(f"Vì những đóng góp nổi bật trong chuyển đổi số tại {organisation}."
                          if status in (S.WINNER, S.FINALIST) else ""),
                citation_en=(f"For an outstanding contribution to digital transformation at "
                             f"{organisation}." if status in (S.WINNER, S.FINALIST) else ""),
                consent_state=ConsentState.GIVEN, consent_at=SUBMITTED, nominee_language="vi",
                eligibility_confirmed=True, submitted_at=SUBMITTED, status_changed_at=SCORED,
                ineligible_reason="Chưa đủ 12 tháng giữ vị trí lãnh đạo."
                if status == S.INELIGIBLE else "",
                outcome_sent_at=PUBLISHED,
            )
            if figure:
                KeyFigure.objects.create(nomination=nomination, label=figure[0],
                                         value=figure[1], sort_order=0)
            if status in JUDGED:
                _scores(nomination, judges, criteria, mean)
            if status in (S.WINNER, S.FINALIST):
                Certificate.objects.create(nomination=nomination, title=status,
                                           code=f"DEMO-LD2024-{index}{row}", issued_at=PUBLISHED)
    AwardCycle.objects.filter(pk=cycle.pk).update(results_published_at=PUBLISHED,
                                                  results_released_at=PUBLISHED)


def _judges(cycle: AwardCycle) -> list:
    group = Group.objects.get(name=JUDGE)
    judges = []
    for email, family, given, organisation in JUDGES:
        user, _created = get_user_model().objects.get_or_create(
            email=email, defaults={"last_name": family, "first_name": given})
        user.groups.add(group)
        JudgeDeclaration.objects.get_or_create(
            cycle=cycle, judge=user,
            defaults={"organisation": organisation, "declared_at": SUBMITTED})
        judges.append(user)
    return judges


def _nominators() -> list:
    people = [("so.tttt@example.vn", "Sở Thông tin", "Truyền thông"),
              ("hiephoi@example.vn", "Hiệp hội", "Doanh nghiệp"),
              ("dhdn@example.vn", "Đại học", "Đà Nẵng")]
    return [get_user_model().objects.get_or_create(
        email=email, defaults={"last_name": family, "first_name": given})[0]
        for email, family, given in people]


def _scores(nomination, judges, criteria, mean: Decimal) -> None:
    """Each judge near the nomination's mean (one a little higher, one lower), on each scale."""
    for offset, judge in zip((Decimal("0.4"), Decimal("0"), Decimal("-0.4")), judges,
                             strict=True):
        assignment = JudgeAssignment.objects.create(nomination=nomination, judge=judge,
                                                    submitted_at=SCORED)
        for criterion in criteria:
            span = criterion.scale_max - criterion.scale_min
            value = criterion.scale_min + span * min(Decimal(10), mean + offset) / 10
            Score.objects.create(assignment=assignment, criterion=criterion,
                                 value=value.quantize(Decimal("0.1")))
