"""Factories for invitation tests (plain functions)."""

import itertools
from datetime import timedelta

from django.utils import timezone

from conference.invitations.services import create_invitation

_seq = itertools.count(1)


def invite(category, **fields):
    n = next(_seq)
    data = {"full_name": f"Trần Thị Mời {n}", "email": f"khach{n}@bo.gov.vn",
            "honorific": "Bà", "position": "Vụ trưởng", "organisation": "Bộ Nội vụ",
            "deadline": timezone.now() + timedelta(days=10)}
    data.update(fields)
    return create_invitation(category=category, **data)


def invite_organisation(category, seats, **fields):
    n = next(_seq)
    data = {"kind": "organisation", "organisation": f"Sở Thông tin và Truyền thông tỉnh {n}",
            "email": f"so{n}@tinh.gov.vn", "seats": seats,
            "deadline": timezone.now() + timedelta(days=10)}
    data.update(fields)
    return create_invitation(category=category, **data)
