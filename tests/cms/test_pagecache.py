"""The page cache for anonymous visitors (cms/pagecache.py) and the HTTP caching headers.

Behaviour only, no timings: speed is measured by `make bench`.
"""

import gzip
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cms.models import Session
from cms.services import AGENDA_VERSION_KEY


def _forget_pages():
    """Every cached page out of date (without emptying a Redis that other work shares)."""
    cache.incr(AGENDA_VERSION_KEY)


HIT_HEADER = "X-Page-Cache"  # cms.pagecache.HIT_HEADER, spelled out: the tests ran on the old code


def _directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


def _hit(response) -> bool:
    return response.headers.get(HIT_HEADER) == "hit"


def test_anonymous_pages_come_from_the_cache_without_touching_the_database(
        client, agenda_site, make_session, hall):
    make_session(title="Phiên khai mạc", room=hall)
    first = client.get("/agenda/")
    assert first.status_code == 200 and not _hit(first)
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/agenda/")
    assert _hit(second)
    assert len(queries) == 0
    assert second.content == first.content
    assert "Phiên khai mạc" in second.text


def test_key_has_language_and_query_string(client, agenda_site, make_session, hall, theme):
    make_session(title="Phiên đô thị", room=hall, themes=[theme])
    make_session(title="Phiên khác", start="10:00", end="10:30", room=hall)
    client.get("/agenda/")
    filtered = client.get("/agenda/?theme=do-thi-thong-minh")
    assert not _hit(filtered)
    assert "Phiên đô thị" in filtered.text and "Phiên khác" not in filtered.text
    english = client.get("/en/agenda/")
    assert not _hit(english)
    assert 'lang="en"' in english.text
    assert _hit(client.get("/agenda/?theme=do-thi-thong-minh"))
    assert 'lang="en"' in client.get("/en/agenda/").text
    assert 'lang="vi"' in client.get("/agenda/").text


def test_an_edit_is_visible_to_the_next_anonymous_request(
        client, agenda_site, make_session, hall, django_capture_on_commit_callbacks):
    session = make_session(title="Phiên sáng", room=hall)
    client.get("/agenda/")
    assert _hit(client.get("/agenda/"))
    # A snippet published in the admin (Wagtail's `published` signal).
    draft = Session.objects.get(pk=session.pk)
    draft.title = "Phiên sáng (đổi tên)"
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    page = client.get("/agenda/")
    assert not _hit(page)
    assert "Phiên sáng (đổi tên)" in page.text
    # A room saved (plain post_save).
    with django_capture_on_commit_callbacks(execute=True):
        hall.name = "Hội trường lớn"
        hall.save()
    assert "Hội trường lớn" in client.get("/agenda/").text


def test_publishing_a_page_refreshes_the_cached_page(
        client, agenda_site, django_capture_on_commit_callbacks):
    home = agenda_site.get_parent().specific
    assert "Chính phủ số" in client.get("/").text
    assert _hit(client.get("/"))
    home.title = "Chính phủ số 2026"
    with django_capture_on_commit_callbacks(execute=True):
        home.save_revision().publish()
    page = client.get("/")
    assert not _hit(page)
    assert "Chính phủ số 2026" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        agenda_site.unpublish()
    assert client.get("/agenda/").status_code in (302, 404)


def test_a_page_made_private_leaves_the_cache(client, agenda_site,
                                             django_capture_on_commit_callbacks):
    from wagtail.models import PageViewRestriction

    client.get("/agenda/")
    assert _hit(client.get("/agenda/"))
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=agenda_site,
                                           restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/agenda/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_english_browser_gets_the_cached_vietnamese_page_at_an_unprefixed_address(
        client, agenda_site, make_session, hall):
    # A foreign delegate's phone asks for English everywhere, but / and /agenda/ are always the
    # Vietnamese pages (English lives under /en/): they come from the cache all the same, and
    # the copy is the one every Vietnamese visitor gets.
    make_session(title="Phiên khai mạc", room=hall)
    vietnamese = client.get("/agenda/")
    english_browser = client.get("/agenda/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert _hit(english_browser)
    assert english_browser.content == vietnamese.content
    assert 'lang="vi"' in english_browser.text
    assert 'lang="en"' in client.get("/en/agenda/", HTTP_ACCEPT_LANGUAGE="vi").text


def test_logged_in_visitor_never_gets_a_cached_page(client, agenda_site, make_session, hall,
                                                    user_factory):
    make_session(title="Phiên khai mạc", room=hall)
    anonymous = client.get("/agenda/")
    assert _hit(client.get("/agenda/"))
    assert "account_logout" not in anonymous.text and "csrfmiddlewaretoken" not in anonymous.text

    member = Client()
    member.force_login(user_factory(email="an@example.com", first_name="An"))
    page = member.get("/agenda/")
    assert HIT_HEADER not in page.headers
    assert page.content != anonymous.content
    assert "csrfmiddlewaretoken" in page.text  # the star form posts for members
    assert {"private", "no-store"} <= _directives(page)

    # Nor is a member's page ever stored for others.
    _forget_pages()
    member.get("/agenda/")
    fresh = Client().get("/agenda/")
    assert not _hit(fresh)
    assert "csrfmiddlewaretoken" not in fresh.text


def test_a_page_with_a_form_still_posts(db, user_factory):
    user_factory(email="an@example.com", password="a-Strong-passw0rd")
    first = Client(enforce_csrf_checks=True)
    second = Client(enforce_csrf_checks=True)
    first_page = first.get("/accounts/login/")
    second_page = second.get("/accounts/login/")
    # A form's page is never kept: each visitor gets the token of their own CSRF cookie.
    assert not _hit(second_page)
    assert "csrftoken" in second_page.cookies
    assert {"private", "no-store"} <= _directives(second_page)
    token = second_page.context["csrf_token"]
    assert token != first_page.context["csrf_token"]
    response = second.post("/accounts/login/", {"login": "an@example.com",
                                                "password": "a-Strong-passw0rd",
                                                "csrfmiddlewaretoken": str(token)})
    assert response.status_code == 302
    assert "_auth_user_id" in second.session


@pytest.fixture
def recording_cache(settings):
    """The site on a cache that records each lookup (tests.cache.RecordingCache): the page cache
    is the only ``get_many`` of a request."""
    from django.core.cache import caches

    settings.CACHES = {"default": {"BACKEND": "tests.cache.RecordingCache",
                                   "LOCATION": "page-cache-lookups"}}
    return caches["default"]


def test_only_views_that_may_be_public_ask_the_cache(db, agenda_site, make_session, hall,
                                                     recording_cache):
    # The load balancer's probe, a form page and the bare pages of the bench never come from the
    # cache: a lookup there would be a wasted round trip on every request (a third of /healthz).
    make_session(title="Phiên khai mạc", room=hall)
    client = Client()
    for url in ("/healthz", "/accounts/login/", "/en/accounts/login/",
                "/accounts/password/reset/"):
        assert client.get(url).status_code == 200, url
    assert recording_cache.asked == []
    # Wagtail pages (the catch-all, any language), the public views and the API still do, and
    # are served from it the second time.
    for url in ("/", "/en/", "/agenda/", "/en/agenda/", "/api/v1/sessions/",
                "/exports/2024/schedule.json", "/register/"):
        client.get(url)
        assert _hit(client.get(url)), url
    assert len(recording_cache.asked) == 14


def test_cached_answers_carry_http_caching_headers_and_answer_304(
        client, agenda_site, make_session, hall, settings):
    make_session(title="Phiên khai mạc", room=hall)
    first = client.get("/agenda/")
    assert _directives(first) == {"public", "max-age=60", "stale-while-revalidate=300"}
    etag = first["ETag"]
    assert etag.startswith('W/"')
    hit = client.get("/agenda/")
    assert hit["ETag"] == etag and hit["Cache-Control"] == first["Cache-Control"]
    not_modified = client.get("/agenda/", HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert client.get("/agenda/", HTTP_IF_NONE_MATCH='W/"other"').status_code == 200


def test_pages_are_stored_compressed_and_served_to_every_client(
        client, agenda_site, make_session, hall):
    make_session(title="Phiên khai mạc", room=hall)
    plain = client.get("/agenda/")
    zipped = client.get("/agenda/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert _hit(zipped)
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.content) == plain.content
    assert len(zipped.content) < len(plain.content) / 2
    again = client.get("/agenda/")
    assert _hit(again) and "Content-Encoding" not in again.headers
    assert again.content == plain.content


def test_session_cookie_authorization_and_messages_bypass_the_cache(
        client, agenda_site, make_session, hall):
    make_session(title="Phiên khai mạc", room=hall)
    client.get("/agenda/")
    assert _hit(client.get("/agenda/"))
    assert not _hit(client.get("/agenda/", HTTP_AUTHORIZATION="Device abc"))
    other = Client()
    other.cookies["messages"] = "x"
    assert not _hit(other.get("/agenda/"))
    other = Client()
    other.cookies["sessionid"] = "x"
    assert not _hit(other.get("/agenda/"))
    # Harmless cookies keep the cache.
    other = Client()
    other.cookies["csrftoken"] = "x" * 32
    assert _hit(other.get("/agenda/"))


def test_private_views_are_not_cached(client, agenda_site, make_session, hall):
    session = make_session(title="Phiên khai mạc", room=hall)
    url = f"/agenda/my/?ids={session.pk}"
    client.get(url)
    response = client.get(url)
    assert not _hit(response)
    assert {"private", "no-store"} <= _directives(response)


def test_exports_and_api_are_cached_for_everyone(client, agenda_site, make_session, hall):
    make_session(title="Phiên khai mạc", room=hall)
    for url in ("/exports/2024/schedule.json", "/api/v1/sessions/"):
        client.get(url)
        assert _hit(client.get(url)), url
        # A cross-origin fetch gets its CORS headers from the view, never a stored copy.
        cors = client.get(url, HTTP_ORIGIN="https://example.org")
        assert not _hit(cors)
        assert cors["Access-Control-Allow-Origin"] == "*"


# --- front cache (wagtail.contrib.frontend_cache) -------------------------------------------------

class FakePurgeEndpoint:
    """A cache server that records the PURGE requests Wagtail's HTTP backend sends."""

    def __init__(self):
        self.purged = []
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_PURGE(self):  # noqa: N802 (http.server's naming)
                endpoint.purged.append((self.headers.get("Host"), self.path))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def purge_endpoint(settings):
    endpoint = FakePurgeEndpoint()
    settings.WAGTAILFRONTENDCACHE = {"default": {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": endpoint.url,
    }}
    yield endpoint
    endpoint.close()


def test_front_cache_is_purged_when_a_page_or_the_agenda_changes(
        agenda_site, make_session, hall, purge_endpoint, django_capture_on_commit_callbacks):
    standard_parent = agenda_site.get_parent()
    from cms.models import StandardPage

    about = StandardPage(title="Giới thiệu", slug="gioi-thieu")
    standard_parent.add_child(instance=about)
    with django_capture_on_commit_callbacks(execute=True):
        about.save_revision().publish()
    paths = {path for _host, path in purge_endpoint.purged}
    assert "/gioi-thieu/" in paths  # Wagtail purges the page itself
    assert {"/", "/agenda/", "/agenda/grid/", "/en/agenda/"} <= paths  # and we the listings
    assert all(host == "localhost" for host, _path in purge_endpoint.purged)

    purge_endpoint.purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        make_session(title="Phiên mới", start="14:00", end="14:30", room=hall)
    paths = {path for _host, path in purge_endpoint.purged}
    assert {"/agenda/", "/agenda/speakers/", "/agenda/now/", "/en/agenda/"} <= paths


def _frontend_settings(**environ) -> str:
    """WAGTAILFRONTENDCACHE as conference/settings/base.py builds it from these variables."""
    import os
    import subprocess
    import sys

    code = ("import json, conference.settings.base as s; "
            "print(json.dumps(s.WAGTAILFRONTENDCACHE, sort_keys=True))")
    env = {key: value for key, value in os.environ.items() if not key.startswith(
        ("FRONTEND_CACHE", "CLOUDFLARE_", "CLOUDFRONT_"))}
    done = subprocess.run([sys.executable, "-c", code], env={**env, **environ},
                          capture_output=True, text=True, check=False)
    return done.stdout.strip() or done.stderr


def test_front_cache_settings_from_the_environment():
    import json

    assert json.loads(_frontend_settings()) == {}
    assert json.loads(_frontend_settings(FRONTEND_CACHE="nginx",
                                         FRONTEND_CACHE_LOCATION="http://127.0.0.1:6081")) == {
        "default": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                    "LOCATION": "http://127.0.0.1:6081"}}
    cloudflare = json.loads(_frontend_settings(FRONTEND_CACHE="cloudflare",
                                               CLOUDFLARE_BEARER_TOKEN="token",
                                               CLOUDFLARE_ZONE_ID="zone"))
    assert cloudflare["default"]["ZONEID"] == "zone"
    assert cloudflare["default"]["BACKEND"].endswith("CloudflareBackend")
    cloudfront = json.loads(_frontend_settings(FRONTEND_CACHE="cloudfront",
                                               CLOUDFRONT_DISTRIBUTION_ID="E123"))
    assert cloudfront["default"]["DISTRIBUTION_ID"] == "E123"
    assert "FRONTEND_CACHE must be" in _frontend_settings(FRONTEND_CACHE="squid")


def test_time_bounds_what_no_edit_changes(client, agenda_site, make_session, hall):
    """'Now and next' changes by the minute: kept no longer than the view's own max-age."""
    make_session(title="Phiên khai mạc", room=hall, start="09:00", end="09:30")
    response = client.get("/agenda/now/?at=2024-10-25T09:10")
    assert "Phiên khai mạc" in response.text
    assert "max-age=30" in _directives(response)
    # A front cache may serve it stale while it fetches a new copy, but no longer than that
    # half minute either: "now" five minutes late is wrong.
    assert "stale-while-revalidate=30" in _directives(response)
    assert _hit(client.get("/agenda/now/?at=2024-10-25T09:10"))
