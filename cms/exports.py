"""The programme in the formats other software reads: iCalendar, frab schedule XML and JSON, and
the plain JSON of the read-only API.

Each builder takes already-loaded sessions (``queries.public_sessions``), so an export costs the
same few queries whatever the size of the programme.
"""

import datetime
import uuid
import xml.etree.ElementTree as ET
from collections import OrderedDict

from django.conf import settings
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from conference.common.i18n import localized
from conference.common.links import site_url
from conference.common.text import fold

from .models import Edition, Room, Session, Speaker, Theme
from .models.agenda import LOCAL_TZ

GENERATOR = "govconf"
TIMEZONE_NAME = "Asia/Ho_Chi_Minh"


# --- iCalendar (RFC 5545) -----------------------------------------------------------------------

def _ical_escape(value: str) -> str:
    return (
        str(value or "").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    )


def _fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character (RFC 5545 3.1)."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def _utc(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def ical(sessions, *, name: str, base_url: str = "", language: str = "vi") -> bytes:
    """An iCalendar file with one event per session, in ``language`` (English falls back)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{GENERATOR}//agenda//{language.upper()}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_ical_escape(name)}",
        f"X-WR-TIMEZONE:{TIMEZONE_NAME}",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
    ]
    stamp = _utc(timezone.now())
    with translation.override(language):
        for session in sessions:
            speakers = ", ".join(link.speaker.name for link in session.session_speakers.all())
            description = "\n\n".join(
                part for part in (speakers, localized(session, "description"),
                                  "\n".join(_material_lines(session))) if part
            )
            location = ", ".join(
                part for part in (localized(session.room, "name") if session.room else "",
                                  session.edition.display_venue) if part
            )
            event = [
                "BEGIN:VEVENT",
                f"UID:{session.guid}@{GENERATOR}",
                f"DTSTAMP:{stamp}",
                f"DTSTART:{_utc(session.start)}",
                f"DTEND:{_utc(session.end)}",
                f"SUMMARY:{_ical_escape(localized(session, 'title'))}",
            ]
            if session.last_published_at:
                event.append(f"LAST-MODIFIED:{_utc(session.last_published_at)}")
            if description:
                event.append(f"DESCRIPTION:{_ical_escape(description)}")
            if location:
                event.append(f"LOCATION:{_ical_escape(location)}")
            themes = [localized(theme, "name") for theme in session.themes.all()]
            if themes:
                event.append("CATEGORIES:" + ",".join(_ical_escape(t) for t in themes))
            if base_url:
                event.append(f"URL:{base_url}sessions/{session.pk}/")
            for material in _materials(session):
                if material.file:
                    event.append(f"ATTACH;FMTTYPE=application/pdf:{material.absolute_href}")
                else:
                    event.append(f"ATTACH:{material.absolute_href}")
            event.append("END:VEVENT")
            lines.extend(event)
    lines.append("END:VCALENDAR")
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode()


def _materials(session):
    return list(session.materials.all()) if session.pk else []


def material_filename(material) -> str:
    session = material.session
    return f"{_slug(session.edition, session)}-{material.kind}-{material.pk}"[:120]


def _material_lines(session) -> list[str]:
    """Links shown in the event's description: calendar apps show no other place for them."""
    return [f"{m.display_title}: {m.absolute_href}" for m in _materials(session)]


# --- frab schedule ------------------------------------------------------------------------------

def _acronym(edition: Edition) -> str:
    return f"govconf_{edition.year}"


def _slug(edition: Edition, session: Session) -> str:
    words = slugify(fold(session.title_en or session.title))[:50].strip("-_") or "session"
    return f"{_acronym(edition)}-{session.pk}-{words}"


def _duration(session: Session) -> str:
    minutes = session.duration_minutes
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _everywhere_room(edition: Edition) -> tuple[str, str]:
    """Breaks and ceremonies without a room are listed under one shared pseudo-room."""
    name = _("All rooms")
    return name, str(uuid.uuid5(uuid.NAMESPACE_URL, site_url(f"/rooms/{edition.year}")))


def _person_guid(speaker: Speaker) -> str:
    return str(speaker.guid)


def _days(edition: Edition, sessions, rooms) -> list[dict]:
    """Sessions grouped by local day, then by room in the rooms' order."""
    days = []
    day = edition.start_date
    index = 1
    while day <= edition.end_date:
        todays = [s for s in sessions if s.local_start.date() == day]
        start = datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=LOCAL_TZ)
        if todays:
            start = min(s.local_start for s in todays)
        end = max((s.local_end for s in todays),
                  default=datetime.datetime.combine(day, datetime.time(23, 59), tzinfo=LOCAL_TZ))
        by_room = OrderedDict()
        for room in rooms:
            by_room[room.pk] = (localized(room, "name"), str(room.guid), [])
        everywhere = _everywhere_room(edition)
        for s in todays:
            if s.room_id in by_room:
                by_room[s.room_id][2].append(s)
            else:
                by_room.setdefault(None, (*everywhere, []))[2].append(s)
        days.append({"index": index, "date": day, "start": start, "end": end,
                     "rooms": list(by_room.values())})
        day += datetime.timedelta(days=1)
        index += 1
    return days


def _event_fields(edition, session, room_name, base_url):
    themes = list(session.themes.all())
    return {
        "room": room_name,
        "title": localized(session, "title"),
        "subtitle": "",
        "type": session.kind,
        "date": session.local_start.isoformat(),
        "start": session.local_start.strftime("%H:%M"),
        "duration": _duration(session),
        "abstract": localized(session, "description"),
        "slug": _slug(edition, session),
        "track": localized(themes[0], "name") if themes else "",
        "language": session.language[:2],
        "url": f"{base_url}sessions/{session.pk}/" if base_url else "",
    }


def frab_json(edition: Edition, sessions, rooms, themes, *, base_url: str,
              language: str = "vi") -> dict:
    with translation.override(language):
        days = []
        for day in _days(edition, sessions, rooms):
            day_rooms = {}
            for name, _guid, room_sessions in day["rooms"]:
                events = []
                for s in room_sessions:
                    fields = _event_fields(edition, s, name, base_url)
                    events.append({
                        "guid": str(s.guid),
                        "id": s.pk,
                        "code": s.code,
                        **fields,
                        "end": s.local_end.isoformat(),
                        "url": fields["url"] or settings.SITE_URL,
                        "description": localized(s, "description"),
                        # `public_name` is what frab and pyfahrplan read; `name` is what newer
                        # clients read. No integer `id`: with it a person would match both the
                        # FrabPerson and PretalxPerson shapes the schema's `oneOf` keeps apart.
                        "persons": [
                            {
                                "name": link.speaker.name,
                                "public_name": link.speaker.name,
                                "guid": _person_guid(link.speaker),
                                "biography": localized(link.speaker, "bio") or None,
                            }
                            for link in s.session_speakers.all()
                        ],
                        "links": [_reference(m) for m in _materials(s) if not m.file],
                        "attachments": [_reference(m) for m in _materials(s) if m.file],
                    })
                day_rooms[name] = events
            days.append({
                "index": day["index"],
                "date": day["date"].isoformat(),
                "day_start": day["start"].isoformat(),
                "day_end": day["end"].isoformat(),
                "rooms": day_rooms,
            })
        room_list = [
            {"name": localized(room, "name"), "guid": str(room.guid),
             "capacity": room.capacity, "type": "lecturehall"}
            for room in rooms
        ]
        if any(s.room_id is None for s in sessions):
            name, guid = _everywhere_room(edition)
            room_list.append({"name": name, "guid": guid, "type": "other"})
        return {
            "$schema": "https://c3voc.de/schedule/schema.json",
            "generator": {"name": GENERATOR, "version": "1"},
            "schedule": {
                "version": _version(sessions),
                "base_url": base_url or settings.SITE_URL,
                "conference": {
                    "acronym": _acronym(edition),
                    "title": localized(edition, "name"),
                    "start": edition.start_date.isoformat(),
                    "end": edition.end_date.isoformat(),
                    "daysCount": (edition.end_date - edition.start_date).days + 1,
                    "timeslot_duration": "00:05",
                    "time_zone_name": TIMEZONE_NAME,
                    "url": base_url or settings.SITE_URL,
                    "tracks": [
                        {"name": localized(t, "name"), "slug": t.slug, "color": t.colour}
                        for t in themes
                    ],
                    "rooms": room_list,
                    "days": days,
                },
            },
        }


def _reference(material) -> dict:
    return {"type": material.frab_type, "url": material.absolute_href,
            "title": material.display_title}


def _version(sessions) -> str:
    latest = max((s.last_published_at for s in sessions if s.last_published_at), default=None)
    return latest.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M") if latest else "0"


def frab_xml(edition: Edition, sessions, rooms, themes, *, base_url: str,
             language: str = "vi") -> bytes:
    with translation.override(language):
        root = ET.Element("schedule")
        ET.SubElement(root, "generator", name=GENERATOR, version="1")
        ET.SubElement(root, "version").text = _version(sessions)
        conference = ET.SubElement(root, "conference")
        ET.SubElement(conference, "acronym").text = _acronym(edition)
        ET.SubElement(conference, "title").text = localized(edition, "name")
        ET.SubElement(conference, "start").text = edition.start_date.isoformat()
        ET.SubElement(conference, "end").text = edition.end_date.isoformat()
        ET.SubElement(conference, "days").text = str(
            (edition.end_date - edition.start_date).days + 1)
        ET.SubElement(conference, "timeslot_duration").text = "00:05"
        if base_url.startswith("http"):
            ET.SubElement(conference, "base_url").text = base_url
        ET.SubElement(conference, "time_zone_name").text = TIMEZONE_NAME
        for theme in themes:
            ET.SubElement(conference, "track", name=localized(theme, "name"),
                          color=theme.colour.lower()).text = localized(theme, "name")
        for day in _days(edition, sessions, rooms):
            day_el = ET.SubElement(root, "day", date=day["date"].isoformat(),
                                   start=day["start"].isoformat(), end=day["end"].isoformat(),
                                   index=str(day["index"]))
            for name, guid, room_sessions in day["rooms"]:
                room_el = ET.SubElement(day_el, "room", name=name, guid=guid)
                for s in room_sessions:
                    event = ET.SubElement(room_el, "event", id=str(s.pk), guid=str(s.guid))
                    fields = _event_fields(edition, s, name, base_url)
                    url = fields.pop("url")
                    for key, value in fields.items():
                        ET.SubElement(event, key).text = value
                    ET.SubElement(event, "description").text = localized(s, "description")
                    persons = ET.SubElement(event, "persons")
                    for link in s.session_speakers.all():
                        ET.SubElement(persons, "person", id=str(link.speaker_id),
                                      guid=_person_guid(link.speaker)).text = link.speaker.name
                    materials = _materials(s)
                    links = [m for m in materials if not m.file]
                    if links:
                        links_el = ET.SubElement(event, "links")
                        for m in links:
                            ET.SubElement(links_el, "link", href=m.absolute_href,
                                          type=m.frab_type).text = m.display_title
                    files = [m for m in materials if m.file]
                    if files:
                        files_el = ET.SubElement(event, "attachments")
                        for m in files:
                            ET.SubElement(files_el, "attachment", href=m.absolute_href,
                                          type=m.frab_type).text = m.display_title
                    if url.startswith("http"):
                        ET.SubElement(event, "url").text = url
        ET.indent(root)
        return ET.tostring(root, encoding="utf-8", xml_declaration=True)


# --- the read-only JSON API ---------------------------------------------------------------

def _both(obj, field: str) -> dict:
    return {"vi": getattr(obj, field) or "", "en": getattr(obj, f"{field}_en") or ""}


def room_json(room: Room) -> dict:
    return {"id": room.pk, "guid": str(room.guid), "name": _both(room, "name"),
            "floor": _both(room, "floor"), "capacity": room.capacity,
            "order": room.sort_order}


def theme_json(theme: Theme) -> dict:
    return {"id": theme.pk, "slug": theme.slug, "name": _both(theme, "name"),
            "colour": theme.colour}


def speaker_json(speaker: Speaker, session_ids=None) -> dict:
    data = {
        "id": speaker.pk,
        "guid": str(speaker.guid),
        "name": speaker.name,
        "position": _both(speaker, "position"),
        "organisation": _both(speaker, "organisation"),
        "country": speaker.country,
        "biography": _both(speaker, "bio"),
        "photo": speaker.photo.file.url if speaker.photo_id and speaker.photo else None,
    }
    if session_ids is not None:
        data["sessions"] = session_ids
    return data


def session_json(session: Session) -> dict:
    return {
        "id": session.pk,
        "guid": str(session.guid),
        "kind": session.kind,
        "title": _both(session, "title"),
        "description": _both(session, "description"),
        "start": session.local_start.isoformat(),
        "end": session.local_end.isoformat(),
        "room": session.room_id,
        "themes": [theme.slug for theme in session.themes.all()],
        "language": session.language,
        "capacity": session.capacity,
        "speakers": [
            {"id": link.speaker_id, "name": link.speaker.name, "role": link.role}
            for link in session.session_speakers.all()
        ],
        "materials": [
            {"kind": m.kind, "title": _both(m, "title"), "url": m.absolute_href}
            for m in _materials(session)
        ],
    }
