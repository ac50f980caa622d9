"""What the awards services share: the domain error, the clock, the nomination lock and the
nominator's emails."""

from django.utils import timezone

from conference.common.exceptions import DomainError
from conference.common.links import absolute_url
from conference.common.services import queue_email

from ..models import Nomination


class AwardsError(DomainError):
    code = "awards"


def now():
    return timezone.now()


def local_date(value) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")


def lock_nomination(nomination: Nomination) -> Nomination:
    """The nomination's row, locked for the rest of the transaction, with what emails need."""
    return Nomination.objects.select_for_update().select_related(
        "cycle__edition", "category", "nominator"
    ).get(pk=nomination.pk)


def email_nominator(nomination: Nomination, template: str, extra: dict | None = None) -> None:
    """Queue ``template`` to the nominator, in their language, with a link to the nomination."""
    nominator = nomination.nominator
    language = getattr(nominator, "language", "") or nomination.language
    queue_email(
        to=nominator.email,
        template=template,
        context={"nomination": nomination, "cycle": nomination.cycle,
                 "category": nomination.category, "nominator": nominator,
                 "url": absolute_url("awards:nomination", language, nomination.pk),
                 **(extra or {})},
        language=language,
    )
