"""The desk on the day: someone who arrives without a registration is registered and badged."""

from django.db import transaction
from django.utils.translation import gettext as _

from conference.common.services import record_audit
from conference.registration.enums import PaymentMethod
from conference.registration.models import Attendee
from conference.registration.services import (
    confirm_registration,
    get_registration_settings,
    start_registration,
)

from .base import CheckinError


def register_walk_in(
    *, edition, category, full_name: str, email: str, by, organisation: str = "",
    position: str = "", phone: str = "", language: str = "vi", paid_at_desk: bool = False,
) -> Attendee:
    """Register someone at the desk on the day, confirmed at once with a badge.

    Goes through the registration app's own ``start_registration`` (capacity under its locks,
    duplicates refused, audit, confirmation email with the badge) and then
    ``confirm_registration``: the desk has seen the person, and for a paid category has taken the
    payment (``paid_at_desk``). The new badge is admitted by online scanners at once and by
    offline ones after their next manifest refresh. Raises DomainError (shown on the form).
    """
    if category.edition_id != edition.pk:
        raise CheckinError(_("This category belongs to another edition."), code="wrong_edition")
    if not category.is_free and not paid_at_desk:
        raise CheckinError(_("This category is paid: take the payment first, then tick "
                             "“paid at the desk”."), code="payment_needed")
    with transaction.atomic():
        registration = start_registration(
            category=category,
            attendees=[{"full_name": full_name, "email": email, "organisation": organisation,
                        "position": position, "phone": phone, "language": language}],
            contact_email=email,
            language=language,
            # The person agrees at the desk to the same text the online form shows.
            consent_version=get_registration_settings(edition).consent_version,
            payment_method=PaymentMethod.FREE if category.is_free else (
                PaymentMethod.BANK_TRANSFER
            ),
            by=by,
            device="desk",
            ignore_sale_window=True,
        )
        registration = confirm_registration(registration=registration, by=by, device="desk")
        attendee = registration.attendees.get()
        record_audit(action="checkin.walk_in_registered", obj=registration, actor=by,
                     device="desk", data={"attendee": attendee.pk, "category": category.pk,
                                          "paid_at_desk": paid_at_desk})
    return attendee
