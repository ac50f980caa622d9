"""The demo: a seated plenary (leaders in front, speakers together, a delegation side by side,
press at the back) and a locked awards ceremony, loaded twice without change."""

import pytest

from conference.registration.badges import content_for
from conference.seating.models import SeatAssignment, SeatingPlan

pytestmark = pytest.mark.django_db


def test_demo_seats_the_plenary_and_the_ceremony(demo):
    from conference.seating.demo import load

    plans = {p.name_en: p for p in SeatingPlan.objects.filter(edition=demo)}
    assert sorted(plans) == ["Leading Digital Transformation Leaders awards ceremony",
                             "Plenary session"]
    plenary = plans["Plenary session"]
    ceremony = plans["Leading Digital Transformation Leaders awards ceremony"]
    assert ceremony.is_locked and not plenary.is_locked
    assert plenary.doors.get().name_en == "Main hall"
    assert ceremony.doors.get().name_en == "Leading Digital Transformation Leaders awards"

    seated = {a.attendee.full_name: a.seat for a in SeatAssignment.objects.filter(plan=plenary)
              .select_related("attendee", "seat__block", "seat__section")}
    assert seated["Trịnh Văn Demo"].block.kind == "vip"  # the vice-minister, front centre
    assert (seated["Trịnh Văn Demo"].row, seated["Trịnh Văn Demo"].number) == ("A", 1)
    assert seated["Nguyễn Thị Anh Thi"].block.kind in ("vip", "speakers")
    assert seated["Emma Clarke"].block.kind == "speakers"
    assert seated["Nông Văn Báo"].block.kind == "press"
    west = [seated[n] for n in ("Khúc Thị Tây", "Doãn Văn Lực", "Lã Thị Ngân", "Âu Văn Kiên",
                                "Cù Thị Hoa")]
    assert {(s.section_id, s.row) for s in west} == {(west[0].section_id, "B")}

    count = SeatAssignment.objects.count()
    load()
    assert SeatAssignment.objects.count() == count

    badge = SeatAssignment.objects.get(plan=plenary, attendee__full_name="Trịnh Văn Demo") \
        .attendee.badges.get()
    assert content_for(badge).seat.startswith("Phiên toàn thể: Hàng A, ghế 1")
