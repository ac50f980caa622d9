"""Attendees: the details each person gives, checked and normalised, and their corrections."""

from django.db import transaction
from django.utils.translation import gettext as _

from conference.common.services import record_audit
from conference.common.text import fold, nfc

from .. import emails
from ..badges import issue_badge
from ..enums import QuestionKind, RegistrationStatus
from ..exceptions import RegistrationError
from ..models import Attendee


def clean_attendee(data: dict, questions) -> dict:
    """Normalise one attendee's details and check their answers; raise RegistrationError."""
    full_name = nfc(data.get("full_name"))
    email = (data.get("email") or "").strip().lower()
    if not full_name:
        raise RegistrationError(_("Every attendee needs a full name."), code="missing_name")
    if not email or "@" not in email:
        raise RegistrationError(_("Every attendee needs a valid email address."),
                                code="missing_email")
    language = data.get("language") or "vi"
    if language not in ("vi", "en"):
        language = "vi"
    raw_answers = data.get("answers") or {}
    answers = {}
    for question in questions:
        value = raw_answers.get(question.key)
        if question.kind == QuestionKind.YES_NO:
            if value in (None, ""):
                value = None
            else:
                value = value in (True, "true", "yes", "1", 1)
        elif question.kind == QuestionKind.CHOICE:
            allowed = [v for v, _label in question.choice_list()]
            value = value or ""
            if value and value not in allowed:
                raise RegistrationError(
                    _("“%(answer)s” is not one of the choices for “%(question)s”.")
                    % {"answer": value, "question": question}, code="bad_answer",
                )
        else:
            value = nfc(value)[:2000]
        if question.required and value in (None, ""):
            raise RegistrationError(
                _("Please answer “%(question)s”.") % {"question": question},
                code="missing_answer",
            )
        if value not in (None, ""):
            answers[question.key] = value
    return {
        "full_name": full_name[:150],
        "email": email,
        "position": nfc(data.get("position"))[:150],
        "organisation": nfc(data.get("organisation"))[:255],
        "phone": nfc(data.get("phone"))[:32],
        "language": language,
        "accessibility_needs": (data.get("accessibility_needs") or "").strip()[:2000],
        "answers": answers,
    }


def new_attendee(registration, data: dict, user) -> Attendee:
    """An unsaved Attendee from ``clean_attendee``'s data, for bulk_create (which skips save():
    the search column is filled here as save() would)."""
    attendee = Attendee(registration=registration, user=user, **data)
    attendee.search_text = fold(
        f"{attendee.full_name} {attendee.email} {attendee.phone} {attendee.organisation}"
    )[:600]
    return attendee


def update_attendee(*, attendee: Attendee, by, full_name: str, position: str = "",
                    organisation: str = "", phone: str = "", language: str = "vi",
                    accessibility_needs: str = "") -> Attendee:
    """Correct an attendee's details. A changed name reissues the badge (the old code stops
    working) and emails the new one."""
    with transaction.atomic():
        attendee = Attendee.objects.select_for_update().select_related("registration").get(
            pk=attendee.pk
        )
        old_name = attendee.full_name
        attendee.full_name = full_name
        attendee.position = position
        attendee.organisation = organisation
        attendee.phone = phone
        attendee.language = language if language in ("vi", "en") else "vi"
        attendee.accessibility_needs = accessibility_needs
        attendee.save()
        renamed = attendee.full_name != old_name
        record_audit(action="attendee.updated", obj=attendee, actor=by,
                     data={"renamed": renamed})
        if renamed and attendee.registration.status == RegistrationStatus.CONFIRMED:
            issue_badge(attendee=attendee, by=by, reason="name changed")
            emails.send_confirmation(attendee)
    return attendee
