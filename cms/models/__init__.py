from .agenda import (
    CalendarFeed,
    Partner,
    Room,
    Session,
    SessionSpeaker,
    Speaker,
    StarredSession,
    Theme,
)
from .agenda_page import AgendaPage
from .materials import SessionMaterial, SpeakerChange
from .pages import Edition, EditionPage, HomePage, NewsIndexPage, NewsPage, StandardPage

__all__ = [
    "AgendaPage",
    "CalendarFeed",
    "Edition",
    "EditionPage",
    "HomePage",
    "NewsIndexPage",
    "NewsPage",
    "Partner",
    "Room",
    "Session",
    "SessionMaterial",
    "SessionSpeaker",
    "SpeakerChange",
    "Speaker",
    "StandardPage",
    "StarredSession",
    "Theme",
]
