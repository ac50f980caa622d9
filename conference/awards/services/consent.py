"""The nominee's consent to publication, through a signed link emailed to them.

Someone nominated by another person confirms (or declines) on the page behind the link; the
secretariat may send the link again while the answer is pending.
"""

from django.core import signing
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from conference.common.links import absolute_url
from conference.common.services import queue_email, record_audit

from ..enums import ConsentState, NominationKind, NominationStatus
from ..models import Nomination
from .base import AwardsError, email_nominator, lock_nomination, now

CONSENT_TEXT_VERSION = "2024-1"
CONSENT_SALT = "awards.nominee-consent"
CONSENT_MAX_AGE = 60 * 60 * 24 * 60  # sixty days


def consent_token(nomination: Nomination) -> str:
    return signing.dumps({"n": nomination.pk, "e": nomination.nominee_email}, salt=CONSENT_SALT)


def consent_url(nomination: Nomination) -> str:
    return absolute_url("awards:consent", nomination.language, consent_token(nomination))


def queue_consent_request(nomination: Nomination) -> None:
    queue_email(
        to=nomination.nominee_email,
        template="awards/nominee_consent_request",
        context={"nomination": nomination, "cycle": nomination.cycle,
                 "nominator": nomination.nominator, "consent_url": consent_url(nomination)},
        language=nomination.language,
    )


def nomination_for_consent(token: str) -> Nomination:
    """The nomination a consent link points at; AwardsError if forged, expired or outdated."""
    try:
        payload = signing.loads(token, salt=CONSENT_SALT, max_age=CONSENT_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise AwardsError(_("This link has expired. Please ask the secretariat for a new one."),
                          code="link_expired", status=410) from exc
    except signing.BadSignature as exc:
        raise AwardsError(_("This link is not valid."), code="link_invalid", status=404) from exc
    nomination = Nomination.objects.filter(pk=payload.get("n")).select_related("cycle").first()
    if nomination is None or nomination.nominee_email != payload.get("e"):
        raise AwardsError(_("This link is not valid."), code="link_invalid", status=404)
    return nomination


def record_nominee_consent(*, token: str, given: bool, ip_address: str | None = None
                           ) -> Nomination:
    """The nominee's answer through their signed link: consent to publication, or decline."""
    found = nomination_for_consent(token)
    with transaction.atomic():
        nomination = lock_nomination(found)
        nomination.consent_state = ConsentState.GIVEN if given else ConsentState.DECLINED
        nomination.consent_at = now()
        nomination.consent_text_version = CONSENT_TEXT_VERSION
        # The language the nominee answered in is the one they will be written to in.
        nomination.nominee_language = (translation.get_language() or nomination.language)[:2]
        nomination.save(update_fields=["consent_state", "consent_at", "consent_text_version",
                                       "nominee_language", "updated_at"])
        record_audit(action="awards.nomination.consent", obj=nomination, ip_address=ip_address,
                     data={"given": given, "version": CONSENT_TEXT_VERSION})
        email_nominator(nomination, "awards/nominee_answered")
    return nomination


def resend_consent_request(*, nomination: Nomination, by) -> Nomination:
    """Email the nominee their consent link again (secretariat), while the answer is pending."""
    with transaction.atomic():
        nomination = lock_nomination(nomination)
        if nomination.status == NominationStatus.DRAFT or (
            nomination.kind != NominationKind.OTHER
        ) or nomination.consent_state != ConsentState.PENDING or not nomination.nominee_email:
            raise AwardsError(_("There is no pending consent request for this nomination."),
                              code="no_pending_consent", status=409)
        record_audit(action="awards.nomination.consent_requested", obj=nomination, actor=by,
                     data={"to": nomination.nominee_email})
        queue_consent_request(nomination)
    return nomination
