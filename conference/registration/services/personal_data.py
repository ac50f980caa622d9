"""Personal data under Decree 13/2023/ND-CP: a person's copy, erasure on request, and the
anonymisation of an edition once its retention period is over. Rows stay, anonymised, so that
counts and payments still add up."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from conference.common.services import record_audit

from ..enums import SEAT_HOLDING_STATUSES
from ..exceptions import RegistrationError
from ..models import Attendee, AttendeeDocument, Registration, WaitingListEntry
from ..queries import attendees_of
from .edition_settings import get_registration_settings


def export_personal_data(*, user) -> dict:
    """Everything we hold about a person (Decree 13, right of access), as JSON-ready data."""
    with override("en"):
        people = []
        for attendee in attendees_of(user).select_related("registration__category",
                                                         "registration__edition"):
            registration = attendee.registration
            people.append({
                "reference": registration.reference,
                "edition": str(registration.edition),
                "category": registration.category.name,
                "status": registration.status,
                "registered_at": registration.created_at.isoformat(),
                "consent_version": registration.consent_version,
                "consent_at": registration.consent_at.isoformat() if registration.consent_at
                else None,
                "full_name": attendee.full_name,
                "position": attendee.position,
                "organisation": attendee.organisation,
                "organisation_type": attendee.organisation_type,
                "province": attendee.province,
                "email": attendee.email,
                "phone": attendee.phone,
                "language": attendee.language,
                "accessibility_needs": attendee.accessibility_needs,
                "answers": attendee.answers,
                "badges": [
                    {"code": b.code, "issued_at": b.issued_at.isoformat(),
                     "revoked_at": b.revoked_at.isoformat() if b.revoked_at else None}
                    for b in attendee.badges.all()
                ],
            })
    return {
        "account": {
            "email": user.email,
            "full_name": user.get_full_name(),
            "phone": getattr(user, "phone", ""),
            "language": getattr(user, "language", ""),
            "date_joined": user.date_joined.isoformat(),
        },
        "registrations": people,
        "waiting_list": list(
            WaitingListEntry.objects.filter(email=user.email.lower()).values(
                "category__name", "status", "created_at"
            )
        ),
        "exported_at": timezone.now().isoformat(),
    }


def erase_personal_data(*, user, by=None) -> int:
    """Delete a person's account and anonymise their attendee records (Decree 13, erasure).

    Refused while they hold an active registration (they cancel it first, so that a badge in use
    does not silently lose its holder). Rows stay, anonymised, so that counts and payments add up.
    """
    with transaction.atomic():
        attendees = list(attendees_of(user).select_for_update().select_related("registration"))
        if any(a.registration.status in SEAT_HOLDING_STATUSES for a in attendees):
            raise RegistrationError(
                _("Please cancel your active registrations before deleting your data."),
                code="active_registrations",
            )
        for attendee in attendees:
            attendee.full_name = _("(deleted)")
            attendee.email = f"deleted-{attendee.pk}@invalid.invalid"
            attendee.phone = ""
            attendee.position = ""
            attendee.organisation = ""
            attendee.accessibility_needs = ""
            attendee.answers = {}
            attendee.user = None
            attendee.save()
        _delete_documents([a.pk for a in attendees])
        Registration.objects.filter(contact=user).update(
            contact=None, contact_email="deleted@invalid.invalid"
        )
        WaitingListEntry.objects.filter(email=user.email.lower()).delete()
        record_audit(action="personal_data.erased", actor=by,
                     data={"user": user.pk, "attendees": [a.pk for a in attendees]})
        user.delete()
    return len(attendees)


def anonymise_edition(*, edition, by=None, force: bool = False, today=None) -> int:
    """Erase the personal data of an edition's attendees once its retention period is over
    (Decree 13: kept no longer than needed). Rows stay, anonymised, so counts and payments add
    up; badge codes carry no personal data and stay. Returns the number of attendees erased.
    """
    reg_settings = get_registration_settings(edition)
    today = today or timezone.localdate()
    keep_until = edition.end_date + timedelta(days=reg_settings.retention_days)
    if today <= keep_until and not force:
        raise RegistrationError(
            _("The personal data of this edition is kept until %(date)s.")
            % {"date": keep_until.strftime("%d/%m/%Y")}, code="retention_not_over",
        )
    with transaction.atomic(), override("vi"):
        attendees = list(
            Attendee.objects.select_for_update().filter(registration__edition=edition)
            .exclude(email__endswith="@invalid.invalid")
        )
        for attendee in attendees:
            attendee.full_name = _("(deleted)")
            attendee.email = f"anonymised-{attendee.pk}@invalid.invalid"
            attendee.phone = attendee.position = attendee.organisation = ""
            attendee.accessibility_needs = ""
            attendee.answers = {}
            attendee.user = None
            attendee.save()
        _delete_documents([a.pk for a in attendees])
        Registration.objects.filter(edition=edition).update(
            contact=None, contact_email="anonymised@invalid.invalid"
        )
        WaitingListEntry.objects.filter(category__edition=edition).delete()
        record_audit(action="personal_data.edition_anonymised", obj=edition, actor=by,
                     data={"attendees": len(attendees), "forced": force})
    return len(attendees)


def _delete_documents(attendee_ids: list[int]) -> None:
    """Press cards and portraits go with the rest of the personal data: rows now, files once
    the transaction commits."""
    documents = list(AttendeeDocument.objects.filter(attendee_id__in=attendee_ids))
    names = [(d.file.storage, d.file.name) for d in documents if d.file.name]
    AttendeeDocument.objects.filter(pk__in=[d.pk for d in documents]).delete()

    def remove_files():
        for storage, name in names:
            storage.delete(name)

    transaction.on_commit(remove_files)
