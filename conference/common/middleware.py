"""Refusing NUL characters once, for every view.

PostgreSQL cannot store a NUL (0x00) in text, and psycopg raises on one in any query parameter: a
NUL in a search box, an admin filter, a form field or a JSON body used to become a 500 wherever it
reached the database. No person types one. So every request is checked here, before any view:
a NUL in the path, the query string, a cookie, a form field (name or value) or a JSON body is a
400 with a reason (JSON for API requests, a short page otherwise).

A view that must read such input itself, item by item, says so with ``@accepts_nul``: the
scanner's API answers a damaged code as ``malformed`` and goes on with the rest of a batch, and a
signed Stripe event is Stripe's to word.
"""

import re
from urllib.parse import unquote_to_bytes

from django.http import HttpResponse, JsonResponse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

# A JSON escape for NUL that is not itself escaped (\\u0000 is a backslash and "u0000").
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def accepts_nul(view):
    """Mark ``view`` as reading NUL characters in its body itself (see the module docstring)."""
    view.accepts_nul = True
    return view


def _has_nul(text) -> bool:
    return "\x00" in text


def _in_query(request) -> str | None:
    if b"\x00" in unquote_to_bytes(request.META.get("QUERY_STRING", "")):
        return "query"
    return None


def _in_form(request) -> str | None:
    content_type = request.content_type or ""
    if content_type in _FORM_TYPES:
        for key, values in request.POST.lists():
            if _has_nul(key) or any(_has_nul(v) for v in values):
                return key
        for key, files in request.FILES.lists():
            if _has_nul(key) or any(_has_nul(f.name or "") for f in files):
                return key
    elif "json" in content_type or content_type.startswith("text/"):
        body = request.body
        if b"\x00" in body or _JSON_NUL.search(body):
            return "body"
    return None


def _refuse(request, where: str) -> HttpResponse:
    # Before LocaleMiddleware: the language from the path (/en/...) or the browser.
    language = translation.get_language_from_request(request, check_path=True)
    with translation.override(language):
        message = _("The request contains a NUL character, which no field accepts.")
    api = request.path.startswith(("/api/", "/payments/", "/anymail/")) or (
        "json" in (request.content_type or "") or "json" in request.headers.get("Accept", "")
    )
    if api:
        return JsonResponse({"code": "nul_character", "message": message, "field": where},
                            status=400)
    return HttpResponse(f"<!DOCTYPE html><title>400</title><h1>400</h1><p>{escape(message)}</p>",
                        status=400)


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request.path) or _in_query(request) or any(
            _has_nul(k) or _has_nul(v) for k, v in request.COOKIES.items()
        ):
            return _refuse(request, "query")
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in ("GET", "HEAD", "OPTIONS") or getattr(view_func, "accepts_nul", False):
            return None
        where = _in_form(request)
        if where is not None:
            return _refuse(request, where)
        return None
