"""What a visitor meets on screen, at phone (360 px) and desktop (1280 px) width, in both
languages: error pages with the site's layout, the header, the room grid."""

import pytest
from django.test import Client

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (360, 1280)


def _login_as(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])


def _page_overflow(page) -> int:
    """How far the page scrolls sideways (0: it fits the window)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_error_pages_have_the_layout_and_a_way_back(page, live_server, user_factory):
    from wagtail.models import Locale, Page

    if Page.get_first_root_node() is None:
        locale, _ = Locale.objects.get_or_create(language_code="vi")
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale, live=True))
    attendee = user_factory(email="dai.bieu@example.vn")
    _login_as(page, live_server, attendee)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        # Before: /admin/ and the login page sent the browser to each other until it gave up.
        response = page.goto("/admin/")
        assert response.status == 403
        assert page.locator("h1").inner_text() == "Không có quyền truy cập"
        assert page.locator(".site-header").is_visible()
        assert _page_overflow(page) == 0
        screenshot(page, f"ux-403-vi-{width}")
        page.get_by_role("link", name="Về trang chủ").click()
        page.wait_for_url(f"{live_server.url}/")

        response = page.goto("/en/no-such-page/")
        assert response.status == 404
        assert page.locator("h1").inner_text() == "Page not found"
        assert page.locator("html").get_attribute("lang") == "en"
        assert _page_overflow(page) == 0
        screenshot(page, f"ux-404-en-{width}")
        response = page.goto("/khong-co-trang-nay/")
        assert response.status == 404
        assert page.locator("h1").inner_text() == "Không tìm thấy trang"
        screenshot(page, f"ux-404-vi-{width}")
        page.get_by_label("Tìm trong chương trình và diễn giả").fill("chuyển đổi số")
        page.get_by_role("button", name="Tìm kiếm").click()
        page.wait_for_url("**/search/?q=*")
    attendee.language = "en"
    attendee.save()
    page.goto("/admin/")
    assert page.locator("h1").inner_text() == "Access denied"
    screenshot(page, "ux-403-en-1280")


@pytest.fixture
def demo_site(transactional_db):
    from django.core.management import call_command
    from wagtail.models import Locale, Page

    if Page.get_first_root_node() is None:
        locale, _ = Locale.objects.get_or_create(language_code="vi")
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale, live=True))
    call_command("load_demo", password="demo-password-123", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _header_height(page) -> float:
    return page.locator(".site-header").bounding_box()["height"]


def test_home_names_sign_up_and_registration_apart_and_header_folds_on_a_phone(page, demo_site):
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto("/")
    # "Đăng ký" meant both the account (header) and the conference (hero): now two names.
    hero = page.locator(".hero")
    assert hero.get_by_role("link", name="Đăng ký tham dự").is_visible()
    assert page.get_by_role("link", name="Đăng ký", exact=True).count() == 0
    screenshot(page, "ux-home-vi-360")
    # The header is one row: brand, menu button, the other language.
    assert _header_height(page) < 80
    assert _page_overflow(page) == 0
    menu = page.get_by_role("button", name="Danh mục")
    assert menu.is_visible() and menu.get_attribute("aria-expanded") == "false"
    assert not page.get_by_role("link", name="Chương trình", exact=True).is_visible()
    assert page.get_by_role("link", name="English").is_visible()
    # Keyboard: Tab reaches the button, Enter opens, Escape closes and keeps the focus there.
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # brand
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "nav-toggle"
    page.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("link", name="Chương trình", exact=True).is_visible()
    assert page.get_by_role("link", name="Tạo tài khoản").is_visible()
    screenshot(page, "ux-home-vi-360-menu")
    page.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false"
    assert page.evaluate("() => document.activeElement.className") == "nav-toggle"

    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/")
    assert page.locator(".hero").get_by_role("link", name="Register to attend").is_visible()
    assert _header_height(page) < 80
    assert page.get_by_role("button", name="Menu").is_visible()
    screenshot(page, "ux-home-en-360")
    page.get_by_role("button", name="Menu").click()
    assert page.get_by_role("link", name="Create an account").is_visible()
    screenshot(page, "ux-home-en-360-menu")

    # On a desktop the navigation is open and there is no menu button.
    page.set_viewport_size({"width": 1280, "height": 800})
    for path, language in (("/en/", "en"), ("/", "vi")):
        page.goto(path)
        assert not page.locator(".nav-toggle").is_visible()
        assert page.get_by_role("link", name="Tiếng Việt" if language == "en" else "English")
        assert _header_height(page) < 80
        assert _page_overflow(page) == 0
        screenshot(page, f"ux-home-{language}-1280")
    assert page.get_by_role("link", name="Tạo tài khoản").is_visible()


def test_room_grid_is_a_timetable_that_fits_the_screen(page, demo_site):
    """Each room column was about 1,035 px wide: at 1280 px only the main hall showed and the page
    scrolled sideways into blank space (2,174 px wide at 360)."""
    for path, language in (("/agenda/grid/", "vi"), ("/en/agenda/grid/", "en")):
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(path)
            assert _page_overflow(page) == 0, (path, width)
            rooms = page.locator(".room-grid__room")
            assert rooms.count() == 3
            grid = page.locator(".grid-scroll").evaluate(
                "g => ({scroll: g.scrollWidth, client: g.clientWidth})")
            if width == 1280:
                # Every room's header in view, the grid within its frame.
                assert grid["scroll"] <= grid["client"]
                for box in (rooms.nth(i).bounding_box() for i in range(rooms.count())):
                    assert box["x"] >= 0 and box["x"] + box["width"] <= width
                    assert box["width"] >= 250
            else:
                # A phone scrolls inside the grid only; the time column stays in view.
                assert grid["scroll"] > grid["client"]
                page.locator(".grid-scroll").evaluate("g => { g.scrollLeft = 200; }")
                time_box = page.locator(".room-grid__time").first.bounding_box()
                frame_box = page.locator(".grid-scroll").bounding_box()
                assert abs(time_box["x"] - frame_box["x"]) <= 2
                page.locator(".grid-scroll").evaluate("g => { g.scrollLeft = 0; }")
            # Sessions as tall as they last: the 60-minute panel is taller than a 20-minute talk.
            heights = page.locator(".room-grid__cell").evaluate_all(
                "cells => cells.map(c => [c.querySelector('.session__time').textContent,"
                " c.getBoundingClientRect().height])")
            by_time = dict(heights)
            assert by_time["10:20–11:20"] > by_time["11:20–11:40"]
            screenshot(page, f"ux-grid-{language}-{width}")


def test_english_site_shows_a_vietnamese_page_until_it_is_translated(page, demo_site):
    from cms.models import HomePage, StandardPage
    from cms.services import sync_page_tree

    home = HomePage.objects.get(locale__language_code="vi")
    faq = StandardPage(title="Câu hỏi thường gặp", slug="hoi-dap")
    home.add_child(instance=faq)
    faq.save_revision().publish()
    assert sync_page_tree() == 1
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        response = page.goto("/en/hoi-dap/")
        assert response.status == 200
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.locator("h1").inner_text() == "Câu hỏi thường gặp"
        assert page.get_by_role("note").inner_text() == (
            "This page has not been translated yet: it is shown in its original language.")
        assert _page_overflow(page) == 0
        screenshot(page, f"ux-en-alias-{width}")
    page.get_by_role("link", name="Tiếng Việt").click()
    page.wait_for_url("**/hoi-dap/")
    assert page.locator("html").get_attribute("lang") == "vi"
