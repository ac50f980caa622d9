"""Small factories for registration and payment tests (plain functions, no magic)."""

import datetime
import itertools

from cms.models import Edition
from conference.registration.models import Category
from conference.registration.services import get_registration_settings

_seq = itertools.count(1)


def make_edition(*, venue_capacity: int = 1000, hold_minutes: int = 30, **fields) -> Edition:
    Edition.objects.filter(is_current=True).update(is_current=False)
    year = fields.pop("year", 2030 + next(_seq))
    edition = Edition.objects.create(
        year=year, name=f"Hội thảo {year}", name_en=f"Conference {year}",
        start_date=datetime.date(year, 10, 25), end_date=datetime.date(year, 10, 25),
        venue="Cung Hội nghị Furama", venue_en="Furama Convention Centre", is_current=True,
        **fields,
    )
    reg_settings = get_registration_settings(edition)
    reg_settings.venue_capacity = venue_capacity
    reg_settings.hold_minutes = hold_minutes
    reg_settings.save()
    return edition


def make_category(edition, **fields) -> Category:
    n = next(_seq)
    defaults = {"code": f"cat{n}", "name": f"Hạng {n}", "name_en": f"Category {n}",
                "quota": 10, "price_vnd": 0}
    defaults.update(fields)
    return Category.objects.create(edition=edition, **defaults)


def person(n: int | None = None, **fields) -> dict:
    n = next(_seq) if n is None else n
    data = {"full_name": f"Nguyễn Văn Thử {n}", "email": f"nguoi{n}@example.vn",
            "position": "Chuyên viên", "organisation": "Sở TT&TT Đà Nẵng", "language": "vi"}
    data.update(fields)
    return data


def consent(edition) -> str:
    return get_registration_settings(edition).consent_version
