"""Seating by protocol: rank rules, reserved blocks, delegations together."""

import pytest

from conference.registration.models import Attendee
from conference.seating.enums import BlockKind
from conference.seating.models import Block, RankRule, SeatAssignment
from conference.seating.services import assign_by_rules, assign_seat

from .conftest import seat

pytestmark = pytest.mark.django_db


def _seats(plan):
    return {a.attendee.full_name: (a.seat.row, a.seat.number)
            for a in SeatAssignment.objects.filter(plan=plan).select_related("attendee", "seat")}


def test_rank_rules_seat_ministers_first_then_by_category(plan_factory, attendee_factory,
                                                          category_factory):
    vip = category_factory(code="vip", name="Khách mời VIP")
    plan = plan_factory(sections=[("Khu giữa", 3, 3)])
    RankRule.objects.create(plan=plan, rank=1, position_contains="bo truong")
    RankRule.objects.create(plan=plan, rank=2, position_contains="Chủ tịch UBND")
    RankRule.objects.create(plan=plan, rank=3, category=vip)
    attendee_factory(full_name="Đại Biểu Thường")
    attendee_factory(full_name="Khách VIP", category=vip)
    attendee_factory(full_name="Lê Chủ Tịch", position="Chủ tịch UBND thành phố Đà Nẵng")
    attendee_factory(full_name="Nguyễn Bộ Trưởng", position="Bộ trưởng Bộ Thông tin")
    result = assign_by_rules(plan=plan)
    assert result == {"seated": 4, "unseated": 0}
    assert _seats(plan) == {
        "Nguyễn Bộ Trưởng": ("A", 1), "Lê Chủ Tịch": ("A", 2), "Khách VIP": ("A", 3),
        "Đại Biểu Thường": ("B", 1),
    }
    assert set(SeatAssignment.objects.values_list("how", flat=True)) == {"rule"}


def test_a_delegation_sits_together_and_blocks_take_their_people(
    plan_factory, attendee_factory, category_factory
):
    speaker = category_factory(code="speaker", name="Diễn giả")
    press = category_factory(code="press", name="Báo chí")
    plan = plan_factory(sections=[("Trái", 4, 3), ("Phải", 4, 3)])
    speakers = Block.objects.create(plan=plan, kind=BlockKind.SPEAKERS, name="Diễn giả")
    speakers.categories.set([speaker])
    speakers.save()  # a ParentalManyToManyField is written with its row
    press_block = Block.objects.create(plan=plan, kind=BlockKind.PRESS, name="Báo chí")
    press_block.categories.set([press])
    press_block.save()
    # Speakers in the front row of the left section; press at the back of the right one.
    plan.seats.filter(section__name="Trái", row="A").update(block=speakers)
    plan.seats.filter(section__name="Phải", row="D").update(block=press_block)

    attendee_factory(full_name="Diễn Giả Một", category=speaker)
    attendee_factory(full_name="Phóng Viên", category=press)
    single = attendee_factory(full_name="Người Đi Một Mình")
    # A delegation of three: one registration, whose members must sit side by side.
    lead = attendee_factory(full_name="Trưởng Đoàn", organisation="Sở TT&TT Huế")
    for name in ("Thành Viên Hai", "Thành Viên Ba"):
        Attendee.objects.create(registration=lead.registration, full_name=name,
                                organisation="Sở TT&TT Huế", email=f"{name[-3:]}@hue.gov.vn")
    # Row B of the left section has one seat taken: the delegation cannot fit there.
    assign_seat(plan=plan, seat=seat(plan, "B", 2, "Trái"), attendee=single)

    assign_by_rules(plan=plan)
    placed = {a.attendee.full_name: a.seat
              for a in SeatAssignment.objects.select_related("attendee", "seat__section")}
    assert placed["Diễn Giả Một"].block == speakers
    assert placed["Phóng Viên"].block == press_block
    delegation = [placed[n] for n in ("Trưởng Đoàn", "Thành Viên Hai", "Thành Viên Ba")]
    assert len({(s.section_id, s.row) for s in delegation}) == 1
    assert sorted(s.column for s in delegation) == [0, 1, 2]
    # Nobody outside a block sits in it.
    for name, found in placed.items():
        if name not in ("Diễn Giả Một", "Phóng Viên"):
            assert found.block is None, name
    # Running the rules again changes nothing.
    assert assign_by_rules(plan=plan) == {"seated": 0, "unseated": 0}


def test_rules_report_people_left_without_a_seat(plan_factory, attendee_factory):
    plan = plan_factory(sections=[("Khu giữa", 1, 2)])
    for i in range(3):
        attendee_factory(full_name=f"Đại biểu {i}")
    assert assign_by_rules(plan=plan) == {"seated": 2, "unseated": 1}
