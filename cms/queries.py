"""Reads of the programme used by pages, exports, the API and the admin's checks.

Every list here loads its relations with a fixed number of queries, whatever the number of
sessions (pinned by tests at 50 and 500 sessions).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from conference.common.text import search_terms, word_start_regex

from .enums import PartnerKind, SessionKind
from .models import (
    AgendaPage,
    Edition,
    Partner,
    Room,
    Session,
    SessionMaterial,
    SessionSpeaker,
    Speaker,
    Theme,
)
from .models.agenda import LOCAL_TZ


def public_sessions(edition: Edition | None = None) -> QuerySet[Session]:
    """Live sessions with their room, themes, ordered speakers and materials (four queries)."""
    return (
        live_sessions(edition)
        .select_related("room", "edition")
        .prefetch_related(
            "themes",
            Prefetch(
                "session_speakers",
                queryset=SessionSpeaker.objects.select_related("speaker").order_by("sort_order"),
            ),
            Prefetch("materials", queryset=SessionMaterial.objects.order_by("sort_order", "id")),
        )
    )


def live_sessions(edition: Edition | None = None) -> QuerySet[Session]:
    """Live sessions in agenda order (by start, then room), nothing else loaded."""
    qs = Session.objects.filter(live=True)
    if edition is not None:
        qs = qs.filter(edition=edition)
    return qs.order_by("start", "room__sort_order", "id")


class SessionCard:
    """What a session card and the room grid draw, read without building model instances.

    A Session row is a Wagtail draft, revision and lock model of some thirty fields, built with
    its relations' managers; a cold agenda of 500 sessions spent most of its time building them
    (and the per-session querysets of ``prefetch_related``). A card holds only what it shows.
    """

    __slots__ = ("pk", "kind", "title", "title_en", "start", "end", "room_id", "room_name",
                 "room_name_en", "themes", "speakers")

    def __init__(self, pk, kind, title, title_en, start, end, room_id, room_name, room_name_en):
        self.pk, self.kind, self.title, self.title_en = pk, kind, title, title_en
        self.start, self.end, self.room_id = start, end, room_id
        self.room_name, self.room_name_en = room_name or "", room_name_en or ""
        self.themes: list[Theme] = []
        self.speakers: list[CardSpeaker] = []

    @property
    def local_start(self) -> datetime.datetime:
        return self.start.astimezone(LOCAL_TZ)

    @property
    def local_end(self) -> datetime.datetime:
        return self.end.astimezone(LOCAL_TZ)

    @property
    def is_break(self) -> bool:
        return self.kind == SessionKind.BREAK


class CardSpeaker(NamedTuple):
    speaker_id: int
    name: str
    role: str


def session_cards(qs: QuerySet[Session], themes: Iterable[Theme]) -> list[SessionCard]:
    """The sessions of ``qs`` (in its order) as cards, with their themes (taken from ``themes``,
    the edition's, in that order) and their speakers in order: three queries, whatever the number
    of sessions."""
    fields = ("pk", "kind", "title", "title_en", "start", "end", "room_id", "room__name",
              "room__name_en")
    cards = [SessionCard(*row) for row in qs.values_list(*fields)]
    if not cards:
        return cards
    by_pk = {card.pk: card for card in cards}
    rank = {theme.pk: (i, theme) for i, theme in enumerate(themes)}
    ranked: dict[int, list[tuple[int, Theme]]] = defaultdict(list)
    ids = qs.values("pk")  # the sessions again as a subquery: one parameter, not 500
    through = Session.themes.through.objects.filter(session_id__in=ids)
    for session_id, theme_id in through.values_list("session_id", "theme_id"):
        if theme_id in rank:
            ranked[session_id].append(rank[theme_id])
    for session_id, found in ranked.items():
        by_pk[session_id].themes = [theme for _i, theme in sorted(found, key=lambda x: x[0])]
    links = (SessionSpeaker.objects.filter(session_id__in=ids).order_by("sort_order", "id")
             .values_list("session_id", "speaker_id", "speaker__name", "role"))
    for session_id, speaker_id, name, role in links:
        by_pk[session_id].speakers.append(CardSpeaker(speaker_id, name, role))
    return cards


def filter_sessions(qs: QuerySet[Session], *, day: datetime.date | None = None,
                    theme: Theme | None = None, room: Room | None = None, kind: str = "",
                    q: str = "") -> QuerySet[Session]:
    if day is not None:
        start = datetime.datetime.combine(day, datetime.time.min, tzinfo=LOCAL_TZ)
        qs = qs.filter(start__gte=start, start__lt=start + datetime.timedelta(days=1))
    if theme is not None:
        qs = qs.filter(themes=theme)
    if room is not None:
        qs = qs.filter(room=room)
    if kind:
        qs = qs.filter(kind=kind)
    for term in search_terms(q):
        pattern = word_start_regex(term)
        qs = qs.filter(
            Q(search_text__regex=pattern)
            | Q(session_speakers__speaker__search_text__regex=pattern)
        )
    return qs.distinct() if q else qs


def edition_days(edition: Edition) -> list[datetime.date]:
    days = []
    day = edition.start_date
    while day <= edition.end_date:
        days.append(day)
        day += datetime.timedelta(days=1)
    return days


def room_conflicts(*, edition_id: int, room_id: int | None, start, end,
                   exclude_pk: int | None = None) -> QuerySet[Session]:
    """Other sessions in the same room whose time overlaps [start, end)."""
    if room_id is None or start is None or end is None:
        return Session.objects.none()
    qs = Session.objects.filter(edition_id=edition_id, room_id=room_id, start__lt=end,
                                end__gt=start)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.order_by("start")


def speaker_conflicts(*, speaker_ids: Iterable[int], start, end,
                      exclude_pk: int | None = None) -> dict[int, Session]:
    """For each speaker already in another session overlapping [start, end), that session."""
    speaker_ids = [pk for pk in speaker_ids if pk]
    if not speaker_ids or start is None or end is None:
        return {}
    links = SessionSpeaker.objects.filter(
        speaker_id__in=speaker_ids, session__start__lt=end, session__end__gt=start
    ).select_related("session")
    if exclude_pk:
        links = links.exclude(session_id=exclude_pk)
    found: dict[int, Session] = {}
    for link in links.order_by("session__start"):
        found.setdefault(link.speaker_id, link.session)
    return found


def speakers_with_sessions(edition: Edition) -> list[Speaker]:
    """Speakers of the edition, each with ``.public_sessions`` (live sessions, by time)."""
    links = Prefetch(
        "session_links",
        queryset=SessionSpeaker.objects.filter(session__live=True)
        .select_related("session", "session__room")
        .order_by("session__start"),
        to_attr="public_links",
    )
    speakers = list(
        Speaker.objects.filter(edition=edition).select_related("photo").prefetch_related(links)
    )
    for speaker in speakers:
        speaker.public_sessions = [link.session for link in speaker.public_links]
    return speakers


def sessions_by_theme(sessions: list[SessionCard], themes: list[Theme]) -> list[tuple]:
    grouped: dict[int, list[SessionCard]] = defaultdict(list)
    for session in sessions:
        for theme in session.themes:
            grouped[theme.pk].append(session)
    return [(theme, grouped[theme.pk]) for theme in themes if grouped[theme.pk]]


def now_and_next(edition: Edition, *, at: datetime.datetime | None = None,
                 upcoming: int = 6) -> tuple[list[Session], list[Session]]:
    """Sessions running at ``at`` and the next ones to start (constant number of queries)."""
    at = at or timezone.now()
    base = public_sessions(edition)
    running = list(base.filter(start__lte=at, end__gt=at))
    coming = list(base.filter(start__gt=at)[:upcoming])
    return running, coming


def agenda_page_for(locale_code: str) -> AgendaPage | None:
    return (
        AgendaPage.objects.live().filter(locale__language_code=locale_code)
        .order_by("path").first()
    )


def cached_home_sections(*, edition: Edition, locale) -> dict:
    """``home_sections``, kept in the cache until the next change of the agenda."""
    from django.core.cache import cache

    from .services import agenda_version

    key = f"cms:home:{agenda_version()}:{edition.pk}:{locale.pk}"
    sections = cache.get(key)
    if sections is None:
        sections = home_sections(edition=edition, locale=locale)
        cache.set(key, sections, 60 * 60)
    return sections


def home_sections(*, edition: Edition, locale) -> dict:
    partners = list(Partner.objects.filter(edition=edition).select_related("logo"))
    return {
        "themes": list(Theme.objects.filter(edition=edition)),
        "featured_speakers": list(
            Speaker.objects.filter(edition=edition, featured=True).select_related("photo")[:8]
        ),
        "organisers": [p for p in partners if p.kind == PartnerKind.ORGANISER],
        "co_organisers": [p for p in partners if p.kind == PartnerKind.CO_ORGANISER],
        "sponsors": [p for p in partners if p.kind in (PartnerKind.SPONSOR, PartnerKind.MEDIA)],
        "agenda_page": AgendaPage.objects.live().filter(locale=locale).first(),
    }


def search(q: str, *, edition: Edition | None = None, limit: int = 50):
    """Sessions and speakers with a word starting with each word of ``q``, diacritics ignored."""
    terms = search_terms(q)
    if not terms:
        return [], []
    sessions = public_sessions(edition)
    speakers = Speaker.objects.select_related("photo")
    if edition is not None:
        speakers = speakers.filter(edition=edition)
    for term in terms:
        pattern = word_start_regex(term)
        sessions = sessions.filter(search_text__regex=pattern)
        speakers = speakers.filter(search_text__regex=pattern)
    return list(sessions[:limit]), list(speakers[:limit])
