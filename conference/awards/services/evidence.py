"""Evidence files of a draft nomination, kept in the private storage."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from conference.common.services import record_audit
from conference.common.text import nfc

from ..files import check_evidence
from ..models import EvidenceFile, Nomination
from .base import AwardsError, lock_nomination
from .nominations import check_draft_of, check_nominations_open


def add_evidence(*, nomination: Nomination, by, upload) -> EvidenceFile:
    """Check ``upload`` by its content and attach it to a draft, in the private storage.

    The stored file is removed again if the database write fails, so nothing is half-saved.
    """
    checked = check_evidence(upload)
    original = nfc(getattr(upload, "name", "") or "file").rsplit("/", 1)[-1][:255]
    with transaction.atomic():
        nomination = lock_nomination(nomination)
        check_draft_of(nomination, by)
        check_nominations_open(nomination.cycle)
        if nomination.evidence.count() >= nomination.cycle.max_evidence_files:
            raise AwardsError(
                _("A nomination can have at most %(count)s evidence files.")
                % {"count": nomination.cycle.max_evidence_files},
                code="too_many_files",
            )
        evidence = EvidenceFile(nomination=nomination, original_name=original,
                                content_type=checked.content_type, size=len(checked.content),
                                sha256=checked.sha256, uploaded_by=by)
        evidence.file.save("evidence", ContentFile(checked.content), save=False)
        stored = evidence.file.name
        try:
            evidence.save()
            record_audit(action="awards.evidence.added", obj=nomination, actor=by,
                         data={"file": original, "sha256": checked.sha256})
        except Exception:
            evidence.file.storage.delete(stored)
            raise
    return evidence


def remove_evidence(*, evidence: EvidenceFile, by) -> None:
    """Remove a file from a draft; the stored file is deleted once the removal commits."""
    with transaction.atomic():
        nomination = lock_nomination(evidence.nomination)
        check_draft_of(nomination, by)
        name, storage = evidence.file.name, evidence.file.storage
        record_audit(action="awards.evidence.removed", obj=nomination, actor=by,
                     data={"file": evidence.original_name})
        evidence.delete()
        transaction.on_commit(lambda: storage.delete(name))
