from django.core.management import call_command
from wagtail.models import Page

from cms.models import Edition, EditionPage, HomePage


def test_load_demo_is_idempotent(demo):
    counts = (Page.objects.count(), Edition.objects.count())
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Page.objects.count(), Edition.objects.count()) == counts
    assert Edition.objects.get(is_current=True).year == 2024
    assert HomePage.objects.count() == 2  # Vietnamese and English
    assert set(EditionPage.objects.values_list("locale__language_code", flat=True)) == {"vi", "en"}


def test_home_page_in_both_languages(client, demo):
    vi = client.get("/")
    en = client.get("/en/")
    assert vi.status_code == en.status_code == 200
    assert 'lang="vi"' in vi.text and "Hội thảo Quốc gia về Chính phủ số 2024" in vi.text
    assert "25/10/2024" in vi.text
    assert 'lang="en"' in en.text and "National Conference on Digital Government 2024" in en.text
    assert 'hreflang="en" href="http://127.0.0.1:8000/en/"' in vi.text


def test_demo_programme_is_idempotent_and_realistic(demo):
    from cms.models import AgendaPage, Partner, Room, Session, SessionSpeaker, Speaker, Theme

    models = (Theme, Room, Speaker, Session, SessionSpeaker, Partner, AgendaPage)
    counts = [m.objects.count() for m in models]
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [m.objects.count() for m in models] == counts
    assert counts[:3] == [4, 3, 20]
    sessions = Session.objects.filter(edition=demo, live=True)
    assert sessions.filter(kind="panel").count() == 2
    assert sessions.filter(kind="ceremony", title__startswith="Lễ tôn vinh").exists()
    assert {s.local_start.date().isoformat() for s in sessions} == {"2024-10-25"}
    thi = Speaker.objects.get(name="Nguyễn Thị Anh Thi")
    assert thi.position == "Phó Chủ tịch" and thi.organisation == "Ủy ban nhân dân TP. Đà Nẵng"
    assert set(Speaker.objects.values_list("country", flat=True)) == {"VN", "GB", "MY"}
    assert Partner.objects.filter(kind="co_organiser").count() == 4


def test_home_page_shows_the_edition(client, demo):
    page = client.get("/").text
    assert "Cung Hội nghị Quốc tế Furama Đà Nẵng" in page
    assert "Đô thị thông minh" in page  # themes
    assert "Nguyễn Thị Anh Thi" in page  # featured speakers
    assert "Hội Tin học Thành phố Hồ Chí Minh (HCA)" in page  # partners
    assert 'href="/agenda/"' in page
    english = client.get("/en/").text
    assert "Smart cities" in english and "IDG Vietnam" in english
