"""Press accreditation: the documents a category asks of each attendee (a press card scan, a
portrait photo), checked by their content and kept in private storage for the desk."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from conference.common.files import check_file
from conference.common.services import record_audit

from ..enums import DocumentKind, RegistrationStatus
from ..exceptions import RegistrationError
from ..models import Attendee, AttendeeDocument, Registration

_EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg",
               "image/webp": "webp"}


def documents_asked(category) -> list[str]:
    """The document kinds ``category`` asks of each attendee, in the order they are asked."""
    asked = []
    if category.asks_press_card:
        asked.append(DocumentKind.PRESS_CARD)
    if category.asks_photo:
        asked.append(DocumentKind.PHOTO)
    return asked


def missing_documents(registration: Registration) -> list[tuple[Attendee, str]]:
    """(attendee, kind) for every document the category asks that is not uploaded yet."""
    asked = documents_asked(registration.category)
    if not asked:
        return []
    have = set(AttendeeDocument.objects.filter(attendee__registration=registration)
               .values_list("attendee_id", "kind"))
    return [(attendee, kind) for attendee in registration.attendees.all() for kind in asked
            if (attendee.pk, kind) not in have]


def upload_attendee_document(*, attendee: Attendee, kind: str, upload, by=None
                             ) -> AttendeeDocument:
    """Store a press card scan or portrait photo for ``attendee``, replacing an earlier one.

    The file is read and checked by its content (``conference.common.files``): a press card may
    be a PDF or an image, a photo only an image. Refused once the registration is decided (a
    new photo after approval would change an approved badge without the desk seeing it).
    """
    registration = attendee.registration
    if kind not in documents_asked(registration.category):
        raise RegistrationError(_("This category does not ask for that document."),
                                code="document_not_asked")
    if registration.status not in (RegistrationStatus.PENDING_APPROVAL,
                                   RegistrationStatus.HELD,
                                   RegistrationStatus.AWAITING_PAYMENT):
        raise RegistrationError(
            _("The registration has been decided: ask the organisers to change a document."),
            code="document_locked",
        )
    checked = check_file(upload, limit=settings.REGISTRATION_MAX_DOCUMENT_BYTES,
                         pdf=kind == DocumentKind.PRESS_CARD)
    name = f"{kind}-{attendee.pk}.{_EXTENSIONS[checked.content_type]}"
    with transaction.atomic():
        document = (AttendeeDocument.objects.select_for_update()
                    .filter(attendee=attendee, kind=kind).first())
        old_file = document.file.name if document else ""
        if document is None:
            document = AttendeeDocument(attendee=attendee, kind=kind)
        document.content_type = checked.content_type
        document.sha256 = checked.sha256
        document.size = len(checked.content)
        document.file.save(name, ContentFile(checked.content), save=False)
        document.save()
        record_audit(action="registration.document_uploaded", obj=attendee, actor=by,
                     data={"kind": kind, "sha256": checked.sha256,
                           "content_type": checked.content_type})
        if old_file and old_file != document.file.name:
            storage = document.file.storage
            transaction.on_commit(lambda: storage.delete(old_file))
    return document
