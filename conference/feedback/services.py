"""Writes for session feedback: rate (or change one's rating), release results to speakers."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.common.ratelimit import hit
from conference.common.services import record_audit

from .exceptions import FeedbackError
from .models import FeedbackSettings, SessionFeedback

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def feedback_settings(edition) -> FeedbackSettings:
    return FeedbackSettings.objects.get_or_create(edition=edition)[0]


def window(session) -> tuple[datetime.datetime, datetime.datetime]:
    """Rating opens when the session starts and closes at the end of the day that is
    ``days_open_after`` days after the edition's last day (Vietnam time)."""
    days = feedback_settings(session.edition).days_open_after
    last = session.edition.end_date + datetime.timedelta(days=days + 1)
    return session.start, datetime.datetime.combine(last, datetime.time.min, tzinfo=VN)


def check_window(session, now=None) -> None:
    now = now or timezone.now()
    opens, closes = window(session)
    if now < opens:
        raise FeedbackError(code="not_started", message=_(
            "You can rate this session once it has started."))
    if now >= closes:
        raise FeedbackError(code="closed", message=_("Rating for this session has closed."))


def _rate_limited(user) -> bool:
    """FEEDBACK_RATE_LIMIT ratings per account per ten minutes (per account, not per address:
    a venue's delegates share one Wi-Fi address)."""
    return hit(f"feedback:{user.pk}", limit=settings.FEEDBACK_RATE_LIMIT, window=600)


def rate_session(*, session, user, rating: int, comment: str = "", now=None
                 ) -> SessionFeedback:
    """Record or change ``user``'s rating of ``session`` (one per account and session, the
    unique constraint backs it). Checks who asks, the window and the rate limit."""
    if not user.has_perm("feedback.rate_session", session):
        raise FeedbackError(code="not_registered", message=_(
            "Only attendees registered for this conference can rate its sessions."))
    check_window(session, now)
    if not isinstance(rating, int) or isinstance(rating, bool) or not 1 <= rating <= 5:
        raise FeedbackError(code="bad_rating", message=_("Choose a rating from 1 to 5."))
    comment = (comment or "").strip()
    if len(comment) > 2000:
        raise FeedbackError(code="too_long", message=_(
            "The comment is too long (2,000 characters at most)."))
    if _rate_limited(user):
        raise FeedbackError(code="rate_limited", message=_(
            "Too many ratings in a short time. Please wait a few minutes."))
    with transaction.atomic():
        feedback, created = SessionFeedback.objects.select_for_update().get_or_create(
            session=session, user=user, defaults={"rating": rating, "comment": comment})
        if not created:
            feedback.rating, feedback.comment = rating, comment
            feedback.save(update_fields=["rating", "comment", "updated_at"])
    return feedback


def release_to_speakers(*, edition, released: bool, by) -> FeedbackSettings:
    with transaction.atomic():
        config = feedback_settings(edition)
        config = FeedbackSettings.objects.select_for_update().get(pk=config.pk)
        config.released_to_speakers = released
        config.save(update_fields=["released_to_speakers"])
        record_audit(action="feedback.released" if released else "feedback.withdrawn",
                     obj=config, actor=by)
    return config
