"""A demo message to delegates: a draft about the shuttle for the current edition, ready to
preview and send from the admin (Messages to delegates). Idempotent."""

from cms.models import Edition

from .models import Broadcast
from .services import save_broadcast

SUBJECT = "Xe đưa đón đại biểu ngày {date}"


def load() -> None:
    edition = Edition.current()
    if edition is None or Broadcast.objects.filter(edition=edition).exists():
        return
    date = edition.start_date.strftime("%d/%m/%Y")
    save_broadcast(
        edition=edition, by=None,
        subject=SUBJECT.format(date=date),
        subject_en=f"Delegate shuttle on {date}",
        body=("Kính gửi {name},\n\nXe đưa đón đại biểu khởi hành lúc 7:00 từ các khách sạn "
              "đối tác tới Trung tâm Hội nghị. Vui lòng mang theo thẻ đại biểu: {badge_link}\n"),
        body_en=("Dear {name},\n\nThe delegate shuttle leaves the partner hotels at 7:00 for "
                 "the conference centre. Please bring your badge: {badge_link}\n"),
        segment={"audience": "attendees", "statuses": ["confirmed"]},
    )
