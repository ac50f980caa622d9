"""A judge's declaration: their organisation and conflicts of interest, before any scoring."""

from django.db import transaction
from django.utils.translation import gettext as _

from conference.common.services import record_audit
from conference.common.text import nfc

from ..models import AwardCycle, JudgeAssignment, JudgeDeclaration
from ..permissions import is_panel_judge
from ..queries import conflicted
from .base import AwardsError, now


def declare_conflicts(*, cycle: AwardCycle, judge, organisation: str, conflicts=(),
                      statement: str = "") -> JudgeDeclaration:
    """Record (or update) a judge's organisation and conflicts; drop conflicting assignments.

    Assignments already submitted are kept: the scores are in, and the secretariat decides.
    """
    if not is_panel_judge(judge, cycle):
        raise AwardsError(_("You are not a judge of this award."), code="not_judge", status=403)
    organisation = nfc(organisation)
    if not organisation:
        raise AwardsError(_("Give your organisation."), code="organisation_required")
    conflicts = list(conflicts)
    if any(n.cycle_id != cycle.pk for n in conflicts):
        raise AwardsError(_("This nomination is not in this award."), code="wrong_cycle")
    with transaction.atomic():
        declaration, _created = JudgeDeclaration.objects.select_for_update().get_or_create(
            cycle=cycle, judge=judge,
            defaults={"organisation": organisation, "statement": nfc(statement)},
        )
        declaration.organisation = organisation
        declaration.statement = statement.strip()
        declaration.declared_at = now()
        declaration.save()
        declaration.conflicts.set(conflicts)
        declared = {n.pk for n in conflicts}
        dropped = []
        for assignment in JudgeAssignment.objects.filter(
            judge=judge, nomination__cycle=cycle, submitted_at__isnull=True
        ).select_related("nomination"):
            if conflicted(declaration, assignment.nomination, declared):
                dropped.append(assignment.nomination_id)
                assignment.delete()
        record_audit(action="awards.judge.declared", obj=declaration, actor=judge,
                     data={"organisation": organisation, "conflicts": sorted(declared),
                           "dropped_assignments": dropped})
    return declaration
