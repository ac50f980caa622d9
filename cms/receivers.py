"""Reactions to edits in the admin: invalidate cached public pages, tell attendees of moves."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

from . import services
from .models import (
    Edition,
    Partner,
    Room,
    Session,
    SessionMaterial,
    SessionSpeaker,
    Speaker,
    Theme,
)

_SNAPSHOT_ATTR = "_published_schedule"


def remember_published_schedule(sender, instance: Session, raw=False, **kwargs):
    """Before a session row is written, keep the time and room the public last saw.

    With drafts, Wagtail writes a live session's row only when a revision is published, so the
    row still holds the previously published values here.
    """
    if raw or not instance.pk:
        return
    row = (
        Session.objects.filter(pk=instance.pk, live=True, first_published_at__isnull=False)
        .values("start", "end", "room_id")
        .first()
    )
    setattr(instance, _SNAPSHOT_ATTR, row)


def session_published(sender, instance: Session, revision=None, **kwargs):
    before = getattr(instance, _SNAPSHOT_ATTR, None)
    services.invalidate_public_pages()
    if before is None:
        return
    setattr(instance, _SNAPSHOT_ATTR, None)
    transaction.on_commit(
        lambda: services.notify_schedule_change(session=instance, before=before)
    )


def agenda_changed(sender, **kwargs):
    if kwargs.get("raw"):
        return
    services.invalidate_public_pages()


def page_changed(sender, **kwargs):
    """Any page published, unpublished or moved: menus, lists and the home page may show it.

    Wagtail's front-cache app purges the page itself; the page cache and the listing pages are
    ours to refresh. Also when a page's view restriction changes (made private).
    """
    if kwargs.get("raw"):
        return
    services.invalidate_public_pages()


def connect() -> None:
    from wagtail.signals import (
        page_published,
        page_slug_changed,
        page_unpublished,
        post_page_move,
        published,
        unpublished,
    )

    pre_save.connect(remember_published_schedule, sender=Session, dispatch_uid="cms-session-pre")
    published.connect(session_published, sender=Session, dispatch_uid="cms-session-published")
    unpublished.connect(agenda_changed, sender=Session, dispatch_uid="cms-session-unpublished")
    for model in (Edition, Theme, Room, Speaker, Partner, Session, SessionSpeaker,
                  SessionMaterial):
        post_save.connect(agenda_changed, sender=model, dispatch_uid=f"cms-save-{model.__name__}")
        post_delete.connect(agenda_changed, sender=model,
                            dispatch_uid=f"cms-delete-{model.__name__}")
    # A page made private must leave the page cache at once.
    from wagtail.models import PageViewRestriction

    post_save.connect(page_changed, sender=PageViewRestriction, dispatch_uid="cms-restriction-save")
    post_delete.connect(page_changed, sender=PageViewRestriction,
                        dispatch_uid="cms-restriction-delete")
    # Every page type, not only AgendaPage: the page cache holds them all.
    page_published.connect(page_changed, dispatch_uid="cms-page-published")
    page_unpublished.connect(page_changed, dispatch_uid="cms-page-unpublished")
    post_page_move.connect(page_changed, dispatch_uid="cms-page-moved")
    page_slug_changed.connect(page_changed, dispatch_uid="cms-page-slug")
