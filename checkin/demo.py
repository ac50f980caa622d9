"""Demo check-in points for the current edition (the venue as on 25/10/2024). Idempotent."""

import datetime
from zoneinfo import ZoneInfo

from cms.models import Edition, Session

from .enums import Direction
from .models import CheckinPoint

VENUE_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def load() -> None:
    edition = Edition.objects.filter(year=2024).first() or Edition.current()
    if edition is None:
        return
    day = edition.start_date

    def at(hour: int) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour), tzinfo=VENUE_TZ)

    points = [
        ("Cổng chính", "Main entrance", Direction.ENTRY, False, None, None, 10),
        ("Hội trường chính", "Main hall", Direction.ENTRY, True, None, None, 20),
        ("Lễ tôn vinh Lãnh đạo chuyển đổi số tiêu biểu",
         "Leading Digital Transformation Leaders awards", Direction.ENTRY, True, at(13), at(18),
         30),
        ("Cửa ra lễ tôn vinh", "Awards ceremony exit", Direction.EXIT, False, None, None, 40),
    ]
    made = {}
    for name, name_en, direction, once, opens, closes, order in points:
        made[name_en], _created = CheckinPoint.objects.update_or_create(
            edition=edition, name=name,
            defaults={"name_en": name_en, "direction": direction, "once": once,
                      "opens_at": opens, "closes_at": closes, "sort_order": order},
        )
    # The ceremony's door follows the ceremony on the agenda (opens 30 minutes before it).
    ceremony = Session.objects.filter(
        edition=edition, title_en__startswith="Leading Digital Transformation Leaders"
    ).first()
    if ceremony is not None:
        awards = made["Leading Digital Transformation Leaders awards"]
        awards.session, awards.opens_at, awards.closes_at = ceremony, None, None
        awards.save(update_fields=["session", "opens_at", "closes_at"])
    exit_point = made["Awards ceremony exit"]
    exit_point.reopens = made["Leading Digital Transformation Leaders awards"]
    exit_point.save(update_fields=["reopens"])
