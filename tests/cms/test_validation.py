"""The editor refuses impossible sessions, with the message on the field at fault."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from cms import queries
from cms.models import Session
from tests.cms.conftest import at


@pytest.fixture
def editor(client, user_factory):
    from allauth.mfa.models import Authenticator

    user = user_factory(email="editor@example.com", is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(user)
    return user


def _form_data(edition, *, title="Phiên mới", start="2024-10-25 10:00", end="2024-10-25 10:30",
               room=None, speakers=(), action_publish=False):
    data = {
        "edition": edition.pk,
        "kind": "talk",
        "language": "vi",
        "title": title,
        "title_en": "",
        "start": start,
        "end": end,
        "room": room.pk if room else "",
        "capacity": "",
        "description": "",
        "description_en": "",
        "session_speakers-TOTAL_FORMS": str(len(speakers)),
        "session_speakers-INITIAL_FORMS": "0",
        "session_speakers-MIN_NUM_FORMS": "0",
        "session_speakers-MAX_NUM_FORMS": "1000",
    }
    for i, sp in enumerate(speakers):
        data.update({
            f"session_speakers-{i}-speaker": sp.pk,
            f"session_speakers-{i}-role": "speaker",
            f"session_speakers-{i}-ORDER": str(i + 1),
            f"session_speakers-{i}-id": "",
            f"session_speakers-{i}-DELETE": "",
        })
    if action_publish:
        data["action-publish"] = "action-publish"
    return data


ADD_URL = "wagtailsnippets_cms_session:add"


def _errors(response):
    form = response.context["form"]
    return form


def test_room_booked_twice_is_refused_on_the_room_field(client, editor, edition, hall,
                                                         make_session):
    make_session(title="Phiên sáng", start="10:00", end="11:00", room=hall)
    response = client.post(reverse(ADD_URL), _form_data(
        edition, start="2024-10-25 10:30", end="2024-10-25 11:30", room=hall))
    assert response.status_code == 200
    form = _errors(response)
    assert form.errors["room"] == [
        "Hội trường chính đã có phiên “Phiên sáng” vào giờ này (25/10/2024 10:00–11:00)."
    ]
    assert Session.objects.count() == 1


def test_room_free_right_after_is_accepted(client, editor, edition, hall, make_session):
    make_session(title="Phiên sáng", start="10:00", end="11:00", room=hall)
    response = client.post(reverse(ADD_URL), _form_data(
        edition, start="2024-10-25 11:00", end="2024-10-25 11:30", room=hall))
    assert response.status_code == 302
    assert Session.objects.count() == 2


def test_speaker_in_two_overlapping_sessions_is_refused_on_the_speaker(
        client, editor, edition, hall, room_b, speaker, make_session):
    make_session(title="Tham luận A", start="10:00", end="11:00", room=hall, speakers=[speaker])
    response = client.post(reverse(ADD_URL), _form_data(
        edition, start="2024-10-25 10:45", end="2024-10-25 11:15", room=room_b,
        speakers=[speaker]))
    assert response.status_code == 200
    inline = response.context["form"].formsets["session_speakers"].forms[0]
    assert inline.errors["speaker"] == [
        "Nguyễn Thị Anh Thi đã có mặt ở phiên “Tham luận A” vào giờ này (25/10/2024 10:00–11:00)."
    ]
    assert Session.objects.count() == 1


def test_session_ending_before_it_starts_is_refused_on_end(client, editor, edition):
    response = client.post(reverse(ADD_URL), _form_data(
        edition, start="2024-10-25 11:00", end="2024-10-25 10:00"))
    assert response.status_code == 200
    assert response.context["form"].errors["end"] == ["Phiên phải kết thúc sau khi bắt đầu."]


def test_session_outside_the_edition_is_refused(client, editor, edition):
    response = client.post(reverse(ADD_URL), _form_data(
        edition, start="2024-10-24 09:00", end="2024-10-24 10:00"))
    assert response.status_code == 200
    assert response.context["form"].errors["start"] == [
        "Phiên bắt đầu trước ngày diễn ra hội thảo (25/10/2024)."
    ]
    response = client.post(reverse(ADD_URL), _form_data(
        edition, start="2024-10-26 01:00", end="2024-10-26 02:00"))
    assert response.context["form"].errors["start"] == [
        "Phiên bắt đầu sau ngày cuối của hội thảo (25/10/2024)."
    ]
    response = client.post(reverse(ADD_URL), _form_data(
        edition, start="2024-10-25 23:00", end="2024-10-26 07:00"))
    assert response.context["form"].errors["end"] == [
        "Phiên kết thúc quá muộn: sau ngày cuối của hội thảo (25/10/2024), phiên chỉ có thể "
        "kéo dài qua nửa đêm đến muộn nhất 06:00 26/10/2024."
    ]
    assert Session.objects.count() == 0


def test_evening_session_may_end_after_midnight_of_the_last_day(client, editor, edition,
                                                                agenda_site):
    """A gala from 19:00 to 00:30 on a one-day edition: it ends on the next calendar day."""
    response = client.post(reverse(ADD_URL), _form_data(
        edition, start="2024-10-25 19:00", end="2024-10-26 00:30", action_publish=True))
    assert response.status_code == 302, response.context["form"].errors
    session = Session.objects.get()
    assert session.local_end.strftime("%d/%m/%Y %H:%M") == "26/10/2024 00:30"
    # It is still the last day's session in the programme and its exports.
    agenda = client.get(reverse("cms_api:schedule_json", args=[2024])).json()
    day = agenda["schedule"]["conference"]["days"][0]
    assert day["day_end"] == "2024-10-26T00:30:00+07:00"
    assert [e["duration"] for events in day["rooms"].values() for e in events] == ["05:30"]


def test_errors_in_english_for_an_english_editor(client, editor, edition, hall, make_session):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"
    profile.save()
    make_session(title="Phiên sáng", title_en="Morning session", start="10:00", end="11:00",
                 room=hall)
    response = client.post(reverse(ADD_URL), _form_data(
        edition, start="2024-10-25 10:30", end="2024-10-25 11:30", room=hall))
    assert response.context["form"].errors["room"] == [
        "Main hall is already booked for “Morning session” (25/10/2024 10:00–11:00)."
    ]


def test_editing_a_session_does_not_clash_with_itself(client, editor, edition, hall,
                                                      make_session):
    session = make_session(title="Phiên sáng", start="10:00", end="11:00", room=hall)
    url = reverse("wagtailsnippets_cms_session:edit", args=[session.pk])
    response = client.post(url, _form_data(edition, title="Phiên sáng", start="2024-10-25 10:15",
                                           end="2024-10-25 11:15", room=hall,
                                           action_publish=True))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.start == at("10:15")


def test_model_clean_and_database_constraint(edition):
    session = Session(edition=edition, title="Sai giờ", start=at("10:00"), end=at("09:00"))
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert error.value.message_dict["end"] == ["Phiên phải kết thúc sau khi bắt đầu."]
    with pytest.raises(IntegrityError), transaction.atomic():
        session.save()


def test_conflict_queries(edition, hall, room_b, speaker, make_session):
    morning = make_session(title="A", start="10:00", end="11:00", room=hall, speakers=[speaker])
    assert list(queries.room_conflicts(edition_id=edition.pk, room_id=hall.pk, start=at("10:59"),
                                       end=at("11:30"))) == [morning]
    assert list(queries.room_conflicts(edition_id=edition.pk, room_id=hall.pk, start=at("11:00"),
                                       end=at("11:30"))) == []
    assert list(queries.room_conflicts(edition_id=edition.pk, room_id=room_b.pk,
                                       start=at("10:00"), end=at("11:00"))) == []
    assert queries.speaker_conflicts(speaker_ids=[speaker.pk], start=at("09:30"),
                                     end=at("10:01")) == {speaker.pk: morning}
    assert queries.speaker_conflicts(speaker_ids=[speaker.pk], start=at("09:30"),
                                     end=at("10:01"), exclude_pk=morning.pk) == {}
