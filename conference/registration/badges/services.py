"""Badge actions: reissue, mark printed, batches of print-ready PDFs.

Each writing function owns its transaction and records an audit entry in it.
"""

import logging
import secrets
import tempfile
import time
from collections.abc import Iterable, Iterator
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.files import File
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conference.common.codes import create_with_unique_code
from conference.common.exceptions import DomainError
from conference.common.links import site_url
from conference.common.services import queue_email, record_audit
from conference.common.text import nfc, vietnamese_sort_key

from ..enums import BadgeBatchStatus, BadgeSelection, RegistrationStatus
from ..models import Attendee, Badge, BadgeBatch, Registration
from .codes import generate_badge_code
from .images import badge_png
from .layout import badge_details, content_for
from .pdf import write_badges

logger = logging.getLogger(__name__)

SIGNING_SALT = "govconf.badges.download"
CHUNK = 200  # badges fetched from the database at a time while rendering a batch
PROGRESS_EVERY_SECONDS = 0.5
# How long a worker's claim on a batch lasts without news from it. Renewed with every progress
# report (at least every few seconds while drawing), so only a dead worker lets it run out.
BATCH_LEASE = timedelta(minutes=2)


class LeaseLost(Exception):
    """Another worker took the batch over (this one was thought dead): stop without writing."""


class BadgeError(DomainError):
    pass


# --- Signed links (email) ------------------------------------------------------------------------


def badge_token(badge: Badge) -> str:
    """A signed, expiring token naming one badge; reissuing the badge revokes the link too."""
    return signing.TimestampSigner(salt=SIGNING_SALT).sign_object({"b": badge.pk})


def badge_from_token(token: str) -> Badge:
    """The badge a token names. Raises BadgeError if forged, expired or revoked."""
    max_age = settings.BADGE_LINK_MAX_AGE
    try:
        data = signing.TimestampSigner(salt=SIGNING_SALT).unsign_object(token, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise BadgeError(code="link_expired", message=_(
            "This link has expired. Sign in to download your badge, or ask the registration "
            "desk to send it again.")) from exc
    except signing.BadSignature as exc:
        raise BadgeError(code="link_invalid", message=_("This link is not valid.")) from exc
    badge = (
        Badge.objects.select_related(
            "attendee__registration__category", "attendee__registration__edition"
        )
        .filter(pk=data.get("b") if isinstance(data, dict) else None)
        .first()
    )
    if badge is None:
        raise BadgeError(code="link_invalid", message=_("This link is not valid."))
    if badge.revoked_at is not None:
        raise BadgeError(code="badge_revoked", message=_(
            "This badge has been replaced by a new one. Use the link in the most recent email, "
            "or sign in to download your current badge."))
    if badge.attendee.registration.status != RegistrationStatus.CONFIRMED:
        raise BadgeError(code="not_confirmed",
                         message=_("This registration is not confirmed."))
    return badge


def signed_badge_url(badge: Badge, *, fmt: str = "png") -> str:
    """An absolute link to download the badge without signing in (for emails)."""
    name = "badges:signed_pdf" if fmt == "pdf" else "badges:signed_png"
    return site_url(reverse(name, kwargs={"token": badge_token(badge)}))


# --- One badge -----------------------------------------------------------------------------------


def issue_badge(*, attendee: Attendee, by=None, reason: str = "", device: str = "") -> Badge:
    """Give the attendee a new badge code, revoking the one they had (if any).

    Runs in its own transaction (or joins the caller's). The attendee row is locked so that two
    concurrent reissues cannot both leave an active badge (a partial unique constraint
    backs this).
    """
    with transaction.atomic():
        Attendee.objects.select_for_update().filter(pk=attendee.pk).first()
        now = timezone.now()
        previous = list(attendee.badges.select_for_update().filter(revoked_at__isnull=True))
        for badge in previous:
            badge.revoked_at = now
            badge.revoked_reason = reason[:255]
            badge.save(update_fields=["revoked_at", "revoked_reason"])
        badge = create_with_unique_code(
            lambda code: Badge.objects.create(attendee=attendee, code=code),
            generate_badge_code, attempts=5, what="badge code",
        )
        record_audit(
            action="badge.reissued" if previous else "badge.issued",
            obj=badge,
            actor=by,
            device=device,
            data={"attendee": attendee.pk, "revoked": [b.code for b in previous], "reason": reason},
        )
    return badge


def reissue_badge(
    *, attendee: Attendee, by, reason: str, device: str = "", notify: bool = True
) -> Badge:
    """Revoke the attendee's badge and issue a new code (lost badge, name corrected).

    The old code is refused at check-in from now on, with this reason. When ``notify`` is set,
    the attendee is emailed the new badge (PNG attached) in their language after commit.
    """
    reason = nfc(reason)
    if not reason:
        raise BadgeError(code="reason_required",
                         message=_("Say why the badge is reissued (for example: lost)."))
    with transaction.atomic():
        # Read under the registration's lock: a cancellation committing meanwhile is seen.
        status = (Registration.objects.select_for_update()
                  .filter(pk=attendee.registration_id).values_list("status", flat=True).first())
        if status != RegistrationStatus.CONFIRMED:
            raise BadgeError(code="not_confirmed", message=_(
                "Only a confirmed registration has a badge: this one is not confirmed "
                "(cancelled, awaiting payment or approval)."))
        badge = issue_badge(attendee=attendee, by=by, reason=reason, device=device)
        badge = Badge.objects.select_related(
            "attendee__registration__category", "attendee__registration__edition"
        ).get(pk=badge.pk)
        if notify:
            queue_email(
                to=attendee.email,
                template="registration/badge_reissued",
                context={
                    "attendee": badge.attendee,
                    "edition": badge.attendee.registration.edition,
                    "png_url": signed_badge_url(badge, fmt="png"),
                    "pdf_url": signed_badge_url(badge, fmt="pdf"),
                },
                language=attendee.language,
                attachments=[("badge.png", badge_png(badge), "image/png")],
            )
    return badge


def mark_badges_printed(
    *, badge_ids: Iterable[int], by, device: str = "", batch: BadgeBatch | None = None
) -> int:
    """Record that these badges were printed now (a reprint updates the time). Skips revoked ones
    and those of a registration that is no longer confirmed (cancelled meanwhile).

    Returns how many badges were marked.
    """
    ids = list(badge_ids)
    now = timezone.now()
    with transaction.atomic():
        active = Badge.objects.filter(
            pk__in=ids, revoked_at__isnull=True,
            attendee__registration__status=RegistrationStatus.CONFIRMED,
        )
        codes = list(active.values_list("code", flat=True))
        count = active.update(printed_at=now)
        if batch is not None:
            BadgeBatch.objects.filter(pk=batch.pk).update(printed_at=now)
        single = Badge.objects.get(pk=ids[0]) if len(ids) == 1 and count else None
        record_audit(
            action="badge.printed",
            obj=batch if batch is not None else single,
            actor=by,
            device=device,
            data={"count": count, "codes": codes[:50], "batch": batch.pk if batch else None},
        )
    return count


# --- Batches -------------------------------------------------------------------------------------


def start_badge_batch(
    *, edition, selection: str, category=None, size: str = "a6", sheet: bool = False, by=None
) -> BadgeBatch:
    """Record a batch of badges to print and queue its rendering (after commit).

    Every confirmed attendee of the edition who has no badge yet is issued one first, so that
    "all" really means everyone who may come in.
    """
    if selection not in BadgeSelection.values:
        raise BadgeError(code="bad_selection", message=_("Choose which badges to print."))
    by_category = selection in (BadgeSelection.CATEGORY, BadgeSelection.CATEGORY_NOT_PRINTED)
    if by_category and category is None:
        raise BadgeError(code="category_required", message=_("Choose a category."))
    if category is not None and category.edition_id != edition.pk:
        raise BadgeError(code="bad_category",
                         message=_("This category belongs to another edition."))
    with transaction.atomic():
        attendees = Attendee.objects.filter(
            registration__edition=edition, registration__status=RegistrationStatus.CONFIRMED
        )
        if by_category:
            attendees = attendees.filter(registration__category=category)
        active = Badge.objects.filter(attendee=OuterRef("pk"), revoked_at__isnull=True)
        for attendee in attendees.exclude(Exists(active)):
            issue_badge(attendee=attendee, by=by, device="badge batch")
        badges = Badge.objects.filter(
            revoked_at__isnull=True, attendee__in=attendees
        )
        if selection in (BadgeSelection.NOT_PRINTED, BadgeSelection.CATEGORY_NOT_PRINTED):
            badges = badges.filter(printed_at__isnull=True)
        ids = list(badges.values_list("pk", flat=True))
        batch = BadgeBatch.objects.create(
            edition=edition,
            selection=selection,
            category=category if by_category else None,
            size=size,
            sheet=sheet,
            total=len(ids),
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )
        batch.badges.set(ids)
        record_audit(
            action="badge_batch.started", obj=batch, actor=by,
            data={"selection": selection, "category": category.pk if category else None,
                  "size": size, "sheet": sheet, "total": len(ids)},
        )
        transaction.on_commit(lambda: _enqueue_render(batch.pk))
    return batch


def _enqueue_render(batch_id: int) -> None:
    from .tasks import render_badge_batch_task

    render_badge_batch_task.enqueue(batch_id)


def _ordered_ids(batch: BadgeBatch) -> list[int]:
    """Badge ids in Vietnamese name order: given name (the last word), then the rest."""
    rows = batch.badges.filter(
        revoked_at__isnull=True, attendee__registration__status=RegistrationStatus.CONFIRMED
    ).values_list("pk", "attendee__full_name")
    return [pk for pk, name in sorted(rows, key=lambda r: (vietnamese_sort_key(r[1]), r[0]))]


def _contents(ids: list[int]) -> Iterator:
    """Badge contents in the given order, fetched CHUNK at a time so memory stays flat."""
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        found = Badge.objects.select_related(
            "attendee__registration__category", "attendee__registration__edition"
        ).prefetch_related("attendee__documents").in_bulk(chunk)
        details = badge_details([badge.attendee_id for badge in found.values()])
        for pk in chunk:
            if pk in found:
                yield content_for(found[pk], details.get(found[pk].attendee_id, {}))


def render_badge_batch(*, batch_id: int) -> BadgeBatch:
    """Draw a queued batch into a PDF in private storage, reporting progress as it goes.

    The worker takes a lease on the batch (``lease_token``, ``leased_until``) and renews it with
    every progress report. Idempotent: a batch that is finished, or running under a live lease,
    is left alone (a task retried by the queue does not render it twice). A batch whose lease ran
    out (its worker was killed) is taken over and drawn again from the start; should the old
    worker wake up, it finds its lease gone and stops without writing. The PDF is streamed page
    by page to a temporary file and then copied to storage.
    """
    token = secrets.token_hex(16)
    with transaction.atomic():
        batch = BadgeBatch.objects.select_for_update().get(pk=batch_id)
        stale = batch.is_stale
        if batch.status != BadgeBatchStatus.QUEUED and not stale:
            return batch
        ids = _ordered_ids(batch)
        batch.status = BadgeBatchStatus.RUNNING
        batch.total = len(ids)
        batch.done = 0
        batch.lease_token = token
        batch.leased_until = timezone.now() + BATCH_LEASE
        batch.save(update_fields=["status", "total", "done", "lease_token", "leased_until"])
        if stale:
            record_audit(action="badge_batch.taken_over", obj=batch,
                         data={"reason": "the previous worker's lease ran out"})

    mine = BadgeBatch.objects.filter(pk=batch_id, lease_token=token)
    last = {"at": time.monotonic()}

    def progress(drawn: int) -> None:
        now = time.monotonic()
        if now - last["at"] >= PROGRESS_EVERY_SECONDS:
            last["at"] = now
            if not mine.update(done=drawn, leased_until=timezone.now() + BATCH_LEASE):
                raise LeaseLost(batch_id)

    try:
        with tempfile.TemporaryFile() as handle:
            drawn = write_badges(handle, _contents(ids), size=batch.size, sheet=batch.sheet,
                                 title=f"Badges #{batch_id}", on_page=progress)
            handle.seek(0)
            name = f"badges-{batch.edition.year}-{batch_id}-{batch.size}.pdf"
            batch.file.save(name, File(handle), save=False)
    except LeaseLost:
        logger.warning("Badge batch %s was taken over by another worker", batch_id)
        return BadgeBatch.objects.get(pk=batch_id)
    except Exception as exc:
        logger.exception("Badge batch %s failed", batch_id)
        with transaction.atomic():
            mine.update(status=BadgeBatchStatus.FAILED, error=str(exc)[:2000],
                        finished_at=timezone.now(), leased_until=None)
            record_audit(action="badge_batch.failed", obj=batch, data={"error": str(exc)[:500]})
        batch.refresh_from_db()
        return batch

    with transaction.atomic():
        if not mine.select_for_update().exists():
            # Taken over while the file was being stored: the new worker writes the result.
            batch.file.delete(save=False)
            return BadgeBatch.objects.get(pk=batch_id)
        batch.status = BadgeBatchStatus.DONE
        batch.done = drawn
        batch.finished_at = timezone.now()
        batch.leased_until = None
        batch.save(update_fields=["status", "done", "file", "finished_at", "leased_until"])
        record_audit(action="badge_batch.rendered", obj=batch, data={"drawn": drawn})
    return batch


def resume_stale_badge_batches() -> int:
    """Queue again every batch whose worker died (running, lease run out); returns how many.
    Run every minute (``manage.py resume_badge_batches``): a batch whose worker was killed is
    drawn again without anyone having to notice."""
    stale = BadgeBatch.objects.filter(status=BadgeBatchStatus.RUNNING).filter(
        models.Q(leased_until__isnull=True) | models.Q(leased_until__lt=timezone.now())
    )
    for pk in stale.values_list("pk", flat=True):
        transaction.on_commit(lambda pk=pk: _enqueue_render(pk))
    return len(stale)


def retry_badge_batch(*, batch: BadgeBatch, by, device: str = "") -> BadgeBatch:
    """Queue a failed batch, or one whose worker died (stale lease), to be drawn again.

    Raises BadgeError while the batch is being drawn by a live worker or is finished. The
    rendering task is queued after commit.
    """
    with transaction.atomic():
        batch = BadgeBatch.objects.select_for_update().get(pk=batch.pk)
        if not batch.can_retry:
            raise BadgeError(code="not_retryable", message=_(
                "This batch is being drawn or is finished: there is nothing to retry."))
        previous = batch.status
        batch.status = BadgeBatchStatus.QUEUED
        batch.error = ""
        batch.done = 0
        batch.lease_token = ""
        batch.leased_until = None
        batch.finished_at = None
        batch.save(update_fields=["status", "error", "done", "lease_token", "leased_until",
                                  "finished_at"])
        record_audit(action="badge_batch.retried", obj=batch, actor=by, device=device,
                     data={"previous_status": previous})
        transaction.on_commit(lambda: _enqueue_render(batch.pk))
    return batch
