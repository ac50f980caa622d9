"""Demo protocol seating for the 2024 edition: the seated plenary in the main hall and the
awards ceremony, with the delegates, speakers, press and leaders they seat. Idempotent.

Only Nguyễn Thị Anh Thi is a real person (the seed names her, she is a speaker of the demo
programme); every other name and organisation here is a clearly generic demo name.
"""

from django.db import transaction

from checkin.models import CheckinPoint
from cms.models import Edition, Room, Session, Speaker
from conference.registration.badges import active_badge, issue_badge
from conference.registration.enums import RegistrationStatus
from conference.registration.models import Attendee, Category, Registration

from .enums import BlockKind, Numbering
from .models import Block, RankRule, SeatingPlan, Section
from .services import assign_by_rules, build_section_seats, lock_plan

LEADERS = [
    # name, position, organisation
    ("Trịnh Văn Demo", "Thứ trưởng", "Bộ Demo"),
    ("Hồ Thị Minh Họa", "Chủ tịch Ủy ban nhân dân", "UBND tỉnh Demo Bắc"),
    ("Châu Quốc Thử", "Phó Chủ tịch Ủy ban nhân dân", "UBND tỉnh Demo Nam"),
    ("Kiều Văn Mẫu", "Giám đốc Sở", "Sở Thông tin và Truyền thông tỉnh Demo Trung"),
]
DELEGATIONS = [
    ("Sở Thông tin và Truyền thông tỉnh Demo Bắc",
     ["Lương Văn Bắc", "Tạ Thị Thu", "Mạc Đình Phong", "Quách Thị Yến"]),
    ("Sở Thông tin và Truyền thông tỉnh Demo Nam",
     ["La Văn Nam", "Ông Thị Hạnh", "Giáp Văn Toàn"]),
    ("Sở Thông tin và Truyền thông tỉnh Demo Tây",
     ["Khúc Thị Tây", "Doãn Văn Lực", "Lã Thị Ngân", "Âu Văn Kiên", "Cù Thị Hoa"]),
]
PRESS = [
    ("Nông Văn Báo", "Phóng viên", "Báo Điện tử Demo"),
    ("Thái Thị Tin", "Biên tập viên", "Đài Truyền hình Demo"),
    ("Viên Minh Ảnh", "Phóng viên ảnh", "Thông tấn xã Demo"),
]
DELEGATES = [
    ("Hà Văn Một", "Chuyên viên", "Văn phòng UBND tỉnh Demo Đông"),
    ("Lục Thị Hai", "Trưởng phòng", "Sở Nội vụ tỉnh Demo Đông"),
    ("Tống Văn Ba", "Chuyên viên chính", "Sở Tài chính tỉnh Demo Đông"),
    ("Mã Thị Bốn", "Phó Trưởng phòng", "Sở Y tế tỉnh Demo Đông"),
    ("Kha Văn Năm", "Chuyên viên", "Sở Giáo dục tỉnh Demo Đông"),
    ("Lâm Thị Sáu", "Chuyên viên", "Sở Tư pháp tỉnh Demo Đông"),
]


def _registration(edition, category, reference, people, language="vi"):
    registration, _created = Registration.objects.update_or_create(
        reference=reference,
        defaults={"edition": edition, "category": category, "status":
                  RegistrationStatus.CONFIRMED, "quantity": len(people),
                  "contact_email": f"{reference.lower()}@demo.example.vn",
                  "language": language},
    )
    for index, (name, position, organisation) in enumerate(people, start=1):
        attendee, _created = Attendee.objects.update_or_create(
            registration=registration, email=f"{reference.lower()}-{index}@demo.example.vn",
            defaults={"full_name": name, "position": position, "organisation": organisation,
                      "language": language},
        )
        if active_badge(attendee) is None:
            issue_badge(attendee=attendee, device="demo")
    return registration


def _people(edition) -> None:
    categories = {c.code: c for c in Category.objects.filter(edition=edition)}
    government = categories.get("government")
    speaker, press = categories.get("speaker"), categories.get("press")
    if not (government and speaker and press):
        return
    for index, person in enumerate(LEADERS, start=1):
        _registration(edition, government, f"SEATVIP{index:02d}", [person])
    for index, (organisation, names) in enumerate(DELEGATIONS, start=1):
        members = [(name, "Đại biểu" if i else "Trưởng đoàn", organisation)
                   for i, name in enumerate(names)]
        _registration(edition, government, f"SEATDEL{index:02d}", members)
    for index, person in enumerate(DELEGATES, start=1):
        _registration(edition, government, f"SEATGOV{index:02d}", [person])
    for index, person in enumerate(PRESS, start=1):
        _registration(edition, press, f"SEATPRS{index:02d}", [person])
    for index, found in enumerate(Speaker.objects.filter(edition=edition).order_by("pk"),
                                  start=1):
        english = found.country not in ("", "VN")
        _registration(edition, speaker, f"SEATSPK{index:02d}",
                      [(found.name, found.position_en if english else found.position,
                        found.organisation_en if english else found.organisation)],
                      language="en" if english else "vi")


def _plan(edition, *, name, name_en, order, room=None, session=None, door=None,
          sections, blocks, rules):
    plan, _created = SeatingPlan.objects.update_or_create(
        edition=edition, name=name,
        defaults={"name_en": name_en, "room": room, "session": session, "sort_order": order},
    )
    if plan.is_locked:
        return plan
    if door is not None:
        plan.doors.set([door])
    made = {}
    for index, (vi, en, rows, per_row, numbering) in enumerate(sections):
        made[vi], _created = Section.objects.update_or_create(
            plan=plan, name=vi,
            defaults={"name_en": en, "rows": rows, "seats_per_row": per_row,
                      "numbering": numbering, "sort_order": index},
        )
        build_section_seats(section=made[vi])
    for kind, vi, en, colour, codes, organisation, where in blocks:
        block, _created = Block.objects.update_or_create(
            plan=plan, name=vi, defaults={"kind": kind, "name_en": en, "colour": colour,
                                          "organisation": organisation,
                                          "up_to_rank": 3 if kind == BlockKind.VIP else None},
        )
        block.categories.set(Category.objects.filter(edition=edition, code__in=codes))
        block.save()  # a ParentalManyToManyField is written when its row is saved
        for section_name, row_letters in where:
            plan.seats.filter(section=made[section_name], row__in=row_letters,
                              block__isnull=True).update(block=block)
    for rank, code, words in rules:
        category = Category.objects.filter(edition=edition, code=code).first() if code else None
        RankRule.objects.get_or_create(plan=plan, rank=rank, category=category,
                                       position_contains=words)
    if not plan.assignments.exists():
        assign_by_rules(plan=plan)
    return plan


def load() -> None:
    edition = Edition.objects.filter(year=2024).first() or Edition.current()
    if edition is None:
        return
    with transaction.atomic():
        _people(edition)
        main_hall = Room.objects.filter(edition=edition, name="Hội trường chính").first()
        door = CheckinPoint.objects.filter(edition=edition, name="Hội trường chính").first()
        rules = [(1, None, "Thứ trưởng"), (2, None, "Chủ tịch"), (3, None, "Giám đốc Sở"),
                 (4, "speaker", ""), (6, "government", ""), (8, "press", "")]
        _plan(
            edition, name="Phiên toàn thể", name_en="Plenary session", order=10,
            room=main_hall, door=door,
            sections=[("Khu trái", "Left", 8, 8, Numbering.RIGHT_TO_LEFT),
                      ("Khu giữa", "Centre", 8, 12, Numbering.ODD_EVEN),
                      ("Khu phải", "Right", 8, 8, Numbering.LEFT_TO_RIGHT)],
            blocks=[
                (BlockKind.VIP, "Lãnh đạo", "Leaders", "#B91C1C", [], "",
                 [("Khu giữa", ["A"])]),
                (BlockKind.SPEAKERS, "Diễn giả", "Speakers", "#0F7A3D", ["speaker"], "",
                 [("Khu trái", ["A", "B", "C"])]),
                (BlockKind.DELEGATION, "Đoàn tỉnh Demo Tây", "Demo Tây delegation", "#8A3FFC",
                 [], DELEGATIONS[2][0], [("Khu phải", ["B"])]),
                (BlockKind.PRESS, "Báo chí", "Press", "#C2410C", ["press"], "",
                 [("Khu phải", ["H"])]),
            ],
            rules=rules,
        )
        ceremony_door = CheckinPoint.objects.filter(
            edition=edition, name_en="Leading Digital Transformation Leaders awards").first()
        ceremony = Session.objects.filter(
            edition=edition, title_en__startswith="Leading Digital Transformation Leaders"
        ).first()
        plan = _plan(
            edition, name="Lễ tôn vinh Lãnh đạo chuyển đổi số tiêu biểu",
            name_en="Leading Digital Transformation Leaders awards ceremony", order=20,
            room=ceremony.room if ceremony else main_hall, session=ceremony,
            door=ceremony_door,
            sections=[("Khu giữa", "Centre", 6, 14, Numbering.ODD_EVEN)],
            blocks=[
                (BlockKind.VIP, "Lãnh đạo và khách mời", "Leaders and guests", "#B91C1C", [],
                 "", [("Khu giữa", ["A"])]),
                (BlockKind.PRESS, "Báo chí", "Press", "#C2410C", ["press"], "",
                 [("Khu giữa", ["F"])]),
            ],
            rules=rules,
        )
        # The ceremony's chart has gone to print: locked, as the desk would have it.
        if not plan.is_locked:
            lock_plan(plan=plan)
