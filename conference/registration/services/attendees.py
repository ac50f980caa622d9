"""Attendees: the details each person gives, checked and normalised, and their corrections."""

from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from conference.common.services import record_audit
from conference.common.text import fold, nfc

from .. import emails
from ..badges import issue_badge
from ..enums import OrganisationType, QuestionKind, RegistrationStatus
from ..exceptions import RegistrationError
from ..models import Attendee
from ..provinces import province_code

ANSWER_MAX_LENGTH = 2000
ACCESSIBILITY_MAX_LENGTH = 2000


def check_length(value: str, *, limit: int, label) -> str:
    """Refuse a value longer than its field: a cut name would print wrong on the badge."""
    if len(value) > limit:
        raise RegistrationError(
            _("%(field)s is too long: at most %(limit)d characters (this one has %(length)d).")
            % {"field": capfirst(label), "limit": limit, "length": len(value)},
            code="too_long",
        )
    return value


def _checked(name: str, value: str) -> str:
    field = Attendee._meta.get_field(name)
    return check_length(value, limit=field.max_length, label=field.verbose_name)


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
            value = check_length(nfc(value), limit=ANSWER_MAX_LENGTH, label=str(question))
        if question.required and value in (None, ""):
            raise RegistrationError(
                _("Please answer “%(question)s”.") % {"question": question},
                code="missing_answer",
            )
        if value not in (None, ""):
            answers[question.key] = value
    organisation_type = data.get("organisation_type") or ""
    if organisation_type not in OrganisationType.values and organisation_type != "":
        raise RegistrationError(
            _("“%(value)s” is not a type of organisation we know.") % {"value": organisation_type},
            code="bad_organisation_type")
    province = province_code(data.get("province"))
    if data.get("province") and not province:
        raise RegistrationError(
            _("“%(value)s” is not one of Vietnam's 34 provinces and cities.")
            % {"value": data.get("province")}, code="bad_province")
    return {
        "organisation_type": organisation_type,
        "province": province,
        "full_name": _checked("full_name", full_name),
        "email": _checked("email", email),
        "position": _checked("position", nfc(data.get("position"))),
        "organisation": _checked("organisation", nfc(data.get("organisation"))),
        "phone": _checked("phone", nfc(data.get("phone"))),
        "language": language,
        "accessibility_needs": check_length(
            (data.get("accessibility_needs") or "").strip(), limit=ACCESSIBILITY_MAX_LENGTH,
            label=Attendee._meta.get_field("accessibility_needs").verbose_name),
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
    full_name, position = _checked("full_name", nfc(full_name)), _checked("position", position)
    organisation, phone = _checked("organisation", organisation), _checked("phone", phone)
    if not full_name:
        raise RegistrationError(_("Every attendee needs a full name."), code="missing_name")
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
