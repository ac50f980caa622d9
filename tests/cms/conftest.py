import datetime

import pytest

from cms.models import Room, Session, SessionSpeaker, Speaker, Theme
from cms.models.agenda import LOCAL_TZ

DAY = datetime.date(2024, 10, 25)


def at(hhmm: str, day: datetime.date = DAY) -> datetime.datetime:
    hour, minute = (int(x) for x in hhmm.split(":"))
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=LOCAL_TZ)


@pytest.fixture
def hall(edition):
    return Room.objects.create(edition=edition, name="Hội trường chính", name_en="Main hall",
                               capacity=800, sort_order=1)


@pytest.fixture
def room_b(edition):
    return Room.objects.create(edition=edition, name="Phòng B", name_en="Room B", sort_order=2)


@pytest.fixture
def theme(edition):
    return Theme.objects.create(edition=edition, name="Đô thị thông minh", name_en="Smart cities",
                                slug="do-thi-thong-minh", colour="#0f7a3d")


@pytest.fixture
def speaker(edition):
    return Speaker.objects.create(edition=edition, name="Nguyễn Thị Anh Thi",
                                  position="Phó Chủ tịch", position_en="Vice Chairwoman",
                                  organisation="UBND TP. Đà Nẵng")


@pytest.fixture
def make_session(edition):
    def make(title="Phiên thử", start="09:00", end="09:30", room=None, themes=(), speakers=(),
             publish=True, **fields):
        session = Session(edition=edition, title=title, start=at(start), end=at(end), room=room,
                          **fields)
        session.themes = list(themes)
        session.session_speakers = [
            SessionSpeaker(speaker=sp, sort_order=i) for i, sp in enumerate(speakers)
        ]
        if not publish:
            session.live = False
        session.save()
        if publish:
            session.save_revision().publish()
        return session

    return make


@pytest.fixture
def agenda_site(db, edition):
    """A home page with an agenda page in both languages, as the demo builds them."""
    from wagtail.models import Locale, Page, Site

    from cms.models import AgendaPage, HomePage

    vi = Locale.objects.get_or_create(language_code="vi")[0]
    en = Locale.objects.get_or_create(language_code="en")[0]
    root = Page.get_first_root_node()
    home = HomePage(title="Chính phủ số", slug="trang-chu", locale=vi)
    root.add_child(instance=home)
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    agenda = AgendaPage(title="Chương trình", slug="agenda")
    home.add_child(instance=agenda)
    agenda.save_revision().publish()
    home_en = home.copy_for_translation(en, copy_parents=True)
    home_en.save_revision().publish()
    agenda_en = agenda.copy_for_translation(en)
    agenda_en.title = "Agenda"
    agenda_en.save_revision().publish()
    return agenda
