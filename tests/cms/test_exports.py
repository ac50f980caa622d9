"""Exports that other software reads, checked against the published schemas."""

import json
from pathlib import Path

import jsonschema
import pytest
from django.urls import reverse
from lxml import etree

from cms import exports
from cms.enums import SpeakerRole
from cms.models import SessionSpeaker

SCHEMAS = Path(__file__).parent / "schemas"


@pytest.fixture
def programme(edition, hall, room_b, theme, speaker, make_session):
    keynote = make_session(title="Đà Nẵng, thành phố thông minh; xanh, bền vững",
                           title_en="Da Nang, a smart city", start="08:45", end="09:15",
                           room=hall, themes=[theme], speakers=[speaker], kind="keynote",
                           description="Dòng một\nDòng hai, có dấu phẩy")
    make_session(title="Giải lao", start="10:00", end="10:20", kind="break")
    panel = make_session(title="Tọa đàm", start="10:20", end="11:20", room=room_b, kind="panel",
                         themes=[theme])
    SessionSpeaker.objects.create(session=panel, speaker=speaker, role=SpeakerRole.MODERATOR)
    make_session(title="Nháp chưa công bố", start="13:00", end="13:30", room=hall,
                 publish=False)
    return keynote


def test_frab_xml_is_valid(client, programme, agenda_site):
    response = client.get(reverse("cms_api:schedule_xml", args=[2024]),
                          HTTP_ORIGIN="https://app.example")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "schedule.xml.xsd")))
    document = etree.fromstring(response.content)
    assert schema.validate(document), schema.error_log
    events = document.findall(".//event")
    assert len(events) == 3  # the draft is not exported
    titles = [e.findtext("title") for e in events]
    assert titles[0] == "Đà Nẵng, thành phố thông minh; xanh, bền vững"
    assert {r.get("name") for r in document.findall("day/room")} == {
        "Hội trường chính", "Phòng B", "Tất cả các phòng"}
    keynote = events[0]
    assert keynote.findtext("start") == "08:45"
    assert keynote.findtext("duration") == "00:30"
    assert keynote.findtext("persons/person") == "Nguyễn Thị Anh Thi"


def test_frab_json_is_valid_in_english(client, programme, agenda_site):
    response = client.get(reverse("cms_api:schedule_json", args=[2024]) + "?lang=en")
    assert response.status_code == 200
    data = response.json()
    schema = json.loads((SCHEMAS / "schedule.schema.json").read_text())
    validator = jsonschema.Draft6Validator(
        schema, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER)
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []
    day = data["schedule"]["conference"]["days"][0]
    assert day["date"] == "2024-10-25"
    assert day["day_start"] == "2024-10-25T08:45:00+07:00"
    hall = day["rooms"]["Main hall"]
    assert hall[0]["title"] == "Da Nang, a smart city"
    # English falls back to Vietnamese where no English was written.
    assert day["rooms"]["Room B"][0]["title"] == "Tọa đàm"
    assert hall[0]["persons"][0]["name"] == "Nguyễn Thị Anh Thi"


def test_frab_json_persons_carry_public_name(client, programme, agenda_site):
    """pyfahrplan and frab's own clients read `public_name`; without it no speaker shows."""
    data = client.get(reverse("cms_api:schedule_json", args=[2024])).json()
    persons = [person for day in data["schedule"]["conference"]["days"]
               for events in day["rooms"].values() for event in events
               for person in event["persons"]]
    assert len(persons) == 2
    assert all(p["public_name"] == p["name"] == "Nguyễn Thị Anh Thi" for p in persons)
    schema = json.loads((SCHEMAS / "schedule.schema.json").read_text())
    person_schema = {"definitions": schema["definitions"], **schema["definitions"]["Person"]}
    for person in persons:
        jsonschema.Draft6Validator(person_schema).validate(person)


def test_ical_whole_agenda_and_per_theme(client, programme, theme, agenda_site):
    response = client.get(reverse("cms_api:agenda_ics", args=[2024]))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert body.count("BEGIN:VEVENT") == 3
    unfolded = body.replace("\r\n ", "")
    assert "SUMMARY:Đà Nẵng\\, thành phố thông minh\\; xanh\\, bền vững" in unfolded
    assert "Dòng một\\nDòng hai\\, có dấu phẩy" in unfolded
    assert f"UID:{programme.guid}@govconf" in unfolded
    assert "DTSTART:20241025T014500Z" in unfolded
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))

    response = client.get(reverse("cms_api:theme_ics", args=[2024, theme.slug]))
    assert response.content.decode().count("BEGIN:VEVENT") == 2
    assert client.get(reverse("cms_api:theme_ics", args=[2024, "khong-co"])).status_code == 404
    assert client.get(reverse("cms_api:agenda_ics", args=[1999])).status_code == 404


def test_ical_folding_keeps_characters_whole():
    line = "SUMMARY:" + "Chuyển đổi số " * 20
    folded = exports._fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line


def test_api_lists_sessions_speakers_rooms(client, programme, speaker, hall):
    response = client.get("/api/v1/sessions/", HTTP_ORIGIN="https://app.example")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    assert data["edition"] == 2024
    first = data["sessions"][0]
    assert first["title"] == {"vi": "Đà Nẵng, thành phố thông minh; xanh, bền vững",
                              "en": "Da Nang, a smart city"}
    assert first["start"] == "2024-10-25T08:45:00+07:00"
    assert first["room"] == hall.pk
    assert first["speakers"] == [{"id": speaker.pk, "name": "Nguyễn Thị Anh Thi",
                                  "role": "speaker"}]
    assert len(data["sessions"]) == 3

    speakers = client.get("/api/v1/speakers/?edition=2024").json()["speakers"]
    assert speakers[0]["name"] == "Nguyễn Thị Anh Thi"
    assert len(speakers[0]["sessions"]) == 2
    rooms = client.get("/api/v1/rooms/").json()["rooms"]
    assert [r["name"]["en"] for r in rooms] == ["Main hall", "Room B"]
    assert client.get(f"/api/v1/sessions/{programme.pk}/").json()["kind"] == "keynote"


def test_api_rejects_bad_input_with_json(client, programme):
    response = client.get("/api/v1/sessions/?edition=abc")
    assert response.status_code == 400
    assert response.json()["code"] == "bad_edition"
    response = client.get("/api/v1/sessions/?edition=1999")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    response = client.post("/api/v1/sessions/")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert client.get("/api/v1/sessions/999999/").status_code == 404
