"""The Content-Security-Policy breaks nothing a visitor or an organiser uses: the browser reports
no violation on the public pages (both languages, the room grid, a session) nor in Wagtail's admin
(the dashboard, a form with date pickers)."""

import pytest
from django.test import Client

from tests.checkin.conftest import activate_totp
from tests.e2e.test_agenda_browser import demo_site  # noqa: F401

pytestmark = pytest.mark.browser

VIOLATIONS = """() => window.__csp || []"""


def test_no_page_breaks_the_policy(page, live_server, demo_site, user_factory):  # noqa: F811
    from cms.models import Session

    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script("window.__csp = []; document.addEventListener("
                         "'securitypolicyviolation', e => window.__csp.push("
                         "e.violatedDirective + ' ' + e.blockedURI));")
    session = Session.objects.first()
    public = ["/", "/en/", "/agenda/", "/agenda/grid/", "/en/agenda/",
              f"/agenda/sessions/{session.pk}/", "/agenda/speakers/",
              "/register/", "/accounts/login/"]
    for url in public:
        response = page.goto(url)
        assert response.status == 200, url
        assert "script-src 'self';" in response.headers["content-security-policy"] + ";"
        page.wait_for_load_state("networkidle")
        assert page.evaluate(VIOLATIONS) == [], url
    assert [m for m in console if "Content Security Policy" in m] == []

    organiser = user_factory(is_staff=True, is_superuser=True)
    activate_totp(organiser)
    client = Client()
    client.force_login(organiser)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])
    page.set_viewport_size({"width": 1280, "height": 900})
    for url in ["/admin/", "/admin/snippets/cms/session/add/", "/admin/pages/"]:
        response = page.goto(url)
        assert response.status == 200, url
        page.wait_for_load_state("networkidle")
        assert page.evaluate(VIOLATIONS) == [], url
    assert [m for m in console if "Content Security Policy" in m] == []
