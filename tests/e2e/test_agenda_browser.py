"""The agenda as people use it: on a 360 px phone in both languages, stars, My agenda, iCal, and
an organizer moving a session in the Wagtail admin."""

import pytest
from django.core.management import call_command
from django.test import Client

from tests.e2e.conftest import screenshot, wait_until

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
PASSWORD = "a-Strong-passw0rd"


@pytest.fixture
def demo_site(transactional_db, settings):
    settings.SITE_URL = "http://localhost"
    call_command("load_demo", password="demo-password-123", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(viewport=PHONE, locale="vi-VN", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"page is {width}px wide"


def test_visitor_browses_filters_stars_then_logs_in(phone, demo_site, user_factory):
    from cms.models import Session

    user_factory(email="attendee@example.com", password=PASSWORD, first_name="An")
    phone.goto("/agenda/")
    assert phone.locator("h1").inner_text() == "Chương trình"
    assert phone.get_by_role("link", name="Khai mạc hội thảo", exact=True).is_visible()
    _no_sideways_scroll(phone)
    screenshot(phone, "agenda-vi-360")

    phone.get_by_role("link", name="English").click()
    phone.wait_for_url("**/en/agenda/")
    assert phone.locator("h1").inner_text() == "Agenda"
    assert phone.get_by_role("link", name="Opening of the conference", exact=True).is_visible()
    _no_sideways_scroll(phone)
    screenshot(phone, "agenda-en-360")

    # Filter by theme with the plain GET form.
    phone.select_option("#id_theme", label="Digital education")
    phone.get_by_role("button", name="Filter").click()
    phone.wait_for_url("**/en/agenda/?*theme=giao-duc-so*")
    assert phone.get_by_role("link", name="Inclusive education in a digital society",
                             exact=True).is_visible()
    assert phone.get_by_role("link", name="Vietnam's e-contract backbone", exact=True).count() == 0
    screenshot(phone, "agenda-en-360-theme")

    # Star a session as a visitor: kept in the browser.
    panel = Session.objects.get(title__startswith="Tọa đàm: Số hóa ngành giáo dục")
    star = phone.locator(f"button.star[data-session='{panel.pk}']")
    star.click()
    assert star.get_attribute("aria-pressed") == "true"
    assert star.inner_text().strip().startswith("★")

    # Log in: the browser's stars join the account and show in My agenda.
    phone.goto("/en/accounts/login/?next=/en/agenda/my/")
    phone.fill("input[name=login]", "attendee@example.com")
    phone.fill("input[name=password]", PASSWORD)
    phone.locator("form button[type=submit]").last.click()
    phone.wait_for_url("**/en/agenda/my/")
    phone.get_by_role("link", name="Panel: Digitising education - using data to build lasting "
                      "value", exact=True).wait_for()
    assert phone.locator("#feed-url").input_value().startswith("http://localhost/exports/calendar/")
    _no_sideways_scroll(phone)
    screenshot(phone, "my-agenda-en-360")
    from cms.models import StarredSession

    assert list(StarredSession.objects.values_list("session_id", flat=True)) == [panel.pk]


def test_attendee_stars_two_sessions_and_downloads_ical(phone, demo_site, user_factory):
    from cms.models import Session

    user_factory(email="delegate@example.com", password=PASSWORD)
    phone.goto("/accounts/login/?next=/agenda/")
    phone.fill("input[name=login]", "delegate@example.com")
    phone.fill("input[name=password]", PASSWORD)
    phone.locator("form button[type=submit]").last.click()
    phone.wait_for_url("**/agenda/")
    keynote = Session.objects.get(title__startswith="Đà Nẵng: từ chính quyền điện tử")
    ceremony = Session.objects.get(title__startswith="Lễ tôn vinh")
    for session in (keynote, ceremony):
        button = phone.locator(f"button.star[data-session='{session.pk}']")
        button.click()
        wait_until(phone, 
            f"document.querySelector(\"button.star[data-session='{session.pk}']\")"
            ".getAttribute('aria-pressed') === 'true'")
    phone.goto("/agenda/my/")
    assert phone.locator(".my-agenda article.session").count() == 2
    screenshot(phone, "my-agenda-vi-360")
    href = phone.locator("#feed-download").get_attribute("href")
    response = phone.context.request.get(href)
    assert response.status == 200
    body = response.text()
    assert body.count("BEGIN:VEVENT") == 2
    assert "SUMMARY:Lễ tôn vinh Lãnh đạo chuyển đổi số tiêu biểu năm 2024" in body.replace(
        "\r\n ", "")
    assert "DTSTART:20241025T100000Z" in body  # 17:00 in Da Nang


def test_organizer_moves_a_session_and_the_agenda_shows_it(browser, live_server, demo_site,
                                                           user_factory):
    from allauth.mfa.models import Authenticator

    from cms.models import Session

    organizer = user_factory(email="boss@example.com", is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=organizer, type=Authenticator.Type.TOTP,
                                 data={"secret": "x"})
    django_client = Client()
    django_client.force_login(organizer)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN",
                                  base_url=live_server.url)
    host = live_server.url.split("//")[1].split(":")[0]
    context.add_cookies([{"name": "sessionid", "value": django_client.cookies["sessionid"].value,
                          "domain": host, "path": "/"}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    session = Session.objects.get(title__startswith="Kinh nghiệm quốc tế về thiết kế dịch vụ")
    page.goto(f"/admin/snippets/cms/session/edit/{session.pk}/")
    page.fill("#id_start", "2024-10-25 16:30")
    page.fill("#id_end", "2024-10-25 16:50")
    # The date picker stays open over the footer's action menu, so a pointer click there lands on
    # the picker; press the publish button the way a keyboard user would instead.
    page.locator("button[name='action-publish']").evaluate("button => button.click()")
    page.wait_for_url("**/admin/snippets/cms/session/**")
    screenshot(page, "admin-session-moved")
    context.close()

    session.refresh_from_db()
    assert session.local_start.strftime("%H:%M") == "16:30"
    public = browser.new_context(viewport=PHONE, base_url=live_server.url)
    phone = public.new_page()
    phone.goto(f"/agenda/sessions/{session.pk}/")
    assert "16:30" in phone.locator(".facts").inner_text()
    phone.goto("/agenda/")
    item = phone.locator(f"article[data-session-id='{session.pk}'] .session__time")
    assert item.inner_text().startswith("16:30–16:50")
    public.close()
