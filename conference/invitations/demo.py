"""Demo invitations for the current edition: one in every state, organisations with seats, and
the letters (giấy mời) numbered and drawn in a batch.

Idempotent: each demo invitation is looked up by its e-mail and made only when missing.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from cms.models import Edition
from conference.registration.models import Category, SeatReservation
from conference.registration.services import get_registration_settings

from . import services
from .models import Invitation

PEOPLE = [
    # (state, kind, honorific, name, position, organisation, email, language, seats, category)
    ("accepted", "person", "Ông", "Nguyễn Mạnh Hùng", "Bộ trưởng",
     "Bộ Thông tin và Truyền thông", "bo-truong@mic.demo.gov.vn", "vi", 1, "speaker"),
    ("accepted", "organisation", "", "", "", "Sở Thông tin và Truyền thông tỉnh Quảng Nam",
     "so-tttt@quangnam.demo.gov.vn", "vi", 4, "government"),
    ("substitute", "person", "Bà", "Lê Thị Thu Hằng", "Thứ trưởng", "Bộ Ngoại giao",
     "thu-truong@mofa.demo.gov.vn", "vi", 1, "government"),
    ("declined", "person", "Ông", "Trần Văn Sơn", "Chủ tịch",
     "Ủy ban nhân dân tỉnh Thừa Thiên Huế", "chu-tich@hue.demo.gov.vn", "vi", 1, "government"),
    ("opened", "person", "H.E.", "Yamada Takio", "Ambassador", "Embassy of Japan in Viet Nam",
     "ambassador@emb-japan.demo.jp", "en", 1, "government"),
    ("sent", "organisation", "", "", "", "Văn phòng Chính phủ", "vpcp@chinhphu.demo.gov.vn",
     "vi", 3, "government"),
    ("sent", "person", "Ms", "Sarah Miller", "Country Director", "World Bank Viet Nam",
     "smiller@worldbank.demo.org", "en", 1, "speaker"),
    ("drafted", "person", "Ông", "Phạm Đức Long", "Chủ tịch", "Tập đoàn VNPT",
     "chu-tich@vnpt.demo.vn", "vi", 1, "business"),
    ("expired", "person", "Bà", "Vũ Thị Minh", "Giám đốc", "Sở Thông tin và Truyền thông Hà Nội",
     "giam-doc@hanoi.demo.gov.vn", "vi", 1, "government"),
    ("withdrawn", "person", "Ông", "Đỗ Quang Huy", "Phóng viên", "Báo Nhân Dân",
     "pv@nhandan.demo.vn", "vi", 1, "press"),
]


def _answers(category) -> dict:
    """Plausible answers to the category's required questions (the demo's delegates fill the
    same form as everyone)."""
    answers = {}
    for question in category.questions.filter(required=True):
        if question.kind == "choice":
            answers[question.key] = question.choice_list()[0][0]
        elif question.kind == "yes_no":
            answers[question.key] = True
        else:
            answers[question.key] = "Thẻ nhà báo số 12345" if question.key == "press_card" \
                else "—"
    return answers


def _delegate(n, organisation):
    return {"full_name": ["Nguyễn Thị Lan", "Trần Quốc Bảo", "Hồ Văn Tâm"][n],
            "email": f"dai-bieu-{n}@quangnam.demo.gov.vn", "position": "Chuyên viên",
            "organisation": organisation, "language": "vi"}


def load() -> None:
    edition = Edition.current()
    if edition is None:
        return
    categories = {c.code: c for c in Category.objects.filter(edition=edition)}
    if not categories:
        return
    version = get_registration_settings(edition).consent_version
    soon = timezone.now() + timedelta(days=14)
    made = []
    for (state, kind, honorific, name, position, organisation, email, language, seats,
         code) in PEOPLE:
        category = categories.get(code) or next(iter(categories.values()))
        if Invitation.objects.filter(edition=edition, email=email).exists():
            continue
        invitation = services.create_invitation(
            category=category, kind=kind, honorific=honorific, full_name=name,
            position=position, organisation=organisation, email=email, language=language,
            seats=seats, deadline=soon, note="demo")
        made.append(invitation)
        answers = _answers(category)
        if state == "drafted":
            continue
        if state == "withdrawn":
            services.withdraw_invitation(invitation=invitation)
            continue
        services.send_invitation(invitation=invitation)
        if state == "sent":
            continue
        services.open_invitation(invitation=invitation)
        if state == "accepted" and kind == "organisation":
            services.accept_invitation(
                invitation=invitation, consent_version=version,
                attendees=[{**_delegate(n, organisation), "answers": answers}
                           for n in range(2)])
        elif state == "accepted":
            services.accept_invitation(invitation=invitation, consent_version=version,
                                       attendees=[{"full_name": name, "email": email,
                                                   "position": position,
                                                   "organisation": organisation,
                                                   "language": language,
                                                   "answers": answers}])
        elif state == "substitute":
            services.accept_invitation(
                invitation=invitation, consent_version=version, substitute=True,
                attendees=[{"full_name": "Phạm Thanh Hà", "email": "vu-truong@mofa.demo.gov.vn",
                            "position": "Vụ trưởng", "organisation": organisation,
                            "language": "vi", "answers": answers}])
        elif state == "declined":
            services.decline_invitation(invitation=invitation, reason="Trùng lịch công tác.")
        elif state == "expired":
            with transaction.atomic():  # its deadline passed yesterday
                past = timezone.now() - timedelta(days=1)
                Invitation.objects.filter(pk=invitation.pk).update(deadline=past)
                SeatReservation.objects.filter(pk=invitation.reservation_id).update(
                    expires_at=past)
            services.expire_invitations()
    if made:
        # The letters of the edition, numbered in order and drawn in one batch.
        # Drawn now, not after commit: load_demo may run inside a transaction (the tests').
        batch = services.start_letter_batch(edition=edition)
        services.render_letter_batch(batch_id=batch.pk)
