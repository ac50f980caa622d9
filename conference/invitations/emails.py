"""The invitation emails, in the invitee's language, queued in the outbox (sent after commit)."""

from django.utils import timezone

from conference.common.i18n import localized
from conference.common.services import queue_email

from .links import answer_url
from .signals import extra_details


def context(invitation, language: str) -> dict:
    return {
        "invitation": invitation,
        "edition_name": localized(invitation.edition, "name", language),
        "venue": localized(invitation.edition, "venue", language),
        "category_name": localized(invitation.category, "name", language),
        "answer_url": answer_url(invitation, language),
        "deadline": timezone.localtime(invitation.deadline),
        "details": extra_details(invitation, language),
    }


def send(invitation, template: str, attachments=()) -> None:
    queue_email(to=invitation.email, template=f"invitations/{template}",
                context=context(invitation, invitation.language),
                language=invitation.language, attachments=attachments)
