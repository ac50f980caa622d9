"""Views outside the page tree: exports, the JSON API, stars, site search, navigation aliases."""

import json
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.views import serve as wagtail_serve

from conference.common.exceptions import DomainError
from conference.common.i18n import localized
from conference.common.jsonbody import MAX_ID, field, read_json_object

from . import exports, queries, services
from .models import AgendaPage, CalendarFeed, Edition, NewsIndexPage, Room, Speaker, Theme
from .pagecache import may_be_public, public_page

EXPORT_CACHE_SECONDS = 60 * 60


def _edition(year: int | None) -> Edition:
    if year is None:
        edition = Edition.current()
        if edition is None:
            raise Http404("no edition")
        return edition
    return get_object_or_404(Edition, year=year)


def _export_language(request) -> str:
    return "en" if request.GET.get("lang") == "en" else "vi"


def _agenda_url(request, language: str) -> str:
    page = queries.agenda_page_for(language)
    return request.build_absolute_uri(page.get_url(request)) if page else ""


def _cached_export(key: str, build) -> tuple[bytes, str]:
    key = f"cms:export:{services.agenda_version()}:{key}"
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, EXPORT_CACHE_SECONDS)
    return found


def _download(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=300"
    return response


# --- exports --------------------------------------------------------------------------------------

@require_GET
@public_page
def agenda_ics(request, year):
    edition = _edition(year)
    language = _export_language(request)

    def build():
        sessions = list(queries.public_sessions(edition))
        with translation.override(language):
            name = localized(edition, "name")
        return exports.ical(sessions, name=name, base_url=_agenda_url(request, language),
                            language=language)

    body = _cached_export(f"ics:{edition.pk}:{language}", build)
    return _download(body, "text/calendar; charset=utf-8", f"govconf-{year}.ics")


@require_GET
@public_page
def theme_ics(request, year, slug):
    edition = _edition(year)
    theme = get_object_or_404(Theme, edition=edition, slug=slug)
    language = _export_language(request)

    def build():
        sessions = list(queries.public_sessions(edition).filter(themes=theme))
        with translation.override(language):
            name = f"{localized(edition, 'name')} · {localized(theme, 'name')}"
        return exports.ical(sessions, name=name, base_url=_agenda_url(request, language),
                            language=language)

    body = _cached_export(f"ics:{edition.pk}:theme:{theme.pk}:{language}", build)
    return _download(body, "text/calendar; charset=utf-8", f"govconf-{year}-{slug}.ics")


@require_GET
def personal_ics(request, token):
    """An attendee's own agenda for calendar apps; the secret token is the only credential."""
    feed = CalendarFeed.objects.filter(token=token).select_related("user").first()
    if feed is None or not feed.user.is_active:
        raise Http404("unknown feed")
    language = feed.user.language if feed.user.language in ("vi", "en") else "vi"
    sessions = list(
        queries.public_sessions().filter(stars__user=feed.user)
    )
    with translation.override(language):
        name = _("My agenda")
    body = exports.ical(sessions, name=name, base_url=_agenda_url(request, language),
                        language=language)
    response = _download(body, "text/calendar; charset=utf-8", "my-agenda.ics")
    response["Cache-Control"] = "private, max-age=300"
    return response


def _frab_parts(edition):
    return (list(queries.public_sessions(edition)), list(Room.objects.filter(edition=edition)),
            list(Theme.objects.filter(edition=edition)))


@require_GET
@public_page
def schedule_xml(request, year):
    edition = _edition(year)
    language = _export_language(request)

    def build():
        sessions, rooms, themes = _frab_parts(edition)
        return exports.frab_xml(edition, sessions, rooms, themes,
                                base_url=_agenda_url(request, language), language=language)

    body = _cached_export(f"frab-xml:{edition.pk}:{language}", build)
    return _download(body, "application/xml; charset=utf-8", "schedule.xml")


@require_GET
@public_page
def schedule_json(request, year):
    edition = _edition(year)
    language = _export_language(request)

    def build():
        sessions, rooms, themes = _frab_parts(edition)
        data = exports.frab_json(edition, sessions, rooms, themes,
                                 base_url=_agenda_url(request, language), language=language)
        return json.dumps(data, ensure_ascii=False, indent=1).encode()

    body = _cached_export(f"frab-json:{edition.pk}:{language}", build)
    return _download(body, "application/json; charset=utf-8", "schedule.json")


# --- read-only JSON API ---------------------------------------------------------------------------

def _api_edition(request) -> Edition:
    raw = request.GET.get("edition")
    if raw is None:
        return _edition(None)
    if not raw.isdigit():
        raise DomainError(_("The edition must be a year, e.g. 2024."), code="bad_edition")
    return _edition(int(raw))


def _api(view):
    @public_page  # the read-only API is the same for everyone
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return JsonResponse({"code": "method_not_allowed",
                                 "message": _("This API is read-only.")}, status=405)
        try:
            return view(request, *args, **kwargs)
        except DomainError as error:
            return JsonResponse(error.as_dict(), status=error.status)
        except Http404:
            return JsonResponse({"code": "not_found", "message": _("Not found.")}, status=404)

    wrapped.__name__ = view.__name__
    return wrapped


def _api_cached(key: str, build) -> JsonResponse:
    data = _cached_export(f"api:{key}", build)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=60"
    return response


@_api
def api_sessions(request):
    edition = _api_edition(request)
    return _api_cached(f"sessions:{edition.pk}", lambda: {
        "edition": edition.year,
        "sessions": [exports.session_json(s) for s in queries.public_sessions(edition)],
    })


@_api
def api_session(request, pk):
    session = queries.public_sessions().filter(pk=pk).first()
    if session is None:
        raise Http404
    return JsonResponse(exports.session_json(session), json_dumps_params={"ensure_ascii": False})


@_api
def api_speakers(request):
    edition = _api_edition(request)
    return _api_cached(f"speakers:{edition.pk}", lambda: {
        "edition": edition.year,
        "speakers": [
            exports.speaker_json(s, [x.pk for x in s.public_sessions])
            for s in queries.speakers_with_sessions(edition)
        ],
    })


@_api
def api_speaker(request, pk):
    speaker = Speaker.objects.filter(pk=pk).select_related("photo").first()
    if speaker is None:
        raise Http404
    return JsonResponse(exports.speaker_json(speaker), json_dumps_params={"ensure_ascii": False})


@_api
def api_rooms(request):
    edition = _api_edition(request)
    return _api_cached(f"rooms:{edition.pk}", lambda: {
        "edition": edition.year,
        "rooms": [exports.room_json(r) for r in Room.objects.filter(edition=edition)],
    })


@_api
def api_themes(request):
    edition = _api_edition(request)
    return _api_cached(f"themes:{edition.pk}", lambda: {
        "edition": edition.year,
        "themes": [exports.theme_json(t) for t in Theme.objects.filter(edition=edition)],
    })


# --- stars ----------------------------------------------------------------------------------------

def _stars_api(view):
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return JsonResponse({"code": "login_required",
                                 "message": _("Log in to keep your agenda.")}, status=401)
        try:
            return view(request, *args, **kwargs)
        except DomainError as error:
            return JsonResponse(error.as_dict(), status=error.status)

    wrapped.__name__ = view.__name__
    return wrapped


@require_http_methods(["GET", "POST"])
@_stars_api
def stars(request):
    """GET: the ids of the user's starred sessions. POST {session, starred}: star or unstar."""
    if request.method == "POST":
        data = read_json_object(request, limit=4096)
        session_id = field(data, "session", int)
        if field(data, "starred", bool, required=False, default=True):
            services.star_session(user=request.user, session_id=session_id)
        else:
            services.unstar_session(user=request.user, session_id=session_id)
    response = JsonResponse({"sessions": services.starred_ids(user=request.user)})
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@_stars_api
def merge_stars(request):
    """POST {sessions: [ids]}: keep the stars a visitor made in the browser before logging in."""
    ids = read_json_object(request, limit=64 * 1024).get("sessions")
    if not isinstance(ids, list):
        raise DomainError(_("“sessions” must be a list of session ids."), code="bad_sessions")
    # Ids a browser kept: anything that is not one is skipped, as an unknown id is.
    ids = [pk for pk in ids if type(pk) is int and 1 <= pk <= MAX_ID]
    return JsonResponse({"sessions": services.merge_stars(user=request.user, session_ids=ids)})


def _next_url(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return fallback


@require_POST
def toggle_star(request):
    """The star button without JavaScript: a form post, then back to the page."""
    back = _next_url(request, reverse("cms:agenda"))
    if not request.user.is_authenticated:
        login = reverse("account_login")
        return redirect(f"{login}?{urlencode({'next': back})}")
    session_id = request.POST.get("session")
    try:
        if session_id and int(session_id) in services.starred_ids(user=request.user):
            services.unstar_session(user=request.user, session_id=session_id)
        else:
            services.star_session(user=request.user, session_id=session_id)
    except (DomainError, ValueError):
        raise Http404("unknown session") from None
    return redirect(back)


@require_POST
@login_required
def rotate_feed(request):
    services.rotate_calendar_feed(user=request.user)
    from django.contrib import messages

    messages.success(request, _("Your calendar address was changed. Subscribe again with the "
                                "new address; the old one no longer works."))
    return redirect(_next_url(request, reverse("cms:my_agenda")))


# --- search and navigation ------------------------------------------------------------------------

@require_GET
def search(request):
    q = (request.GET.get("q") or "").strip()[:100]
    edition = Edition.current()
    sessions, speakers = queries.search(q, edition=edition) if q else ([], [])
    language = (translation.get_language() or "vi")[:2]
    page = queries.agenda_page_for(language)
    return TemplateResponse(request, "cms/search.html", {
        "q": q,
        "sessions": sessions,
        "speakers": speakers,
        "base_url": page.get_url(request) if page else "",
        "searched": bool(q),
    })


def _alias(model, route: str = ""):
    """A fixed URL for the navigation that serves (or redirects to) a page of the tree."""

    def view(request):
        language = (translation.get_language() or "vi")[:2]
        page = model.objects.live().filter(locale__language_code=language).first()
        if page is None:
            raise Http404("no such page")
        url = page.get_url(request) + route
        if url != request.path:
            return redirect(url)
        prefix = "/" if language == "vi" else f"/{language}/"
        return wagtail_serve(request, request.path[len(prefix):])

    return may_be_public(view)  # the page's before_serve_page hook marks it public


agenda_alias = _alias(AgendaPage)
speakers_alias = _alias(AgendaPage, "speakers/")
my_agenda_alias = _alias(AgendaPage, "my/")
news_alias = _alias(NewsIndexPage)


@require_GET
@public_page
def material_file(request, pk: int):
    """A session's slides, only once published on a live session (a speaker's proposal waiting
    for approval lives elsewhere and is never served here)."""
    from django.http import FileResponse

    from .models import SessionMaterial

    material = (SessionMaterial.objects.filter(pk=pk, session__live=True)
                .exclude(file="").select_related("session").first())
    if material is None:
        raise Http404("no such material")
    try:
        handle = material.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("file missing") from exc
    name = f"{exports.material_filename(material)}.pdf"
    response = FileResponse(handle, content_type="application/pdf", filename=name)
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=300"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def speaker_link(request, token: str):
    """A speaker's private page: send a new bio, photo or slides; an editor approves them."""
    from django.contrib import messages

    from . import materials
    from .forms import SpeakerChangeForm
    from .models import SpeakerChange

    speaker = materials.speaker_from_token(token)
    if speaker is None:
        return TemplateResponse(request, "cms/speaker_link_invalid.html", status=404)
    initial = {"bio": speaker.bio, "bio_en": speaker.bio_en}
    if request.method == "POST":
        form = SpeakerChangeForm(request.POST, request.FILES, speaker=speaker, initial=initial)
        if form.is_valid():
            data = form.cleaned_data
            try:
                materials.submit_speaker_change(
                    speaker=speaker, bio=data["bio"], bio_en=data["bio_en"],
                    photo=data["photo"], slides=data["slides"],
                    slides_session=data["slides_session"])
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Thank you. Your changes were sent; they will be "
                                            "published once the organisers approve them."))
                return redirect(request.path)
        status = 400
    else:
        form = SpeakerChangeForm(speaker=speaker, initial=initial)
        status = 200
    changes = SpeakerChange.objects.filter(speaker=speaker).select_related("slides_session")[:10]
    sessions = materials.speaker_sessions(speaker).prefetch_related("materials")
    return TemplateResponse(request, "cms/speaker_link.html",
                            {"speaker": speaker, "form": form, "changes": changes,
                             "sessions": sessions}, status=status)
