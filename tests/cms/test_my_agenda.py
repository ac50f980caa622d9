"""Stars, the private calendar feed, and the email when a starred session moves."""

import pytest
from django.core import mail
from django.urls import reverse

from cms import services
from cms.models import CalendarFeed, Session, StarredSession
from conference.common.models import OutboxMessage
from tests.cms.conftest import at


def _publish_change(session, **changes):
    """What the admin's edit + publish does: a new revision that is then published."""
    session = Session.objects.get(pk=session.pk)
    for field, value in changes.items():
        setattr(session, field, value)
    session.save_revision().publish()
    return session


def test_star_unstar_and_merge(user_factory, make_session):
    user = user_factory()
    one, two, three = (make_session(title=t, start=s, end=e) for t, s, e in
                       [("A", "09:00", "09:30"), ("B", "10:00", "10:30"), ("C", "11:00", "11:30")])
    draft = make_session(title="Nháp", start="12:00", end="12:30", publish=False)
    services.star_session(user=user, session_id=one.pk)
    services.star_session(user=user, session_id=one.pk)  # twice is harmless
    assert services.starred_ids(user=user) == [one.pk]
    merged = services.merge_stars(user=user, session_ids=[one.pk, two.pk, "x", draft.pk, 999999])
    assert merged == [one.pk, two.pk]
    services.unstar_session(user=user, session_id=one.pk)
    assert services.starred_ids(user=user) == [two.pk]
    with pytest.raises(services.AgendaError) as error:
        services.star_session(user=user, session_id=draft.pk)
    assert error.value.code == "unknown_session"
    assert three.pk not in services.starred_ids(user=user)


def test_moving_a_starred_session_emails_each_attendee_once_in_their_language(
        user_factory, hall, room_b, make_session, django_capture_on_commit_callbacks):
    vi_user = user_factory(email="an@example.com", first_name="An", language="vi")
    en_user = user_factory(email="emma@example.com", first_name="Emma", language="en")
    user_factory(email="other@example.com")  # did not star it
    session = make_session(title="Đô thị thông minh", title_en="Smart cities", start="10:00",
                           end="10:30", room=hall)
    for user in (vi_user, en_user):
        services.star_session(user=user, session_id=session.pk)

    with django_capture_on_commit_callbacks(execute=True):
        _publish_change(session, start=at("14:00"), end=at("14:30"), room=room_b)

    messages = {m.to: m for m in OutboxMessage.objects.all()}
    assert sorted(messages) == ["an@example.com", "emma@example.com"]
    vi, en = messages["an@example.com"], messages["emma@example.com"]
    assert vi.subject == "Thay đổi trong lịch của bạn: Đô thị thông minh"
    assert "Thời điểm: 25/10/2024 10:00–10:30 → 25/10/2024 14:00–14:30" in vi.body_text
    assert "Phòng: Hội trường chính → Phòng B" in vi.body_text
    assert en.subject == "Changed in your agenda: Smart cities"
    assert "Time: 25/10/2024 10:00–10:30 → 25/10/2024 14:00–14:30" in en.body_text
    assert "Room: Main hall → Room B" in en.body_text
    assert len(mail.outbox) == 2

    # Publishing again without a change of time or room tells nobody.
    with django_capture_on_commit_callbacks(execute=True):
        _publish_change(session, description="Mô tả mới")
    assert OutboxMessage.objects.count() == 2


def test_saving_a_draft_does_not_email_until_published(user_factory, hall, make_session,
                                                       django_capture_on_commit_callbacks):
    user = user_factory()
    session = make_session(title="Phiên", start="10:00", end="10:30", room=hall)
    services.star_session(user=user, session_id=session.pk)
    draft = Session.objects.get(pk=session.pk)
    draft.start, draft.end = at("11:00"), at("11:30")
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision()  # a draft: the live row keeps 10:00
    assert Session.objects.get(pk=session.pk).start == at("10:00")
    assert OutboxMessage.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        Session.objects.get(pk=session.pk).latest_revision.publish()
    assert OutboxMessage.objects.count() == 1


def test_first_publication_emails_nobody(user_factory, hall, room_b, make_session,
                                         django_capture_on_commit_callbacks):
    """A first publication is no move, even for someone who has the session in their agenda.

    The API stars published sessions only: the star is written directly, so that a first
    publication treated as a move (from the draft's own time and room) would email them.
    """
    user = user_factory()
    draft = make_session(title="Mới", start="10:00", end="10:30", room=hall, publish=False)
    StarredSession.objects.create(user=user, session=draft)
    draft = Session.objects.get(pk=draft.pk)
    draft.start, draft.end, draft.room = at("14:00"), at("14:30"), room_b
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    published = Session.objects.get(pk=draft.pk)
    assert (published.live, published.start, published.room) == (True, at("14:00"), room_b)
    assert OutboxMessage.objects.count() == 0
    assert len(mail.outbox) == 0


def test_private_calendar_feed_and_rotation(client, user_factory, make_session, edition):
    user = user_factory(language="en")
    mine = make_session(title="Phiên của tôi", title_en="My session", start="09:00",
                        end="09:30")
    make_session(title="Phiên khác", start="10:00", end="10:30")
    services.star_session(user=user, session_id=mine.pk)
    feed = services.calendar_feed_for(user=user)
    assert len(feed.token) >= 40
    url = reverse("cms_api:personal_ics", args=[feed.token])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.count("BEGIN:VEVENT") == 1
    assert "SUMMARY:My session" in body
    assert "DTSTART:20241025T020000Z" in body

    rotated = services.rotate_calendar_feed(user=user)
    assert rotated.token != feed.token
    assert client.get(url).status_code == 404
    assert client.get(reverse("cms_api:personal_ics", args=[rotated.token])).status_code == 200
    assert CalendarFeed.objects.count() == 1
    assert client.get(reverse("cms_api:personal_ics", args=["guess"])).status_code == 404


def test_stars_api(client, user_factory, make_session):
    session = make_session(title="A")
    url = reverse("cms_api:api_stars")
    response = client.get(url)
    assert response.status_code == 401
    assert response.json()["code"] == "login_required"

    user = user_factory()
    client.force_login(user)
    assert client.get(url).json() == {"sessions": []}
    response = client.post(url, {"session": session.pk, "starred": True},
                           content_type="application/json")
    assert response.json() == {"sessions": [session.pk]}
    response = client.post(url, {"session": 424242}, content_type="application/json")
    assert response.status_code == 404
    assert response.json()["code"] == "unknown_session"
    response = client.post(url, "not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "bad_json"
    response = client.post(url, {"session": session.pk, "starred": False},
                           content_type="application/json")
    assert response.json() == {"sessions": []}

    merge = reverse("cms_api:api_stars_merge")
    assert client.post(merge, {"sessions": "1"}, content_type="application/json").status_code == 400
    response = client.post(merge, {"sessions": [session.pk, session.pk]},
                           content_type="application/json")
    assert response.json() == {"sessions": [session.pk]}
    assert StarredSession.objects.filter(user=user).count() == 1


def test_star_form_without_javascript(client, user_factory, make_session, agenda_site):
    session = make_session(title="A")
    url = reverse("cms:star")
    response = client.post(url, {"session": session.pk, "next": "/agenda/"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    user = user_factory()
    client.force_login(user)
    response = client.post(url, {"session": session.pk, "next": "/agenda/"})
    assert response["Location"] == "/agenda/"
    assert services.starred_ids(user=user) == [session.pk]
    client.post(url, {"session": session.pk, "next": "https://evil.example/"})
    assert services.starred_ids(user=user) == []
    assert client.post(url, {"session": "x"}).status_code == 404
