"""Writes of the agenda: stars, calendar feeds, change notices, cache invalidation."""

import secrets
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from conference.common.exceptions import DomainError
from conference.common.services import queue_email, record_audit

from .models import CalendarFeed, Session, StarredSession

AGENDA_VERSION_KEY = "cms:agenda-version"
MAX_MERGED_STARS = 500


class AgendaError(DomainError):
    status = 400


def agenda_version() -> int:
    version = cache.get(AGENDA_VERSION_KEY)
    if version is None:
        version = int(timezone.now().timestamp())
        cache.add(AGENDA_VERSION_KEY, version, None)
        version = cache.get(AGENDA_VERSION_KEY, version)
    return version


def bump_agenda_version() -> None:
    """Invalidate every cached page, agenda fragment and export: now and after the commit.

    Now, so that the next read in this transaction (and a test's) is fresh; after the commit again,
    because a page another request rendered meanwhile still read the old rows and was stored under
    the version of now.
    """

    def bump():
        try:
            cache.incr(AGENDA_VERSION_KEY)
        except ValueError:
            cache.set(AGENDA_VERSION_KEY, int(timezone.now().timestamp()), None)

    bump()
    transaction.on_commit(bump)


def invalidate_public_pages(*, purge: bool = True) -> None:
    """Something public pages show changed: drop the cached pages and fragments.

    Bumps the content version (the page cache and the agenda fragments are keyed on it) after the
    change commits, and, when a front cache is configured (``WAGTAILFRONTENDCACHE``), purges the
    pages that list content from it (home, agenda and its views, news index, awards: page types
    with ``lists_public_content``) in every language. The purge runs as Wagtail's task, so an
    editor never waits for the front cache.
    """
    bump_agenda_version()
    if purge and getattr(settings, "WAGTAILFRONTENDCACHE", None):
        transaction.on_commit(_purge_listing_pages)


def _purge_listing_pages() -> None:
    from wagtail.contrib.frontend_cache.utils import PurgeBatch
    from wagtail.models import Page, get_page_models

    # Page types that show records from elsewhere say so with ``lists_public_content = True``.
    listing = [model for model in get_page_models()
               if getattr(model, "lists_public_content", False)]
    pages = Page.objects.live().type(*listing).specific()
    batch = PurgeBatch()
    batch.add_pages(pages)
    batch.purge()


def _public_session(session_id) -> Session:
    try:
        session_id = int(session_id)
    except (TypeError, ValueError, OverflowError):
        raise AgendaError(_("Unknown session."), code="unknown_session", status=404) from None
    session = Session.objects.filter(pk=session_id, live=True).first()
    if session is None:
        raise AgendaError(_("Unknown session."), code="unknown_session", status=404)
    return session


def star_session(*, user, session_id) -> Session:
    """Add a live session to the user's agenda. Starring twice is harmless."""
    session = _public_session(session_id)
    try:
        with transaction.atomic():
            StarredSession.objects.get_or_create(user=user, session=session)
    except IntegrityError:
        pass  # a concurrent request starred it first: the wanted state holds
    return session


def unstar_session(*, user, session_id) -> None:
    StarredSession.objects.filter(user=user, session_id=_public_session(session_id).pk).delete()


def merge_stars(*, user, session_ids: Iterable) -> list[int]:
    """Keep the stars a visitor made in the browser once they log in. Unknown ids are skipped.

    Returns the ids of every session now starred by the user.
    """
    wanted = set()
    for raw in list(session_ids)[:MAX_MERGED_STARS]:
        if isinstance(raw, bool):
            continue
        try:
            wanted.add(int(raw))
        except (TypeError, ValueError, OverflowError):
            continue
    with transaction.atomic():
        live = set(Session.objects.filter(pk__in=wanted, live=True).values_list("pk", flat=True))
        StarredSession.objects.bulk_create(
            [StarredSession(user=user, session_id=pk) for pk in sorted(live)],
            ignore_conflicts=True,
        )
    return starred_ids(user=user)


def starred_ids(*, user) -> list[int]:
    if not user.is_authenticated:
        return []
    return sorted(StarredSession.objects.filter(user=user).values_list("session_id", flat=True))


def calendar_feed_for(*, user) -> CalendarFeed:
    """The user's private calendar feed, created on first use."""
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is None:
        try:
            with transaction.atomic():
                feed = CalendarFeed.objects.create(user=user, token=secrets.token_urlsafe(32))
        except IntegrityError:
            feed = CalendarFeed.objects.get(user=user)
    return feed


@transaction.atomic
def rotate_calendar_feed(*, user) -> CalendarFeed:
    """Give the feed a new secret address; the old one stops working at once."""
    feed = calendar_feed_for(user=user)
    feed = CalendarFeed.objects.select_for_update().get(pk=feed.pk)
    feed.token = secrets.token_urlsafe(32)
    feed.rotated_at = timezone.now()
    feed.save(update_fields=["token", "rotated_at"])
    record_audit(action="cms.calendar_feed.rotated", obj=feed, actor=user)
    return feed


def schedule_snapshot(session: Session) -> dict:
    return {"start": session.start, "end": session.end, "room_id": session.room_id}


def notify_schedule_change(*, session: Session, before: dict) -> int:
    """Email each attendee who starred ``session`` once about a new time or room.

    ``before`` holds the published values (``schedule_snapshot``) the attendees last saw. Nothing
    is sent when neither the time nor the room changed. Returns the number of emails queued.
    """
    after = schedule_snapshot(session)
    if before == after:
        return 0
    from .models import Room

    rooms = Room.objects.in_bulk([pk for pk in (before["room_id"], after["room_id"]) if pk])
    stars = (
        StarredSession.objects.filter(session=session)
        .select_related("user")
        .order_by("user_id")
    )
    sent = 0
    with transaction.atomic():
        for star in stars:
            user = star.user
            if not user.is_active or not user.email:
                continue
            language = user.language if user.language in ("vi", "en") else "vi"
            with translation.override(language):
                context = {
                    "session": session,
                    "user": user,
                    "old_start": before["start"],
                    "old_end": before["end"],
                    "old_room": rooms.get(before["room_id"]),
                    "new_room": rooms.get(after["room_id"]),
                    "time_changed": (before["start"], before["end"]) != (after["start"],
                                                                         after["end"]),
                    "room_changed": before["room_id"] != after["room_id"],
                }
                queue_email(to=user.email, template="cms/session_changed", context=context,
                            language=language)
            sent += 1
        record_audit(
            action="cms.session.schedule_changed",
            obj=session,
            data={
                "before": {"start": before["start"].isoformat(),
                           "end": before["end"].isoformat(), "room_id": before["room_id"]},
                "after": {"start": after["start"].isoformat(), "end": after["end"].isoformat(),
                          "room_id": after["room_id"]},
                "emails": sent,
            },
        )
    return sent


def sync_page_tree() -> int:
    """Give every page below a site's home page a copy in each other language that lacks one: an
    alias of the page (with its parents, if they lack one too), showing its content until an
    editor translates it, as simple_translation does for pages created in the admin
    (WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE). Returns how many aliases were made. Idempotent.

    Site roots (depth 2) are left alone: each language's home page is made on purpose.
    """
    from wagtail.models import Locale, Page

    created = 0
    locales = list(Locale.objects.all())
    with transaction.atomic():
        for page in Page.objects.filter(depth__gt=2, alias_of__isnull=True).order_by("path"):
            for locale in locales:
                if locale.pk != page.locale_id and not page.has_translation(locale):
                    page.specific.copy_for_translation(locale, copy_parents=True, alias=True)
                    created += 1
    if created:
        invalidate_public_pages()
    return created
