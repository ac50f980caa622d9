"""Which judges review which nomination: balanced, free of conflicts, only declared judges."""

from django.db import transaction
from django.utils.translation import gettext as _

from conference.common.links import absolute_url
from conference.common.services import queue_email, record_audit

from ..assignment import InfeasibleAssignment, balanced_assignment
from ..enums import JUDGED
from ..models import AwardCategory, JudgeAssignment, JudgeDeclaration, Nomination
from ..queries import conflict_pairs
from .base import AwardsError


def assign_judges(*, category: AwardCategory, by) -> dict[int, list[int]]:
    """Give every judged nomination of the category the cycle's number of judges, balanced.

    Only judges who have declared their conflicts take part. Assignments a judge has started
    scoring are kept; the others are recomputed. Returns {nomination id: [judge ids]}.
    """
    with transaction.atomic():
        category = AwardCategory.objects.select_for_update().select_related("cycle").get(
            pk=category.pk
        )
        cycle = category.cycle
        nominations = list(
            Nomination.objects.filter(category=category, status__in=JUDGED).order_by("pk")
        )
        panel = [cj.user for cj in category.judges.select_related("user").order_by("user_id")]
        declared_ids = set(
            JudgeDeclaration.objects.filter(cycle=cycle, judge__in=panel)
            .values_list("judge_id", flat=True)
        )
        judges = [u for u in panel if u.pk in declared_ids]
        undeclared = [str(u) for u in panel if u.pk not in declared_ids]
        existing = JudgeAssignment.objects.filter(nomination__in=nominations)
        before = set(existing.values_list("nomination_id", "judge_id"))  # already told
        kept = set(
            existing.filter(scores__isnull=False).values_list("nomination_id", "judge_id")
        ) | set(existing.filter(submitted_at__isnull=False)
                .values_list("nomination_id", "judge_id"))
        try:
            plan = balanced_assignment(
                [n.pk for n in nominations], [j.pk for j in judges],
                cycle.judges_per_nomination, conflict_pairs(cycle, nominations, judges), kept,
            )
        except InfeasibleAssignment as exc:
            raise _infeasible(exc, nominations, undeclared) from exc
        existing.exclude(
            pk__in=[a.pk for a in existing if (a.nomination_id, a.judge_id) in kept]
        ).delete()
        new_pairs = [(nom, judge) for nom, chosen in plan.items() for judge in chosen
                     if (nom, judge) not in kept]
        JudgeAssignment.objects.bulk_create(
            JudgeAssignment(nomination_id=nom, judge_id=judge) for nom, judge in new_pairs
        )
        _email_judges(category, judges, [p for p in new_pairs if p not in before])
        record_audit(action="awards.judges.assigned", obj=category, actor=by,
                     data={"plan": {str(k): v for k, v in plan.items()},
                           "undeclared": undeclared})
    return plan


def _email_judges(category: AwardCategory, judges, pairs) -> None:
    """Tell each judge who got new nominations to review, in their language."""
    count: dict[int, int] = {}
    for _nomination, judge in pairs:
        count[judge] = count.get(judge, 0) + 1
    for judge in judges:
        if judge.pk not in count:
            continue
        language = getattr(judge, "language", "") or "vi"
        url = absolute_url("awards:judge_home", language)
        queue_email(to=judge.email, template="awards/judge_assigned", language=language,
                    context={"judge": judge, "category": category, "cycle": category.cycle,
                             "count": count[judge.pk], "url": url})


def _infeasible(exc: InfeasibleAssignment, nominations, undeclared: list[str]) -> AwardsError:
    by_id = {n.pk: n for n in nominations}
    message = _(
        "%(nominee)s can get only %(available)s of the %(needed)s judges it needs "
        "(conflicts of interest, or judges who have not declared yet)."
    ) % {"nominee": by_id[exc.nomination], "available": exc.available, "needed": exc.needed}
    if undeclared:
        message += " " + _("Not declared yet: %(names)s.") % {"names": ", ".join(undeclared)}
    return AwardsError(message, code="assignment_infeasible", status=409)


def assignment_for(*, nomination: Nomination, judge) -> JudgeAssignment:
    """The judge's assignment to ``nomination``; refused if they were not assigned to it."""
    assignment = JudgeAssignment.objects.filter(nomination=nomination, judge=judge).first()
    if assignment is None or not JudgeDeclaration.objects.filter(
        cycle_id=nomination.cycle_id, judge=judge
    ).exists():
        raise AwardsError(_("This nomination is not assigned to you."), code="not_assigned",
                          status=403)
    return assignment
