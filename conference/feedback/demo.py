"""Demo feedback: thirty of the demo's delegates rated the sessions they sat in, with a few
comments, and the results are released to speakers. Idempotent (nothing is added once the
edition has feedback). Runs after the certificates demo (its delegates and their scans)."""

import datetime
import random

from django.contrib.auth import get_user_model

from cms.models import Edition, Session
from conference.registration.enums import RegistrationStatus
from conference.registration.models import Attendee

from .models import SessionFeedback
from .services import rate_session, release_to_speakers

COMMENTS = [
    "Nội dung thiết thực, nhiều ví dụ từ địa phương.",
    "Cần thêm thời gian cho phần hỏi đáp.",
    "Diễn giả trình bày rõ ràng, dễ hiểu.",
    "Âm thanh ở cuối hội trường hơi nhỏ.",
    "Mong có tài liệu trình chiếu gửi sau phiên.",
    "Very useful case studies on open data.",
    "",
    "",
]


def load() -> None:
    edition = Edition.current()
    if edition is None or SessionFeedback.objects.filter(session__edition=edition).exists():
        return
    sessions = list(Session.objects.filter(edition=edition, live=True,
                                           kind__in=["talk", "keynote", "panel"])
                    .order_by("start")[:10])
    attendees = list(Attendee.objects.filter(
        registration__edition=edition, registration__status=RegistrationStatus.CONFIRMED)
        .exclude(email="").order_by("id")[:30])
    if not sessions or not attendees:
        return
    rng = random.Random(2024)  # noqa: S311 (demo data, reproducible)
    users = get_user_model().objects
    for attendee in attendees:
        user = users.filter(email=attendee.email).first() or users.create_user(
            email=attendee.email, password=None, first_name=attendee.full_name.split()[-1])
        for session in rng.sample(sessions, k=min(3, len(sessions))):
            rate_session(session=session, user=user, rating=rng.choice([3, 4, 4, 5, 5, 2]),
                         comment=rng.choice(COMMENTS),
                         now=session.start + datetime.timedelta(minutes=45))
    release_to_speakers(edition=edition, released=True, by=None)
