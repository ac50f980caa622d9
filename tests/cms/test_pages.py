"""Public agenda pages: both languages, filters without JavaScript, search, speed."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models import Room, Session, SessionSpeaker, Speaker, Theme
from tests.cms.conftest import at


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _bulk_programme(edition, n: int, *, first: int = 0):
    """``n`` more published sessions over 5 rooms, each with a theme and two speakers."""
    if first == 0:
        for i in range(5):
            Room.objects.create(edition=edition, name=f"Phòng {i}", sort_order=i)
        for i in range(4):
            Theme.objects.create(edition=edition, name=f"Chủ đề {i}", slug=f"chu-de-{i}")
        Speaker.objects.bulk_create(
            [Speaker(edition=edition, name=f"Diễn giả Số {i}", search_text=f"dien gia so {i}",
                     sort_key=f"{i}") for i in range(40)])
    rooms = list(Room.objects.filter(edition=edition).order_by("sort_order"))
    themes = list(Theme.objects.filter(edition=edition).order_by("slug"))
    speakers = list(Speaker.objects.filter(edition=edition).order_by("pk"))
    start = at("00:00")
    sessions = []
    for i in range(first, first + n):
        slot_start = start + datetime.timedelta(minutes=10 * (i // 5))
        sessions.append(Session(
            edition=edition, title=f"Phiên số {i}", search_text=f"phien so {i}",
            start=slot_start, end=slot_start + datetime.timedelta(minutes=10),
            room=rooms[i % 5], live=True, first_published_at=start, last_published_at=start,
        ))
    sessions = Session.objects.bulk_create(sessions)
    through = Session.themes.through
    through.objects.bulk_create(
        [through(session_id=s.pk, theme_id=themes[i % 4].pk) for i, s in enumerate(sessions)])
    SessionSpeaker.objects.bulk_create(
        [SessionSpeaker(session=s, speaker=speakers[(i + k) % 40], sort_order=k)
         for i, s in enumerate(sessions) for k in range(2)])
    return sessions


# What each page must show; a one-day edition holds 144 ten-minute slots x 5 rooms = 720.
PAGES = {
    "/agenda/": "Phiên số 0",
    "/en/agenda/": "Phiên số 0",
    "/agenda/grid/": "Phiên số 0",
    "/agenda/themes/": "Phiên số 0",
    "/agenda/speakers/": "Diễn giả Số 0",
    "/agenda/?theme=chu-de-1&kind=talk": "Phiên số 1",
    "/agenda/now/?at=2024-10-25T01:05": "Phiên số 30",
    "/exports/2024/agenda.ics": "Phi",
    "/exports/2024/themes/chu-de-1.ics": "Phi",
    "/exports/2024/schedule.xml": "Phiên số 0",
    "/exports/2024/schedule.json": "Phiên số 0",
    "/api/v1/sessions/": "Phiên số 0",
    "/api/v1/speakers/": "Diễn giả Số 0",
    "/api/v1/rooms/": "Phòng 0",
}
MAX_QUERIES = 24


def _cold_query_counts(client) -> dict[str, int]:
    counts = {}
    for url, expected in PAGES.items():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        assert expected in response.content.decode(), url
        counts[url] = len(queries)
    return counts


def test_agenda_and_export_queries_do_not_grow_with_sessions(
        client, agenda_site, edition, django_assert_max_num_queries):
    _bulk_programme(edition, 50)
    with django_assert_max_num_queries(MAX_QUERIES * len(PAGES)):
        at_50 = _cold_query_counts(client)
    _bulk_programme(edition, 450, first=50)
    assert Session.objects.count() == 500
    with django_assert_max_num_queries(MAX_QUERIES * len(PAGES)):
        at_500 = _cold_query_counts(client)
    assert at_500 == at_50
    assert max(at_500.values()) <= MAX_QUERIES, at_500


def test_warm_agenda_page_reads_the_cache(client, agenda_site, edition):
    _bulk_programme(edition, 50)
    cache.clear()
    with CaptureQueriesContext(connection) as cold_queries:
        cold = client.get("/agenda/")
    with CaptureQueriesContext(connection) as warm_queries:
        warm = client.get("/agenda/")
    assert (cold.status_code, warm.status_code) == (200, 200)
    # The same programme (all 50 sessions), now without reading a session row.
    sessions = {int(n) for n in re.findall(r"Phiên số (\d+)", warm.text)}
    assert sessions == {int(n) for n in re.findall(r"Phiên số (\d+)", cold.text)} == set(
        range(50))
    assert "cms_session" in " ".join(q["sql"] for q in cold_queries.captured_queries)
    assert "cms_session" not in " ".join(q["sql"] for q in warm_queries.captured_queries)


def test_publishing_invalidates_the_cached_agenda(client, agenda_site, make_session, hall,
                                                  django_capture_on_commit_callbacks):
    session = make_session(title="Phiên sáng", start="09:00", end="09:30", room=hall)
    assert "09:00" in client.get("/agenda/").text
    draft = Session.objects.get(pk=session.pk)
    draft.start, draft.end = at("15:00"), at("15:30")
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision()
    assert "15:00" not in client.get("/agenda/").text  # drafts stay private
    with django_capture_on_commit_callbacks(execute=True):
        Session.objects.get(pk=session.pk).latest_revision.publish()
    page = client.get("/agenda/").text
    assert "15:00" in page and "09:00" not in page


def test_both_languages_with_hreflang_and_fallback(client, agenda_site, make_session, hall,
                                                   theme, speaker):
    session = make_session(title="Đô thị thông minh cho mọi người", title_en="", start="09:00",
                           end="09:30", room=hall, themes=[theme], speakers=[speaker])
    vi = client.get(f"/agenda/sessions/{session.pk}/")
    en = client.get(f"/en/agenda/sessions/{session.pk}/")
    assert vi.status_code == en.status_code == 200
    assert 'lang="vi"' in vi.text and 'lang="en"' in en.text
    link = f'hreflang="en" href="http://127.0.0.1:8000/en/agenda/sessions/{session.pk}/"'
    assert link in vi.text
    # No English title written: the English page shows the Vietnamese one, never nothing.
    assert "<h1>Đô thị thông minh cho mọi người</h1>" in en.text
    assert "Main hall" in en.text and "Hội trường chính" in vi.text
    assert client.get("/agenda/sessions/999999/").status_code == 404


def test_filters_work_without_javascript(client, agenda_site, make_session, hall, theme):
    make_session(title="Trong chủ đề", start="09:00", end="09:30", room=hall, themes=[theme])
    make_session(title="Ngoài chủ đề", start="10:00", end="10:30", room=hall)
    page = client.get("/agenda/", {"theme": theme.slug}).text
    assert "Trong chủ đề" in page and "Ngoài chủ đề" not in page
    page = client.get("/agenda/", {"q": "ngoai chu de"}).text
    assert "Ngoài chủ đề" in page and "Trong chủ đề" not in page
    page = client.get("/agenda/", {"theme": "khong-ton-tai"}).text
    assert "Trong chủ đề" in page and "Ngoài chủ đề" in page  # bad filter: shown, not a 500
    assert "Lựa chọn không hợp lệ" in page or "Hãy chọn" in page or "Select a valid" in page


def test_grid_theme_speakers_now_and_my_pages(client, agenda_site, make_session, hall, room_b,
                                              theme, speaker):
    make_session(title="Phiên A", start="09:00", end="10:00", room=hall, speakers=[speaker],
                 themes=[theme])
    make_session(title="Phiên B", start="09:30", end="10:00", room=room_b)
    make_session(title="Giải lao", start="10:00", end="10:15", kind="break")
    grid = client.get("/agenda/grid/").text
    # A timetable of 5-minute rows from 09:00: each session spans its duration.
    assert "grid-row: 2 / 14; grid-column: 2 / 3" in grid  # 09:00-10:00 in the first room
    assert "grid-row: 8 / 14; grid-column: 3 / 4" in grid  # 09:30-10:00 in the second
    assert "grid-row: 14 / 17; grid-column: 2 / 4" in grid  # the break spans both rooms
    # The time axis: a label every half hour down to 10:30, where the last row ends.
    assert re.findall(r'room-grid__time[^"]*" style="grid-row: (\d+) / span 6[^>]*><time>([\d:]+)',
                      grid) == [("2", "09:00"), ("8", "09:30"), ("14", "10:00")]
    assert "Phiên A" in client.get("/agenda/themes/").text
    speakers = client.get("/agenda/speakers/").text
    assert "Nguyễn Thị Anh Thi" in speakers and "Phó Chủ tịch, UBND TP. Đà Nẵng" in speakers
    assert "Phiên A" in client.get(f"/agenda/speakers/{speaker.pk}/").text
    now = client.get("/agenda/now/", {"at": "2024-10-25T09:45"}).text
    assert '<meta http-equiv="refresh" content="60">' in now
    assert now.index("Phiên A") < now.index("Giải lao")
    mine = client.get("/agenda/my/?ids=abc,1")
    assert mine.status_code == 200


def test_search_ignores_diacritics(client, agenda_site, make_session, speaker, edition):
    make_session(title="Phát triển hệ sinh thái du lịch thông minh", start="09:00", end="09:30")
    Speaker.objects.create(edition=edition, name="Đặng Quốc Hùng", organisation="An ninh mạng")
    page = client.get("/search/", {"q": "du lich thong minh"}).text
    assert "Phát triển hệ sinh thái du lịch thông minh" in page
    page = client.get("/search/", {"q": "nguyen thi anh thi"}).text
    assert "Nguyễn Thị Anh Thi" in page
    page = client.get("/en/search/", {"q": "DANG quoc"}).text
    assert "Đặng Quốc Hùng" in page
    page = client.get("/search/", {"q": "không có gì"}).text
    assert "Không tìm thấy kết quả" in page


def test_search_matches_word_starts_not_inside_words(client, agenda_site, make_session):
    """"AI" folds to "ai", which a plain "contains" also finds inside "đại" (dai) and "hai"."""
    make_session(title="Trí tuệ nhân tạo (AI) trong dịch vụ công", start="09:00", end="09:30")
    make_session(title="AIoT cho đô thị thông minh", start="09:30", end="10:00")
    make_session(title="Đại hội hiện đại hoá hai cấp", start="10:00", end="10:30")
    page = client.get("/search/", {"q": "AI"}).text
    assert "Trí tuệ nhân tạo (AI) trong dịch vụ công" in page
    assert "AIoT cho đô thị thông minh" in page
    assert "Đại hội hiện đại hoá hai cấp" not in page
    agenda = client.get("/agenda/", {"q": "ai"}).text
    assert "Trí tuệ nhân tạo (AI) trong dịch vụ công" in agenda
    assert "Đại hội hiện đại hoá hai cấp" not in agenda
    # Word starts, with or without diacritics: "hien dai" finds "hiện đại".
    page = client.get("/search/", {"q": "hien dai"}).text
    assert "Đại hội hiện đại hoá hai cấp" in page
    assert "Trí tuệ nhân tạo" not in page


def test_session_cards_carry_themes_speakers_and_rooms_in_order_in_three_queries(
        edition, hall, make_session, django_assert_num_queries):
    from cms import queries
    from cms.enums import SpeakerRole

    first = Theme.objects.create(edition=edition, name="Hạ tầng", name_en="Infrastructure",
                                 slug="ha-tang", sort_order=1)
    second = Theme.objects.create(edition=edition, name="Dữ liệu", slug="du-lieu", sort_order=2)
    chair = Speaker.objects.create(edition=edition, name="Trần Văn Bình")
    talker = Speaker.objects.create(edition=edition, name="Lê Thị Cúc")
    talk = make_session(title="Dữ liệu mở", title_en="Open data", start="10:00", end="10:30",
                        room=hall, themes=[second, first], speakers=[talker, chair])
    SessionSpeaker.objects.filter(session=talk, speaker=chair).update(role=SpeakerRole.MODERATOR)
    early = make_session(title="Khai mạc", start="08:00", end="08:30")
    make_session(title="Bản nháp", start="09:00", end="09:10", publish=False)

    themes = list(Theme.objects.filter(edition=edition))
    with django_assert_num_queries(3):
        cards = queries.session_cards(queries.live_sessions(edition), themes)

    assert [card.pk for card in cards] == [early.pk, talk.pk]  # by start; the draft left out
    card = cards[1]
    assert (card.title, card.title_en, card.room_name, card.room_name_en) == (
        "Dữ liệu mở", "Open data", "Hội trường chính", "Main hall")
    assert card.themes == [first, second]  # the edition's order, not the order they were added
    assert [(s.name, s.role) for s in card.speakers] == [
        ("Lê Thị Cúc", SpeakerRole.SPEAKER), ("Trần Văn Bình", SpeakerRole.MODERATOR)]
    assert cards[0].themes == [] and cards[0].speakers == [] and cards[0].room_name == ""
    assert card.local_start.hour == 10 and not card.is_break


def test_agenda_cards_escape_what_organisers_typed(client, agenda_site, edition, hall,
                                                  make_session):
    speaker = Speaker.objects.create(edition=edition, name='Ngô <b>Đức</b> "Anh"')
    make_session(title="Phiên <script>alert(1)</script>", room=hall, speakers=[speaker])

    page = client.get("/agenda/").content.decode()

    assert "Phiên &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert "Ngô &lt;b&gt;Đức&lt;/b&gt; &quot;Anh&quot;" in page
