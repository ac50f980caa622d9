"""The views behind AgendaPage's routes.

Each public view renders its body (the part that is the same for every visitor) once per
language, filter and agenda version, and keeps it in the cache; the surrounding page (header with
the visitor's account, the CSRF token of the star form) is rendered per request. Publishing any
agenda record bumps the version, so a cached body never outlives an edit.
"""

import datetime
import hashlib
from collections import OrderedDict

from django.core.cache import cache
from django.http import Http404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.dateparse import parse_datetime

from . import queries, services
from .forms import AgendaFilterForm
from .models import Room, Session, Speaker, Theme
from .models.agenda import LOCAL_TZ

CACHE_SECONDS = 60 * 60 * 24


def _language() -> str:
    return (translation.get_language() or "vi")[:2]


def _alternates(request, page, route: str = "", args=()) -> dict[str, str]:
    """URLs of this view in each language (the page's translation plus the same sub-route)."""
    from django.conf import settings
    from wagtail.models import Locale

    urls = {}
    locales = {loc.language_code: loc for loc in Locale.objects.all()}
    for code, _name in settings.LANGUAGES:
        other = page if page.locale_id == locales.get(code, page.locale).pk else (
            page.get_translation_or_none(locales[code]) if code in locales else None
        )
        if other is None or not other.live:
            continue
        sub = other.reverse_subpage(route, args=args) if route else ""
        urls[code] = f"{other.get_url(request)}{sub}"
    return urls


def _fragment(key: str, template: str, build, *, cacheable: bool = True) -> str:
    if not cacheable:
        return render_to_string(template, build())
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    key = f"cms:agenda:{services.agenda_version()}:{_language()}:{digest}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(template, build())
        cache.set(key, html, CACHE_SECONDS)
    return html


def _respond(request, page, template: str, context: dict, *, route="", args=()):
    base_url = page.get_url(request)
    alternates = _alternates(request, page, route, args)
    query = request.GET.urlencode()
    context = {
        "agenda_page": page,
        "edition": page.agenda_edition,
        "base_url": base_url,
        "alternates": {
            code: f"{url}?{query}" if query else url for code, url in alternates.items()
        },
        "active_route": route or "index",
        **context,
    }
    return TemplateResponse(request, template, context)


def _edition_or_404(page):
    edition = page.agenda_edition
    if edition is None:
        raise Http404("no edition")
    return edition


def _filter_context(request, page, *, with_day=True):
    edition = _edition_or_404(page)
    themes = list(Theme.objects.filter(edition=edition))
    rooms = list(Room.objects.filter(edition=edition))
    form = AgendaFilterForm(request.GET or None, edition=edition, themes=themes, rooms=rooms,
                            with_day=with_day)
    if request.GET:
        form.is_valid()
    return edition, themes, rooms, form


def _group_by_day(sessions):
    days = OrderedDict()
    for session in sessions:
        days.setdefault(session.local_start.date(), []).append(session)
    return list(days.items())


def by_day(request, page):
    edition, themes, rooms, form = _filter_context(request, page)
    filters = form.filters() if request.GET else {}

    def build():
        sessions = queries.session_cards(
            queries.filter_sessions(queries.live_sessions(edition), **filters), themes)
        return {"days": _group_by_day(sessions), "base_url": page.get_url(request),
                "filtered": any(filters.values()) if filters else False}

    # Free-text searches are not cached: every visitor's words would fill the cache.
    body = _fragment(f"{page.pk}:day:{form.cache_key()}", "cms/agenda/_by_day.html", build,
                     cacheable=not filters.get("q"))
    return _respond(request, page, "cms/agenda/by_day.html", {"form": form, "body": body})


def grid(request, page):
    edition, themes, rooms, form = _filter_context(request, page)
    days = queries.edition_days(edition)
    filters = form.filters() if request.GET else {}
    day = filters.get("day") or days[0]

    def build():
        sessions = queries.session_cards(
            queries.filter_sessions(queries.live_sessions(edition), day=day), themes)
        return {"grid": _grid(sessions, rooms), "day": day, "base_url": page.get_url(request)}

    body = _fragment(f"{page.pk}:grid:{day.isoformat()}", "cms/agenda/_grid.html", build)
    return _respond(request, page, "cms/agenda/grid.html",
                    {"form": form, "body": body, "days": days, "day": day}, route="grid")


GRID_SLOT_MINUTES = 5  # the grid's resolution (frab's timeslot_duration)
GRID_LABEL_MINUTES = 30  # a time on the axis every half hour


def _grid(sessions, rooms):
    """A timetable: rooms as columns, one row per 5 minutes from the first half hour to the last,
    each session spanning the rows of its duration (a session without a room spans every room).
    The axis labels every half hour; rows grow where a short session needs the room to be read."""
    if not sessions:
        return {"rooms": [], "times": [], "cells": [], "columns": len(rooms), "slots": 0}
    slot = datetime.timedelta(minutes=GRID_SLOT_MINUTES)
    first = min(s.local_start for s in sessions).replace(tzinfo=None)
    last = max(s.local_end for s in sessions).replace(tzinfo=None)
    origin = first.replace(minute=first.minute - first.minute % GRID_LABEL_MINUTES, second=0,
                           microsecond=0)

    def row(moment, *, up=False) -> int:
        slots, rest = divmod(moment.replace(tzinfo=None) - origin, slot)
        return slots + (1 if up and rest else 0) + 2  # row 1 holds the room names

    slots = row(last, up=True) - 2
    slots += -slots % (GRID_LABEL_MINUTES // GRID_SLOT_MINUTES)  # end on a half hour
    col_of = {room.pk: i + 2 for i, room in enumerate(rooms)}  # column 1 holds the times
    cells = []
    for s in sessions:
        if s.room_id in col_of:
            col_start, col_end = col_of[s.room_id], col_of[s.room_id] + 1
        else:  # no room: a break or ceremony for everyone spans every column
            col_start, col_end = 2, len(rooms) + 2
        row_start = row(s.local_start)
        cells.append({"session": s, "row_start": row_start,
                      "row_end": max(row(s.local_end, up=True), row_start + 1),
                      "col_start": col_start, "col_end": col_end})
    per_label = GRID_LABEL_MINUTES // GRID_SLOT_MINUTES
    times = [{"time": origin + i * slot, "row": i + 2, "span": per_label,
              "hour": (origin + i * slot).minute == 0}
             for i in range(0, slots, per_label)]
    return {
        "rooms": [{"room": r, "col": col_of[r.pk]} for r in rooms],
        "times": times,
        "cells": cells,
        "columns": len(rooms),
        "slots": slots,
    }


def by_theme(request, page):
    edition, themes, rooms, form = _filter_context(request, page)

    def build():
        sessions = queries.session_cards(queries.live_sessions(edition), themes)
        return {"groups": queries.sessions_by_theme(sessions, themes),
                "base_url": page.get_url(request)}

    body = _fragment(f"{page.pk}:themes", "cms/agenda/_by_theme.html", build)
    return _respond(request, page, "cms/agenda/by_theme.html", {"form": form, "body": body},
                    route="themes")


def session_detail(request, page, pk):
    edition = _edition_or_404(page)
    if not Session.objects.filter(pk=pk, edition=edition, live=True).exists():
        raise Http404("no such session")

    def build():
        session = queries.public_sessions(edition).get(pk=pk)
        return {"session": session, "base_url": page.get_url(request)}

    body = _fragment(f"{page.pk}:session:{pk}", "cms/agenda/_session.html", build)
    title = Session.objects.filter(pk=pk).values_list("title", "title_en").first()
    display = title[1] if _language() == "en" and title[1] else title[0]
    return _respond(request, page, "cms/agenda/session.html",
                    {"body": body, "title": display, "session_id": pk},
                    route="session", args=(pk,))


def speaker_index(request, page):
    edition = _edition_or_404(page)

    def build():
        return {"speakers": queries.speakers_with_sessions(edition),
                "base_url": page.get_url(request)}

    body = _fragment(f"{page.pk}:speakers", "cms/agenda/_speakers.html", build)
    return _respond(request, page, "cms/agenda/speakers.html", {"body": body},
                    route="speakers")


def speaker_detail(request, page, pk):
    edition = _edition_or_404(page)
    speaker = Speaker.objects.filter(pk=pk, edition=edition).first()
    if speaker is None:
        raise Http404("no such speaker")

    def build():
        found = [s for s in queries.speakers_with_sessions(edition) if s.pk == pk]
        return {"speaker": found[0], "base_url": page.get_url(request)}

    body = _fragment(f"{page.pk}:speaker:{pk}", "cms/agenda/_speaker.html", build)
    return _respond(request, page, "cms/agenda/speaker.html",
                    {"body": body, "title": speaker.name}, route="speaker", args=(pk,))


def now_and_next(request, page):
    """The venue's screens: what runs now and what comes next; the page reloads itself."""
    edition = _edition_or_404(page)
    at = None
    raw = request.GET.get("at", "")
    if raw:
        try:
            parsed = parse_datetime(raw)
        except ValueError:  # well formed but impossible, e.g. 2024-13-40T10:00
            parsed = None
        if parsed is not None:
            at = parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=LOCAL_TZ)
    at = at or timezone.now()
    running, coming = queries.now_and_next(edition, at=at)
    response = _respond(request, page, "cms/agenda/now.html",
                        {"running": running, "coming": coming, "at": at.astimezone(LOCAL_TZ),
                         "refresh_seconds": 60}, route="now")
    # Changes with the clock, not only with edits: the page cache keeps it half a minute.
    patch_cache_control(response, max_age=30)
    return response


def my_agenda(request, page):
    """The attendee's starred sessions; a visitor's come from the browser as ``?ids=1,2``."""
    edition = _edition_or_404(page)
    feed = None
    if request.user.is_authenticated:
        ids = services.starred_ids(user=request.user)
        feed = services.calendar_feed_for(user=request.user)
    else:
        ids = []
        for raw in request.GET.get("ids", "").split(",")[:200]:
            if raw.strip().isdigit():
                ids.append(int(raw))
    sessions = queries.session_cards(
        queries.live_sessions(edition).filter(pk__in=ids),
        Theme.objects.filter(edition=edition)) if ids else []
    response = _respond(request, page, "cms/agenda/my.html", {
        "days": _group_by_day(sessions),
        "feed": feed,
        "count": len(sessions),
    }, route="my")
    response["Cache-Control"] = "private, no-store"
    return response

