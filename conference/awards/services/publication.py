"""Publication of the results, and the certificates of winners and finalists."""

import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from conference.common.services import record_audit

from ..enums import NominationStatus
from ..models import AwardCycle, Certificate, Nomination
from .base import AwardsError, now

S = NominationStatus
ENTITLED = (S.WINNER, S.FINALIST)


def publish_results(*, cycle: AwardCycle, by, publish: bool = True) -> AwardCycle:
    """Show (or hide) winners and finalists on the awards page; issues missing certificates."""
    with transaction.atomic():
        cycle = AwardCycle.objects.select_for_update().get(pk=cycle.pk)
        if publish and not Nomination.objects.filter(cycle=cycle, status=S.WINNER).exists():
            raise AwardsError(_("Choose at least one winner before publishing."),
                              code="no_winners", status=409)
        cycle.results_published_at = now() if publish else None
        cycle.save(update_fields=["results_published_at"])
        record_audit(action="awards.results.published" if publish else "awards.results.hidden",
                     obj=cycle, actor=by)
        if publish:
            issue_certificates(cycle=cycle, by=by)
    return cycle


def issue_certificates(*, cycle: AwardCycle, by) -> list[Certificate]:
    """A certificate for each winner and finalist who has none; revoke those no longer entitled."""
    issued = []
    with transaction.atomic():
        for nomination in Nomination.objects.select_for_update().filter(
            cycle=cycle, status__in=ENTITLED
        ):
            certificate = Certificate.objects.filter(nomination=nomination).first()
            if certificate is not None and certificate.title == nomination.status and (
                certificate.revoked_at is None
            ):
                continue
            if certificate is None:
                certificate = Certificate(nomination=nomination)
            certificate.code = secrets.token_urlsafe(18)
            certificate.title = nomination.status
            certificate.issued_at = now()
            certificate.revoked_at = None
            certificate.save()
            record_audit(action="awards.certificate.issued", obj=certificate, actor=by,
                         data={"nomination": nomination.pk, "title": certificate.title})
            issued.append(certificate)
        for certificate in Certificate.objects.filter(
            nomination__cycle=cycle, revoked_at__isnull=True
        ).exclude(nomination__status__in=ENTITLED):
            certificate.revoked_at = now()
            certificate.save(update_fields=["revoked_at"])
            record_audit(action="awards.certificate.revoked", obj=certificate, actor=by)
    return issued
