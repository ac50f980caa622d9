"""Full-page cache for anonymous visitors, shared by every app server through the cache (Redis).

What is cached: GET responses of public pages (every Wagtail page, marked by the
``before_serve_page`` hook in ``cms.wagtail_hooks``, and the views decorated with
:func:`public_page`: agenda aliases, exports, the awards page, the registration's first page),
keyed by scheme, host, path with query string and language. A stored page is served before the
session, authentication and CSRF middleware run, so a hit costs one cache round trip.

Only a request whose path leads to such a view asks the cache (the URL resolved once per path
and language, then remembered): the load balancer's probe, forms, logins and the APIs with
credentials never pay the round trip.

What is never cached, neither served nor stored:
- any request with a cookie other than the CSRF and language cookies (session: logged-in visitor
  or anonymous visitor with a session; messages), or with an ``Authorization`` or ``Origin``
  header;
- any response that sets a cookie (a form's CSRF token was used, a session was started), that is
  not a 200, or whose view said ``private``/``no-store``/``no-cache`` (``never_cache``).

Invalidation: every entry records the content version (``cms.services.agenda_version``) it was
rendered under; publishing or unpublishing a page, saving a session, speaker, room, theme, partner
or edition, and publishing award results bump the version (``cms.receivers``), so the next
request renders afresh. Both keys are read in one round trip (``get_many``). Time alone bounds
what no edit changes (registration opening, "now and next"): ``PAGE_CACHE_SECONDS``, or less when
the view gives a shorter ``max-age``.

HTTP: cached responses carry ``Cache-Control: public, max-age=PAGE_CACHE_MAX_AGE,
stale-while-revalidate=PAGE_CACHE_STALE_SECONDS`` and a weak ETag answering ``If-None-Match`` with
304; personal responses (session cookie, or a cookie set) get ``private, no-store``. Bodies are
stored gzipped once and served as stored to clients that accept gzip (nearly all), so a hit never
compresses again.

The middleware sits right after WhiteNoise (see ``MIDDLEWARE``): a stored response keeps the
headers the middleware below it added when it was rendered (security headers, Content-Language).
"""

import functools
import gzip
import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import translation
from django.utils.cache import get_max_age, patch_cache_control, patch_vary_headers
from django.utils.text import compress_string
from django.utils.translation import get_language_from_path

from .services import AGENDA_VERSION_KEY, agenda_version

HIT_HEADER = "X-Page-Cache"
_FLAG = "_govconf_page_cache"
# Set on the views public_page wraps: their path may be served from the cache.
_CACHEABLE = "govconf_page_cacheable"
# Wagtail's page view (wagtail.urls), which the before_serve_page hook marks public.
_WAGTAIL_SERVE = "wagtail_serve"
# Headers a stored response keeps; the others (Date, Content-Length...) are recomputed.
_DROPPED = {"content-length", "set-cookie", "date", "etag", "x-page-cache"}
_COMPRESSIBLE = ("text/", "application/json", "application/xml", "application/javascript")


def _setting(name: str, default):
    return getattr(settings, name, default)


def public_page(view):
    """Mark a view's GET responses as the same for every anonymous visitor (page-cacheable)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        mark_public(request)
        return view(request, *args, **kwargs)

    return may_be_public(wrapped)


def may_be_public(view):
    """Mark a view that decides per request, with :func:`mark_public`, whether its answer is
    public (one that serves a Wagtail page): requests to it ask the page cache first."""
    setattr(view, _CACHEABLE, True)
    return view


def mark_public(request) -> None:
    setattr(request, _FLAG, True)


def _is_anonymous_request(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    # Credentials in a header (scanner devices), or a cross-origin fetch: its CORS headers are
    # per origin.
    if "HTTP_AUTHORIZATION" in request.META or "HTTP_ORIGIN" in request.META:
        return False
    harmless = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    return all(name in harmless for name in request.COOKIES)


def _page_language(request) -> str:
    """The language the page will be rendered in, as LocaleMiddleware decides it for our
    i18n_patterns (no prefix for the default language): the path's prefix, else Vietnamese, even
    for a browser that asks for English (English pages live under /en/)."""
    return get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


@functools.lru_cache(maxsize=4096)
def _may_be_public(urlconf: str, language: str, path_info: str) -> bool:
    """Whether ``path_info`` leads to a view that may mark its answer public: a Wagtail page or a
    view wrapped in public_page. Resolved as the URL resolver will resolve it once LocaleMiddleware
    has activated ``language`` (the language prefix), remembered per path (bounded: Wagtail's
    pattern takes any path)."""
    with translation.override(language):
        try:
            match = resolve(path_info, urlconf)
        except Resolver404:
            return False  # a redirect (slash, Wagtail's redirects) or a 404: never stored
    return match.url_name == _WAGTAIL_SERVE or getattr(match.func, _CACHEABLE, False)


def _key(request, language: str) -> str | None:
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # let the stack below answer 400 as usual
    url = f"{request.scheme}://{host}{request.get_full_path()}"
    digest = hashlib.sha256(url.encode()).hexdigest()[:40]
    return f"pagecache:{language}:{digest}"


def _accepts_gzip(request) -> bool:
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "").lower()


def _etag_matches(request, etag: str) -> bool:
    header = request.META.get("HTTP_IF_NONE_MATCH", "")
    if not header:
        return False
    if header.strip() == "*":
        return True
    opaque = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == opaque for tag in header.split(","))


def _is_personal(request, response) -> bool:
    return bool(response.cookies) or settings.SESSION_COOKIE_NAME in request.COOKIES or bool(
        getattr(getattr(request, "user", None), "is_authenticated", False)
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # The default cache: the content version (cms.services) lives there, read in the same
        # round trip as the page.
        self.cache = caches["default"]

    def __call__(self, request):
        if not _setting("PAGE_CACHE_ENABLED", True) or not _is_anonymous_request(request):
            return self._personal(request, self.get_response(request))
        language = _page_language(request)
        if not _may_be_public(get_urlconf() or settings.ROOT_URLCONF, language,
                              request.path_info):
            return self._personal(request, self.get_response(request))
        key = _key(request, language)
        if key is None:
            return self.get_response(request)
        found = self.cache.get_many([AGENDA_VERSION_KEY, key])
        version = found.get(AGENDA_VERSION_KEY)
        entry = found.get(key)
        if entry is not None and version is not None and entry["version"] == version:
            return self._serve(request, entry)
        if version is None:
            version = agenda_version()
        response = self.get_response(request)
        if getattr(request, _FLAG, False) and request.method == "GET":
            self._store(request, response, key, version)
        return self._personal(request, response)

    # --- hit ----------------------------------------------------------------------------------

    def _serve(self, request, entry: dict):
        if _etag_matches(request, entry["etag"]):
            response = HttpResponseNotModified()
        else:
            body = entry["body"]
            gzipped = entry["gzipped"]
            if gzipped and not _accepts_gzip(request):
                body, gzipped = gzip.decompress(body), False
            response = HttpResponse(b"" if request.method == "HEAD" else body,
                                    status=entry["status"])
            response.headers.pop("Content-Type", None)
            if gzipped:
                response["Content-Encoding"] = "gzip"
            response["Content-Length"] = str(len(body))
        for name, value in entry["headers"]:
            response[name] = value
        response["ETag"] = entry["etag"]
        response[HIT_HEADER] = "hit"
        return response

    # --- miss ---------------------------------------------------------------------------------

    def _store(self, request, response, key: str, version) -> None:
        if response.status_code != 200 or response.streaming or _is_personal(request, response):
            return
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # a CSRF token is in the page
            return
        control = response.get("Cache-Control", "").lower()
        if any(word in control for word in ("private", "no-store", "no-cache")):
            return
        view_max_age = get_max_age(response)
        seconds = _setting("PAGE_CACHE_SECONDS", 600)
        max_age = _setting("PAGE_CACHE_MAX_AGE", 60)
        stale = _setting("PAGE_CACHE_STALE_SECONDS", 300)
        if view_max_age is not None:
            # What changes with time alone (now and next, seats left) is never kept longer than
            # the view says, here or stale in a front cache.
            seconds = min(seconds, view_max_age)
            max_age = min(max_age, view_max_age)
            stale = min(stale, view_max_age)
        if seconds <= 0:
            return
        patch_cache_control(response, public=True, max_age=max_age, stale_while_revalidate=stale)
        body = response.content
        gzipped = response.get("Content-Encoding", "") == "gzip"
        content_type = response.get("Content-Type", "")
        if not gzipped and not response.has_header("Content-Encoding") and (
            content_type.startswith(_COMPRESSIBLE) and len(body) >= 200
        ):
            body, gzipped = compress_string(body), True
            patch_vary_headers(response, ("Accept-Encoding",))
        etag = f'W/"{hashlib.md5(body, usedforsecurity=False).hexdigest()}"'
        headers = [
            (name, value) for name, value in response.items()
            if name.lower() not in _DROPPED and name.lower() != "content-encoding"
        ]
        self.cache.set(key, {"version": version, "status": response.status_code,
                             "headers": headers, "body": body, "gzipped": gzipped,
                             "etag": etag}, seconds)
        response["ETag"] = etag
        response[HIT_HEADER] = "miss"

    def _personal(self, request, response):
        """Personal answers must not be kept by a shared cache, nor stored by the browser."""
        if not _is_personal(request, response):
            return response
        control = response.get("Cache-Control", "").lower()
        if "private" not in control and "no-store" not in control:
            response["Cache-Control"] = "private, no-store"
        return response
