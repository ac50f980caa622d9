"""Demo content for the 2024 edition, from the articles in shared/seeds/.

Idempotent: every object is looked up by a stable key and updated, never duplicated.
"""

import datetime

from django.db import transaction
from wagtail.models import Locale, Page, Site

from .demo_agenda import load_programme
from .models import (
    AgendaPage,
    Edition,
    EditionPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    StandardPage,
)

EDITION_2024 = {
    "year": 2024,
    "name": "Hội thảo Quốc gia về Chính phủ số 2024",
    "name_en": "National Conference on Digital Government 2024",
    "start_date": datetime.date(2024, 10, 25),
    "end_date": datetime.date(2024, 10, 25),
    "venue": "Cung Hội nghị Quốc tế Furama Đà Nẵng",
    "venue_en": "Furama International Convention Centre, Da Nang",
    "venue_address": "105 Võ Nguyên Giáp, Khuê Mỹ, Ngũ Hành Sơn, Đà Nẵng",
    "is_current": True,
}

TAGLINE_VI = (
    "Đà Nẵng - Thành phố xanh và bền vững - cơ hội đầu tư và phát triển thương mại "
    "trong thời đại mới"
)
TAGLINE_EN = (
    "Da Nang - a green and sustainable city - opportunities for investment and trade "
    "in a new era"
)
INTRO_VI = (
    "<p>Hội thảo Quốc gia về Chính phủ số và Lễ tôn vinh <b>Lãnh đạo chuyển đổi số tiêu biểu</b> "
    "năm 2024 do Sở Thông tin và Truyền thông Đà Nẵng phối hợp với Tập đoàn dữ liệu quốc tế IDG "
    "Việt Nam, Hội Truyền thông số Việt Nam (VDCA), Hội Vô tuyến điện tử Việt Nam (REV) và Hội Tin "
    "học Thành phố Hồ Chí Minh (HCA) tổ chức.</p>"
)
INTRO_EN = (
    "<p>The National Conference on Digital Government and the <b>Leading Digital Transformation "
    "Leaders</b> awards 2024, organised by the Da Nang Department of Information and "
    "Communications with IDG Vietnam, the Vietnam Digital Communications Association (VDCA), the "
    "Radio-Electronics Association of Vietnam (REV) and the Ho Chi Minh City Computer Association "
    "(HCA).</p>"
)
ABOUT_VI = [
    ("heading", "Về hội thảo"),
    (
        "paragraph",
        "<p>Sáng kiến tổ chức Hội thảo quốc gia về chính phủ số và tôn vinh các lãnh đạo chuyển "
        "đổi số tiêu biểu hằng năm là nguồn động viên, khích lệ quý giá, góp phần nâng cao hiệu "
        "quả của công tác chuyển đổi số.</p><p>Năm 2023, kinh tế số đóng góp 20,7% GRDP của Đà "
        "Nẵng; tỷ lệ dịch vụ công trực tuyến toàn trình của thành phố cao nhất cả nước với "
        "95%.</p>",
    ),
]
ABOUT_EN = [
    ("heading", "About the conference"),
    (
        "paragraph",
        "<p>Holding a national conference on digital government each year, and honouring the "
        "leading digital-transformation leaders, encourages and rewards the work of digital "
        "transformation.</p><p>In 2023 the digital economy made up 20.7% of Da Nang's GRDP, and "
        "95% of the city's public services were fully online, the highest rate in Vietnam.</p>",
    ),
]


VENUE_VI = [
    ("heading", "Cung Hội nghị Quốc tế Furama Đà Nẵng"),
    ("paragraph", "<p>105 Võ Nguyên Giáp, Khuê Mỹ, Ngũ Hành Sơn, Đà Nẵng. Cách sân bay quốc tế "
                  "Đà Nẵng khoảng 15 phút đi ô tô.</p><p>Ban tổ chức bố trí xe đưa đón từ các "
                  "khách sạn đối tác vào buổi sáng ngày hội thảo.</p>"),
]
VENUE_EN = [
    ("heading", "Furama International Convention Centre, Da Nang"),
    ("paragraph", "<p>105 Vo Nguyen Giap, Khue My, Ngu Hanh Son, Da Nang, about 15 minutes by "
                  "car from Da Nang International Airport.</p><p>Shuttles run from the partner "
                  "hotels on the morning of the conference.</p>"),
]
AGENDA_INTRO_VI = "<p>Một ngày, ba phòng, bốn chủ đề: đánh dấu ☆ các phiên bạn muốn dự.</p>"
AGENDA_INTRO_EN = (
    "<p>One day, three rooms, four themes: star ☆ the sessions you want to attend.</p>"
)
NEWS = [
    (
        "hoi-thao-2024-dien-ra-tai-da-nang",
        {
            "title": "Hội thảo Quốc gia về Chính phủ số 2024 diễn ra tại Đà Nẵng",
            "date": datetime.date(2024, 10, 25),
            "intro": "Ngày 25/10 tại Cung Hội nghị Quốc tế Furama Đà Nẵng đã diễn ra Hội thảo "
                     "Quốc gia về Chính phủ số: Lãnh đạo chuyển đổi số tiêu biểu năm 2024.",
            "body": [("paragraph", "<p>Năm 2023 kinh tế số đóng góp 20,7% GRDP của Đà Nẵng; tỷ "
                                   "lệ dịch vụ công trực tuyến toàn trình của thành phố cao nhất "
                                   "cả nước với 95%.</p>")],
        },
        {
            "title": "National Conference on Digital Government 2024 held in Da Nang",
            "slug": "conference-2024-held-in-da-nang",
            "intro": "On 25/10 the National Conference on Digital Government: Leading Digital "
                     "Transformation Leaders 2024 took place at the Furama International "
                     "Convention Centre in Da Nang.",
            "body": [("paragraph", "<p>In 2023 the digital economy made up 20.7% of Da Nang's "
                                   "GRDP, and 95% of its public services were fully online, the "
                                   "highest rate in Vietnam.</p>")],
        },
    ),
]


def _locales() -> tuple[Locale, Locale]:
    vi, _ = Locale.objects.get_or_create(language_code="vi")
    en, _ = Locale.objects.get_or_create(language_code="en")
    return vi, en


def _translation(page: Page, locale: Locale, **fields) -> Page:
    """The page's translation in ``locale``, created or updated, and published."""
    translated = page.get_translation_or_none(locale)
    if translated is None:
        translated = page.copy_for_translation(locale, copy_parents=True, alias=False)
    translated = translated.specific
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    return translated


def _child(parent: Page, model, slug: str, **fields):
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
    else:
        for name, value in fields.items():
            setattr(page, name, value)
    page.save_revision().publish()
    return page


@transaction.atomic
def load() -> Edition:
    vi, en = _locales()
    edition, _ = Edition.objects.update_or_create(
        year=EDITION_2024["year"], defaults=EDITION_2024
    )
    Edition.objects.exclude(pk=edition.pk).filter(is_current=True).update(is_current=False)

    root = Page.get_first_root_node()
    if root is None:  # a flushed database (transactional tests) has no tree at all
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=vi))
    home = HomePage.objects.filter(locale=vi).first()
    if home is None:
        home = HomePage(title="Chính phủ số", slug="trang-chu", locale=vi, intro=INTRO_VI)
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True, site_name="govconf")
    if site.root_page_id != home.pk:
        old_root = site.root_page if site.pk else None
        site.root_page = home
        site.site_name = "Hội thảo Quốc gia về Chính phủ số"
        site.save()
        # Wagtail's "Welcome to your new Wagtail site!" page is no longer reachable.
        if old_root is not None and not isinstance(old_root.specific, HomePage):
            old_root.delete()
    _translation(home, en, title="Digital Government", intro=INTRO_EN)

    edition_page = _child(
        home,
        EditionPage,
        "2024",
        title=EDITION_2024["name"],
        edition=edition,
        tagline=TAGLINE_VI,
        intro=INTRO_VI,
    )
    _translation(edition_page, en, title=EDITION_2024["name_en"], tagline=TAGLINE_EN,
                 intro=INTRO_EN)

    about = _child(home, StandardPage, "gioi-thieu", title="Giới thiệu", body=ABOUT_VI,
                   show_in_menus=True)
    _translation(about, en, title="About", slug="about", body=ABOUT_EN)

    venue = _child(home, StandardPage, "dia-diem", title="Địa điểm và đi lại", body=VENUE_VI,
                   show_in_menus=True)
    _translation(venue, en, title="Venue and travel", slug="venue", body=VENUE_EN)

    load_programme(edition)
    # The same slug in both languages keeps /agenda/ and /en/agenda/ (and every sub-route)
    # one language switch apart.
    agenda = _child(home, AgendaPage, "agenda", title="Chương trình", intro=AGENDA_INTRO_VI)
    _translation(agenda, en, title="Agenda", slug="agenda", intro=AGENDA_INTRO_EN)

    news = _child(home, NewsIndexPage, "news", title="Tin tức")
    _translation(news, en, title="News", slug="news")
    for slug, fields_vi, fields_en in NEWS:
        article = _child(news, NewsPage, slug, **fields_vi)
        _translation(article, en, **fields_en)
    return edition
