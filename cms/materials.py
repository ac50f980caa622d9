"""Writes of session materials and of speakers' own changes.

A speaker's private link is a signed token naming the speaker (and their guid, so a link of a
deleted-and-recreated speaker does not carry over). What they send becomes a pending
``SpeakerChange``; an editor approves it (bio, photo and slides are published, the public pages
refreshed through the ``post_save`` receivers) or refuses it with a reason.
"""

import io

from django.core import signing
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.common.exceptions import DomainError
from conference.common.files import CheckedFile, FileRejected, check_file
from conference.common.services import record_audit

from .enums import ChangeStatus, MaterialKind
from .models import Session, SessionMaterial, Speaker, SpeakerChange
from .models.materials import PHOTO_LIMIT, SLIDES_LIMIT

LINK_SALT = "cms.speaker-link"
LINK_MAX_AGE = 120 * 24 * 3600  # a season of conference preparation


class MaterialError(DomainError):
    status = 400


def check_slides(upload) -> CheckedFile:
    """A PDF, judged by its content: an image or anything renamed ``.pdf`` is refused."""
    checked = check_file(upload, limit=SLIDES_LIMIT, pdf=True)
    if checked.content_type != "application/pdf":
        raise FileRejected(_("Slides must be a PDF document; this file is not one."),
                           code="file_type")
    return checked


def check_photo(upload) -> CheckedFile:
    return check_file(upload, limit=PHOTO_LIMIT, pdf=False)


# --- the speaker's private link -------------------------------------------------------------

def speaker_token(speaker: Speaker) -> str:
    return signing.dumps({"s": speaker.pk, "g": str(speaker.guid)}, salt=LINK_SALT,
                         compress=True)


def speaker_from_token(token: str) -> Speaker | None:
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=LINK_MAX_AGE)
    except signing.BadSignature:  # also SignatureExpired
        return None
    if not isinstance(data, dict):
        return None
    return Speaker.objects.filter(pk=data.get("s"), guid=data.get("g")).first()


def speaker_sessions(speaker: Speaker):
    """The sessions whose slides this speaker may send: their own, nobody else's."""
    return (Session.objects.filter(session_speakers__speaker=speaker)
            .order_by("start").distinct())


def submit_speaker_change(*, speaker: Speaker, bio: str, bio_en: str, photo=None,
                          slides=None, slides_session: Session | None = None) -> SpeakerChange:
    """Record what the speaker sent; nothing is public until an editor approves it."""
    if slides is not None:
        if slides_session is None:
            raise MaterialError(_("Choose the session these slides belong to."),
                                code="slides_session")
        if not speaker_sessions(speaker).filter(pk=slides_session.pk).exists():
            raise MaterialError(_("You can only send slides for your own sessions."),
                                code="not_your_session")
    checked_slides = check_slides(slides) if slides is not None else None
    checked_photo = check_photo(photo) if photo is not None else None
    bio, bio_en = (bio or "").strip(), (bio_en or "").strip()
    if (bio == speaker.bio and bio_en == speaker.bio_en and checked_photo is None
            and checked_slides is None):
        raise MaterialError(_("Nothing has changed: edit your biography or add a file."),
                            code="no_change")
    with transaction.atomic():
        change = SpeakerChange(speaker=speaker, bio=bio, bio_en=bio_en,
                               slides_session=slides_session if checked_slides else None)
        if checked_photo:
            extension = checked_photo.content_type.split("/")[1].replace("jpeg", "jpg")
            change.photo.save(f"{speaker.guid}.{extension}", ContentFile(checked_photo.content),
                              save=False)
        if checked_slides:
            change.slides.save(f"{speaker.guid}.pdf", ContentFile(checked_slides.content),
                               save=False)
        change.save()
        record_audit(action="cms.speaker_change_submitted", obj=change,
                     data={"speaker": speaker.pk, "slides": bool(checked_slides),
                           "photo": bool(checked_photo)})
    return change


def _pending(change_id: int) -> SpeakerChange:
    change = (SpeakerChange.objects.select_for_update().select_related("speaker")
              .filter(pk=change_id).first())
    if change is None:
        raise MaterialError(_("This change does not exist."), code="not_found")
    if change.status != ChangeStatus.PENDING:
        raise MaterialError(_("This change has already been decided."), code="decided")
    return change


def approve_speaker_change(*, change_id: int, user) -> SpeakerChange:
    """Publish the speaker's bio, photo and slides at once."""
    with transaction.atomic():
        change = _pending(change_id)
        speaker = change.speaker
        speaker.bio, speaker.bio_en = change.bio, change.bio_en
        if change.photo:
            from wagtail.images import get_image_model

            with change.photo.open("rb") as handle:
                content = handle.read()
            image = get_image_model()(title=speaker.name)
            image.file.save(change.photo.name.rsplit("/", 1)[-1], ContentFile(content),
                            save=False)
            image.save()
            speaker.photo = image
        speaker.save()
        if change.slides and change.slides_session_id:
            with change.slides.open("rb") as handle:
                content = io.BytesIO(handle.read())
            material = SessionMaterial(session_id=change.slides_session_id,
                                       kind=MaterialKind.SLIDES,
                                       title=f"Bài trình bày – {speaker.name}",
                                       title_en=f"Slides – {speaker.name}")
            material.file.save(f"{speaker.guid}.pdf", ContentFile(content.getvalue()),
                               save=False)
            material.save()
        change.status = ChangeStatus.APPROVED
        change.decided_at = timezone.now()
        change.decided_by = user
        change.save(update_fields=["status", "decided_at", "decided_by"])
        record_audit(action="cms.speaker_change_approved", obj=change, actor=user,
                     data={"speaker": speaker.pk})
    return change


def reject_speaker_change(*, change_id: int, user, reason: str = "") -> SpeakerChange:
    with transaction.atomic():
        change = _pending(change_id)
        change.status = ChangeStatus.REJECTED
        change.reason = (reason or "").strip()
        change.decided_at = timezone.now()
        change.decided_by = user
        change.save(update_fields=["status", "reason", "decided_at", "decided_by"])
        record_audit(action="cms.speaker_change_rejected", obj=change, actor=user,
                     data={"speaker": change.speaker_id})
    return change
