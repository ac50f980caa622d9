"""Issuing, e-mailing and revoking attendance certificates.

Every writing function owns its transaction and records an audit entry in it; e-mails go through
the outbox (``queue_email``), sent after commit.
"""

import logging
import secrets
import tempfile
import time

from django.core import signing
from django.core.files import File
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from checkin.models import CheckinPoint
from conference.common.links import site_url
from conference.common.services import queue_email, record_audit
from conference.common.text import nfc, vietnamese_sort_key
from conference.registration.models import Attendee

from . import queries
from .enums import BatchStatus
from .exceptions import CertificateError
from .models import AttendanceCertificate, CertificateBatch
from .pdf import attended_on, verification_url, write_certificates

logger = logging.getLogger(__name__)

CHUNK = 200  # attendees issued (and e-mailed) per transaction
PROGRESS_EVERY_SECONDS = 0.5
SIGNING_SALT = "govconf.certificates.download"


def new_code() -> str:
    """24 URL-safe characters (144 random bits): not guessable, unique in practice; the unique
    index has the last word."""
    return secrets.token_urlsafe(18)


# --- Signed links (e-mail) ---------------------------------------------------------------------


def download_token(certificate: AttendanceCertificate) -> str:
    return signing.Signer(salt=SIGNING_SALT).sign_object({"c": certificate.pk})


def certificate_from_token(token: str) -> AttendanceCertificate:
    """The certificate a link names; CertificateError if forged or revoked."""
    try:
        data = signing.Signer(salt=SIGNING_SALT).unsign_object(token)
    except signing.BadSignature as exc:
        raise CertificateError(code="link_invalid", message=_("This link is not valid.")) from exc
    certificate = AttendanceCertificate.objects.select_related("edition").filter(
        pk=data.get("c") if isinstance(data, dict) else None).first()
    if certificate is None:
        raise CertificateError(code="link_invalid", message=_("This link is not valid."))
    if certificate.revoked_at is not None:
        raise CertificateError(code="revoked", message=_("This certificate has been revoked."))
    return certificate


def signed_download_url(certificate: AttendanceCertificate) -> str:
    return site_url(reverse("certificates:signed_pdf",
                            kwargs={"token": download_token(certificate)}))


# --- Batches -----------------------------------------------------------------------------------


def start_certificate_batch(*, edition, points=None, list_sessions: bool = True,
                            send_email: bool = True, by=None) -> CertificateBatch:
    """Record a batch and queue its run after commit. ``points``: the check-in points whose
    admission proves attendance (default: the edition's entry doors that are not a session's)."""
    points = list(points) if points is not None else list(queries.default_points(edition))
    if not points:
        raise CertificateError(code="no_points", message=_(
            "Choose at least one check-in point whose scans prove attendance."))
    if any(point.edition_id != edition.pk for point in points):
        raise CertificateError(code="bad_point",
                               message=_("This check-in point belongs to another edition."))
    with transaction.atomic():
        batch = CertificateBatch.objects.create(
            edition=edition, list_sessions=list_sessions, send_email=send_email,
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )
        batch.points.set(points)
        record_audit(action="certificates.batch.started", obj=batch, actor=by,
                     data={"points": [p.pk for p in points], "list_sessions": list_sessions,
                           "send_email": send_email})
        transaction.on_commit(lambda: _enqueue(batch.pk))
    return batch


def _enqueue(batch_id: int) -> None:
    from .tasks import run_certificate_batch_task

    run_certificate_batch_task.enqueue(batch_id)


def run_certificate_batch(*, batch_id: int) -> CertificateBatch:
    """Issue a certificate to every attendee admitted at the batch's points who holds no valid
    one, e-mail each (if asked), and write them all into one print-ready PDF.

    Idempotent: a batch already running or finished is left alone. Each chunk of CHUNK attendees
    commits on its own (certificates, audit entry, e-mails), so a failure half-way keeps what was
    issued, and a new batch takes up the rest (the partial unique constraint makes sure nobody
    gets two).
    """
    with transaction.atomic():
        batch = CertificateBatch.objects.select_for_update().select_related("edition").get(
            pk=batch_id)
        if batch.status != BatchStatus.QUEUED:
            return batch
        batch.status = BatchStatus.RUNNING
        batch.save(update_fields=["status"])
    edition = batch.edition
    try:
        points = list(CheckinPoint.objects.filter(pk__in=batch.points.values("pk")))
        days = queries.attendance(edition, points)
        batch.total = len(days)
        CertificateBatch.objects.filter(pk=batch_id).update(total=batch.total)
        sessions = queries.sessions_attended(edition, list(days)) if batch.list_sessions else {}
        holders = set(AttendanceCertificate.objects.filter(
            edition=edition, revoked_at__isnull=True).values_list("attendee_id", flat=True))
        attendees = sorted(
            Attendee.objects.filter(pk__in=[pk for pk in days if pk not in holders])
            .only("pk", "full_name", "position", "organisation", "email", "language"),
            key=lambda a: (vietnamese_sort_key(a.full_name), a.pk),
        )
        handled = len(days) - len(attendees)
        issued_ids: list[int] = []
        last = time.monotonic()
        for start in range(0, len(attendees), CHUNK):
            chunk = attendees[start:start + CHUNK]
            issued_ids += _issue_chunk(batch, chunk, days, sessions)
            handled += len(chunk)
            if time.monotonic() - last >= PROGRESS_EVERY_SECONDS:
                last = time.monotonic()
                CertificateBatch.objects.filter(pk=batch_id).update(
                    done=handled, issued=len(issued_ids))
        if issued_ids:
            _write_file(batch, issued_ids)
    except Exception as exc:
        logger.exception("Certificate batch %s failed", batch_id)
        with transaction.atomic():
            CertificateBatch.objects.filter(pk=batch_id).update(
                status=BatchStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now())
            record_audit(action="certificates.batch.failed", obj=batch,
                         data={"error": str(exc)[:500]})
        batch.refresh_from_db()
        return batch
    with transaction.atomic():
        batch.status = BatchStatus.DONE
        batch.done = batch.total
        batch.issued = len(issued_ids)
        batch.finished_at = timezone.now()
        batch.save(update_fields=["status", "done", "issued", "file", "finished_at"])
        record_audit(action="certificates.batch.done", obj=batch,
                     data={"issued": len(issued_ids), "attended": batch.total})
    return batch


def _issue_chunk(batch: CertificateBatch, attendees: list[Attendee], days: dict,
                 sessions: dict) -> list[int]:
    """Certificates for these attendees in one transaction; returns their ids."""
    now = timezone.now()
    rows = [
        AttendanceCertificate(
            edition=batch.edition, attendee=attendee, batch=batch, code=new_code(),
            full_name=nfc(attendee.full_name), position=nfc(attendee.position),
            organisation=nfc(attendee.organisation), days=days[attendee.pk],
            sessions=sessions.get(attendee.pk, []), issued_at=now,
            emailed_at=now if batch.send_email else None,
        )
        for attendee in attendees
    ]
    try:
        with transaction.atomic():
            created = AttendanceCertificate.objects.bulk_create(rows)
            _after_issue(batch, created, attendees)
    except IntegrityError:
        # Another batch issued some of these meanwhile: go one by one, skipping those.
        created = []
        for row, attendee in zip(rows, attendees, strict=True):
            try:
                with transaction.atomic():
                    row.pk = None
                    row.save(force_insert=True)
                    _after_issue(batch, [row], [attendee])
                    created.append(row)
            except IntegrityError:
                continue
    return [c.pk for c in created]


def _after_issue(batch: CertificateBatch, created: list[AttendanceCertificate],
                 attendees: list[Attendee]) -> None:
    """Audit entry and e-mails for certificates just created (inside their transaction)."""
    record_audit(action="certificates.issued", obj=batch, actor=batch.created_by,
                 data={"count": len(created), "codes": [c.code for c in created][:500]})
    if not batch.send_email:
        return
    for certificate, attendee in zip(created, attendees, strict=True):
        certificate.edition = batch.edition
        _email(certificate, attendee)


def _email(certificate: AttendanceCertificate, attendee: Attendee) -> None:
    language = attendee.language if attendee.language in ("vi", "en") else "vi"
    queue_email(
        to=attendee.email, template="certificates/attendance", language=language,
        context={
            "certificate": certificate,
            "edition": certificate.edition,
            "attended_on": attended_on(certificate),
            "download_url": signed_download_url(certificate),
            "verify_url": verification_url(certificate, language),
        },
    )


def _write_file(batch: CertificateBatch, ids: list[int]) -> None:
    """The batch's print-ready PDF: each certificate in its holder's language, in name order."""
    def pages():
        for start in range(0, len(ids), CHUNK):
            found = AttendanceCertificate.objects.select_related(
                "edition", "attendee").in_bulk(ids[start:start + CHUNK])
            for pk in ids[start:start + CHUNK]:
                certificate = found[pk]
                language = certificate.attendee.language
                yield certificate, language if language in ("vi", "en") else "vi"

    with tempfile.TemporaryFile() as handle:
        write_certificates(handle, pages(), title=f"Certificates #{batch.pk}")
        handle.seek(0)
        batch.file.save(f"certificates-{batch.edition.year}-{batch.pk}.pdf", File(handle),
                        save=False)


# --- One certificate ---------------------------------------------------------------------------


def revoke_certificate(*, certificate: AttendanceCertificate, by, reason: str
                       ) -> AttendanceCertificate:
    """Revoke a certificate: its verification page says so from now on, and it can no longer be
    downloaded. A new batch may then issue the attendee a corrected one."""
    reason = nfc(reason).strip()
    if not reason:
        raise CertificateError(code="reason_required",
                               message=_("Say why the certificate is revoked."))
    with transaction.atomic():
        locked = AttendanceCertificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.revoked_at is not None:
            raise CertificateError(code="already_revoked",
                                   message=_("This certificate is already revoked."))
        locked.revoked_at = timezone.now()
        locked.revoked_reason = reason[:255]
        locked.revoked_by = by if getattr(by, "is_authenticated", False) else None
        locked.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
        record_audit(action="certificates.revoked", obj=locked, actor=by,
                     data={"code": locked.code, "reason": reason})
    return locked
