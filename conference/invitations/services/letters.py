"""The official letters: numbering without gaps, one letter's PDF, batches with progress.

Numbers run per edition from ``LetterTemplate.next_number``, taken under a row lock in the
transaction that gives the invitation its number: two letters never share a number, and a
transaction that rolls back gives its number back, so the register has no holes.
"""

import io
import logging
import tempfile
import time

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.common.services import record_audit

from ..enums import OPEN_STATUSES, InvitationStatus
from ..exceptions import InvitationError
from ..letters import letter_for, write_letters
from ..models import Invitation, LetterBatch, LetterBatchStatus, LetterTemplate

logger = logging.getLogger(__name__)
PROGRESS_EVERY_SECONDS = 0.5


def get_letter_template(edition) -> LetterTemplate:
    template, _created = LetterTemplate.objects.get_or_create(edition=edition)
    return template


def number_letters(*, invitations, by=None) -> int:
    """Give each invitation without a letter number the next numbers of its edition, in one
    transaction under the template row's lock. Returns how many were numbered."""
    invitations = list(invitations)
    if not invitations:
        return 0
    numbered = 0
    with transaction.atomic():
        editions = {i.edition_id for i in invitations}
        for edition_id in sorted(editions):
            LetterTemplate.objects.get_or_create(edition_id=edition_id)
            template = LetterTemplate.objects.select_for_update().get(edition_id=edition_id)
            ids = sorted(i.pk for i in invitations if i.edition_id == edition_id)
            todo = list(Invitation.objects.select_for_update(of=("self",))
                        .filter(pk__in=ids, letter_number__isnull=True).order_by("pk"))
            today = timezone.localdate()
            for invitation in todo:
                invitation.letter_number = template.next_number
                invitation.letter_date = today
                template.next_number += 1
            Invitation.objects.bulk_update(todo, ["letter_number", "letter_date"])
            template.save(update_fields=["next_number"])
            numbered += len(todo)
            if todo:
                record_audit(action="invitation.letters_numbered", obj=template, actor=by,
                             data={"from": todo[0].letter_number, "to": todo[-1].letter_number})
    return numbered


def letter_pdf(*, invitation: Invitation, by=None) -> bytes:
    """The invitation's letter as PDF (numbered first if it has no number yet)."""
    if invitation.status == InvitationStatus.WITHDRAWN:
        raise InvitationError(_("A withdrawn invitation has no letter."), code="withdrawn")
    number_letters(invitations=[invitation], by=by)
    invitation.refresh_from_db()
    template = get_letter_template(invitation.edition)
    buffer = io.BytesIO()
    write_letters(buffer, [letter_for(invitation, template)],
                  title=f"Giấy mời {invitation.letter_number}")
    return buffer.getvalue()


def start_letter_batch(*, edition, invitations=None, send: bool = False, by=None) -> LetterBatch:
    """Record a batch of letters (default: every invitation of the edition not withdrawn,
    declined or expired) and queue its rendering after commit."""
    from ..tasks import render_letter_batch_task

    if invitations is None:
        invitations = Invitation.objects.filter(edition=edition).exclude(status__in=[
            InvitationStatus.WITHDRAWN, InvitationStatus.DECLINED, InvitationStatus.EXPIRED])
    with transaction.atomic():
        ids = list(invitations.values_list("pk", flat=True))
        batch = LetterBatch.objects.create(
            edition=edition, send=send, total=len(ids),
            created_by=by if getattr(by, "is_authenticated", False) else None)
        batch.invitations.set(ids)
        record_audit(action="letter_batch.started", obj=batch, actor=by,
                     data={"total": len(ids), "send": send})
        transaction.on_commit(lambda: render_letter_batch_task.enqueue(batch.pk))
    return batch


def render_letter_batch(*, batch_id: int) -> LetterBatch:
    """Number, draw (and e-mail, if asked) a queued batch, reporting progress as it goes.

    Idempotent: a batch already running or finished is left alone. The PDF is written to a
    temporary file, then copied to private storage; each e-mailed letter is its own PDF.
    """
    with transaction.atomic():
        batch = LetterBatch.objects.select_for_update().get(pk=batch_id)
        if batch.status != LetterBatchStatus.QUEUED:
            return batch
        batch.status = LetterBatchStatus.RUNNING
        batch.done = 0
        batch.save(update_fields=["status", "done"])
    last = {"at": time.monotonic()}

    def progress(done: int) -> None:
        now = time.monotonic()
        if now - last["at"] >= PROGRESS_EVERY_SECONDS:
            last["at"] = now
            LetterBatch.objects.filter(pk=batch_id).update(done=done)

    try:
        invitations = list(batch.invitations.select_related("edition", "category")
                           .order_by("pk"))
        number_letters(invitations=invitations, by=batch.created_by)
        invitations = list(batch.invitations.select_related("edition", "category")
                           .order_by("letter_number", "pk"))
        template = get_letter_template(batch.edition)
        letters = (letter_for(i, template) for i in invitations)
        with tempfile.TemporaryFile() as handle:
            drawn = write_letters(handle, letters, title=f"Giấy mời {batch.edition}",
                                  on_letter=progress)
            handle.seek(0)
            batch.file.save(f"giay-moi-{batch.edition.year}-{batch_id}.pdf", File(handle),
                            save=False)
        sent = 0
        if batch.send:
            for invitation in invitations:
                if invitation.status in OPEN_STATUSES:
                    _email_letter(invitation, template, batch.created_by)
                    sent += 1
    except Exception as exc:
        logger.exception("Letter batch %s failed", batch_id)
        LetterBatch.objects.filter(pk=batch_id).update(
            status=LetterBatchStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now())
        batch.refresh_from_db()
        return batch
    with transaction.atomic():
        batch.status = LetterBatchStatus.DONE
        batch.done = drawn
        batch.finished_at = timezone.now()
        batch.save(update_fields=["status", "done", "file", "finished_at"])
        record_audit(action="letter_batch.done", obj=batch, data={"letters": drawn,
                                                                  "emailed": sent})
    return batch


def _email_letter(invitation, template, by) -> None:
    buffer = io.BytesIO()
    write_letters(buffer, [letter_for(invitation, template)],
                  title=f"Giấy mời {invitation.letter_number}")
    name = f"giay-moi-{invitation.letter_number:03d}.pdf"
    from .invitations import send_invitation

    try:
        send_invitation(invitation=invitation, by=by,
                        attachments=[(name, buffer.getvalue(), "application/pdf")])
    except InvitationError:
        logger.warning("Letter of invitation %s not e-mailed: no longer open", invitation.pk)
