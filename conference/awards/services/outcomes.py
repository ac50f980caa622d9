"""Releasing the outcome: the moment the secretariat chooses, each nominator (and each winning or
finalist nominee) learns the result by e-mail, in their own language."""

from django.db import transaction
from django.utils.translation import gettext as _

from conference.common.links import absolute_url
from conference.common.services import queue_email, record_audit

from ..enums import NominationKind, NominationStatus
from ..models import AwardCycle, Nomination
from .base import AwardsError, now

S = NominationStatus
LAUREATES = (S.WINNER, S.FINALIST)


def unreleased_outcomes(cycle: AwardCycle):
    """Submitted nominations whose nominator has not been told the current outcome."""
    return Nomination.objects.filter(cycle=cycle, outcome_sent_at__isnull=True).exclude(
        status=S.DRAFT
    )


def _send(nomination: Nomination, *, to: str, language: str, template: str, nominee: bool):
    url = "" if nominee else absolute_url("awards:nomination", language, nomination.pk)
    queue_email(
        to=to, template=template, language=language,
        context={"nomination": nomination, "cycle": nomination.cycle,
                 "category": nomination.category, "nominator": nomination.nominator,
                 "to_nominee": nominee, "ceremony": nomination.cycle.edition,
                 "url": url},
    )


def release_results(*, cycle: AwardCycle, by) -> int:
    """E-mail every nominator whose nomination's outcome they were not told yet: winners and
    finalists (and their nominee, if someone else nominated them) the good news, the others a
    courteous note. Refused before any winner is chosen. Returns the number of nominations."""
    with transaction.atomic():
        cycle = AwardCycle.objects.select_for_update().select_related("edition").get(pk=cycle.pk)
        if not Nomination.objects.filter(cycle=cycle, status=S.WINNER).exists():
            raise AwardsError(_("Choose at least one winner before releasing the results."),
                              code="no_winners", status=409)
        nominations = list(
            unreleased_outcomes(cycle).select_for_update(of=("self",))
            .select_related("nominator", "category", "cycle__edition").order_by("pk")
        )
        for nomination in nominations:
            nominator = nomination.nominator
            language = getattr(nominator, "language", "") or nomination.language
            laureate = nomination.status in LAUREATES
            template = "awards/outcome_laureate" if laureate else "awards/outcome_other"
            _send(nomination, to=nominator.email, language=language, template=template,
                  nominee=False)
            if laureate and nomination.kind == NominationKind.OTHER and (
                nomination.nominee_email and nomination.nominee_email != nominator.email
            ):
                _send(nomination, to=nomination.nominee_email,
                      language=nomination.nominee_language or nomination.language,
                      template="awards/outcome_laureate", nominee=True)
        Nomination.objects.filter(pk__in=[n.pk for n in nominations]).update(
            outcome_sent_at=now())
        if cycle.results_released_at is None:
            cycle.results_released_at = now()
            cycle.save(update_fields=["results_released_at"])
        record_audit(action="awards.results.released", obj=cycle, actor=by,
                     data={"nominations": len(nominations)})
    return len(nominations)
