"""How certificates answers the apps below it: the shared verification page (awards) and the
attendee's portal (registration)."""

from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from conference.awards.signals import VerifiedDocument, verify_certificate
from conference.common.i18n import localized
from conference.registration import signals as registration_signals

from . import queries
from .pdf import attended_on


@receiver(verify_certificate, dispatch_uid="certificates_verify")
def verify(sender, *, code: str, **kwargs) -> VerifiedDocument | None:
    certificate = queries.by_code(code)
    if certificate is None:
        return None
    details = []
    if certificate.organisation:
        details.append((_("Organisation"), certificate.organisation))
    if certificate.sessions:
        details.append((_("Sessions attended"), str(len(certificate.sessions))))
    return VerifiedDocument(
        kind=_("Attendance certificate"),
        holder=certificate.full_name,
        edition=localized(certificate.edition, "name"),
        issued_at=certificate.issued_at,
        code=certificate.code,
        revoked_at=certificate.revoked_at,
        details=details,
        attended_on=attended_on(certificate),
    )


@receiver(registration_signals.portal_panels, dispatch_uid="certificates_portal")
def portal_panel(sender, *, request, **kwargs) -> str:
    certificates = list(queries.certificates_of(request.user))
    if not certificates:
        return ""
    return render_to_string("certificates/portal_panel.html",
                            {"certificates": certificates}, request=request)
