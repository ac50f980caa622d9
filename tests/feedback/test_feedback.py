"""Session feedback (issue #16 item 3): once per account and session (editable), refused before
the session starts and after rating closes, registered attendees only, rate limited; organisers
see counts, averages, comments and an export; speakers see their own results once released."""

import csv
import datetime
import io

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.utils import timezone

from cms.models import SessionSpeaker, Speaker
from conference.accounts.roles import ORGANIZER, REGISTRATION_DESK, sync_roles
from conference.feedback.exceptions import FeedbackError
from conference.feedback.links import speaker_results_url, speaker_token
from conference.feedback.models import SessionFeedback
from conference.feedback.services import rate_session, release_to_speakers
from conference.registration.enums import RegistrationStatus

pytestmark = pytest.mark.django_db


def url(session):
    return f"/feedback/sessions/{session.pk}/"


def test_one_rating_per_account_and_session_which_can_be_changed(client, session_factory,
                                                                 attendee_user):
    session = session_factory()
    client.force_login(attendee_user)
    page = client.get(url(session))
    assert page.status_code == 200 and 'name="rating"' in page.content.decode()
    assert client.post(url(session), {"rating": "4", "comment": "Rất hữu ích"}).status_code \
        == 302
    assert client.post(url(session), {"rating": "2", "comment": "Nghĩ lại: hơi dài"}) \
        .status_code == 302
    feedback = SessionFeedback.objects.get()
    assert (feedback.rating, feedback.comment, feedback.user) == (2, "Nghĩ lại: hơi dài",
                                                                  attendee_user)
    assert "2/5" in client.get(url(session)).content.decode()
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionFeedback.objects.create(session=session, user=attendee_user, rating=5)


def test_refused_before_the_session_starts_and_after_rating_closes(
    client, session_factory, attendee_user, today_edition
):
    later = session_factory(starts_in=datetime.timedelta(hours=3))
    client.force_login(attendee_user)
    response = client.post(url(later), {"rating": "5"})
    assert response.status_code == 403
    assert "khi phiên đã bắt đầu" in response.content.decode()
    with pytest.raises(FeedbackError) as error:
        rate_session(session=later, user=attendee_user, rating=5)
    assert error.value.code == "not_started"
    # Once it has started it is accepted; eight days after the event it is closed.
    assert rate_session(session=later, user=attendee_user, rating=5,
                        now=later.start + datetime.timedelta(minutes=1)).rating == 5
    after = timezone.now() + datetime.timedelta(days=9)
    with pytest.raises(FeedbackError) as error:
        rate_session(session=later, user=attendee_user, rating=3, now=after)
    assert error.value.code == "closed"
    assert SessionFeedback.objects.get().rating == 5


def test_only_signed_in_registered_attendees_may_rate(client, session_factory, user_factory,
                                                      attendee_factory):
    session = session_factory()
    assert client.post(url(session), {"rating": "5"}).status_code == 302  # to the login page
    stranger = user_factory(email="la@example.vn")
    pending = user_factory(email="cho@example.vn")
    attendee_factory("Chờ Duyệt", email="cho@example.vn", user=pending,
                     status=RegistrationStatus.PENDING_APPROVAL, badge=False)
    for user in (stranger, pending):
        client.force_login(user)
        response = client.post(url(session), {"rating": "5"})
        assert response.status_code == 403
        assert "đại biểu đã đăng ký" in response.content.decode()
    # Registered by email (the attendee row has no account link yet) counts.
    by_email = user_factory(email="moi@example.vn")
    attendee_factory("Người Mới", email="moi@example.vn")
    client.force_login(by_email)
    assert client.post(url(session), {"rating": "3"}).status_code == 302
    assert list(SessionFeedback.objects.values_list("user__email", flat=True)) == [
        "moi@example.vn"]
    # A session that does not exist, or is not live.
    assert client.get("/feedback/sessions/999999/").status_code == 404


@pytest.mark.parametrize("data", [{"rating": "7"}, {"rating": "abc"}, {}, {"rating": "0"},
                                  {"rating": "3", "comment": "x" * 2001}])
def test_bad_input_is_a_clear_400(client, session_factory, attendee_user, data):
    session = session_factory()
    client.force_login(attendee_user)
    response = client.post(url(session), data)
    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()
    assert not SessionFeedback.objects.exists()


def test_a_nul_in_a_rating_is_refused_before_the_form(client, session_factory, attendee_user):
    """A NUL is refused once, centrally (conference.common.middleware), with its own message."""
    session = session_factory()
    client.force_login(attendee_user)
    response = client.post(url(session), {"rating": "3\x00"})
    assert response.status_code == 400
    assert "NUL" in response.content.decode()
    assert not SessionFeedback.objects.exists()


def test_rate_limited_per_account(client, session_factory, attendee_user, settings):
    from django.core.cache import cache

    cache.clear()
    settings.FEEDBACK_RATE_LIMIT = 2
    sessions = [session_factory(title=f"Phiên {n}") for n in range(3)]
    client.force_login(attendee_user)
    assert client.post(url(sessions[0]), {"rating": "5"}).status_code == 302
    assert client.post(url(sessions[1]), {"rating": "5"}).status_code == 302
    response = client.post(url(sessions[2]), {"rating": "5"})
    assert response.status_code == 429
    assert SessionFeedback.objects.count() == 2
    cache.clear()


@pytest.fixture
def rated(session_factory, attendee_factory, user_factory):
    """Two sessions; the first rated 5, 4 and 3 (one comment starting with '='), the other 1."""
    first = session_factory(title="Dữ liệu mở")
    second = session_factory(title="An toàn thông tin")
    ratings = [(first, 5, "Tuyệt vời"), (first, 4, "=HYPERLINK(\"x\")"), (first, 3, ""),
               (second, 1, "Âm thanh kém")]
    for n, (session, stars, comment) in enumerate(ratings):
        user = user_factory(email=f"dg{n}@example.vn")
        attendee_factory(f"Đại biểu {n}", email=user.email, user=user)
        rate_session(session=session, user=user, rating=stars, comment=comment)
    return first, second


def _staff(user_factory, role, email):
    sync_roles()
    user = user_factory(email=email)
    user.groups.add(Group.objects.get(name=role))
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP,
                                 data={"secret": "JBSWY3DPEHPK3PXP"})
    return user


def test_organisers_see_counts_averages_comments_and_export(client, rated, user_factory):
    first, second = rated
    organiser = _staff(user_factory, ORGANIZER, "btc@govconf.vn")
    client.force_login(organiser)
    body = client.get("/admin/feedback/").content.decode()
    assert "Dữ liệu mở" in body and "4,00" in body and "1,00" in body
    detail = client.get(f"/admin/feedback/sessions/{first.pk}/").content.decode()
    assert "Tuyệt vời" in detail and "Âm thanh kém" not in detail
    export = client.get("/admin/feedback/export/", {"edition": first.edition.year})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert len(rows) == 5
    assert sorted(row[2] for row in rows[1:]) == ["1", "3", "4", "5"]
    assert "'=HYPERLINK(\"x\")" in [row[3] for row in rows]
    # The desk may not read feedback.
    client.force_login(_staff(user_factory, REGISTRATION_DESK, "desk@govconf.vn"))
    assert client.get("/admin/feedback/").status_code in (302, 403)
    assert client.get("/admin/feedback/export/").status_code in (302, 403)


def test_speakers_see_their_own_results_once_released(client, rated, user_factory):
    first, second = rated
    edition = first.edition
    an = Speaker.objects.create(edition=edition, name="TS. Trần An")
    binh = Speaker.objects.create(edition=edition, name="ThS. Lê Bình")
    SessionSpeaker.objects.create(session=first, speaker=an)
    SessionSpeaker.objects.create(session=second, speaker=binh)
    link = speaker_results_url(an).split("://", 1)[1].split("/", 1)[1]
    page = client.get(f"/{link}").content.decode()
    assert "chưa công bố" in page and "Tuyệt vời" not in page
    release_to_speakers(edition=edition, released=True,
                        by=_staff(user_factory, ORGANIZER, "btc@govconf.vn"))
    page = client.get(f"/{link}").content.decode()
    assert "Tuyệt vời" in page and "4,0/5" in page
    assert "Âm thanh kém" not in page and "An toàn thông tin" not in page
    assert client.get(f"/feedback/speakers/{speaker_token(an)}x/").status_code == 404
    assert client.get("/feedback/speakers/forged/").status_code == 404
