"""A judge's scores for one nomination: saved as a draft, then submitted (final)."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from conference.common.services import record_audit

from ..enums import JUDGED
from ..models import Criterion, JudgeAssignment, JudgeDeclaration, Nomination, Score
from ..queries import conflicted
from .assignments import assignment_for
from .base import AwardsError, local_date, now


def save_scores(*, nomination: Nomination, judge, values: dict, comments: dict | None = None,
                comment: str = "", submit: bool = False) -> JudgeAssignment:
    """Save a judge's scores ({criterion id: value}); with ``submit`` they become final.

    Every value must lie within its criterion's scale; on submission every required criterion
    needs a score. Any error leaves the scores as they were.
    """
    comments = comments or {}
    with transaction.atomic():
        assignment = assignment_for(nomination=nomination, judge=judge)
        assignment = JudgeAssignment.objects.select_for_update().select_related(
            "nomination__cycle", "nomination__category"
        ).get(pk=assignment.pk)
        nomination = assignment.nomination
        _check_open(assignment)
        _check_no_conflict(assignment)
        criteria = {c.pk: c for c in nomination.category.criteria.all()}
        clean = _clean_values(criteria, values)
        if submit:
            missing = [str(c) for c in criteria.values() if c.required and c.pk not in clean]
            if missing:
                raise AwardsError(
                    _("Score every required criterion before submitting: %(names)s.")
                    % {"names": ", ".join(missing)},
                    code="scores_missing",
                )
        assignment.scores.exclude(criterion_id__in=clean).delete()
        for criterion_id, value in clean.items():
            Score.objects.update_or_create(
                assignment=assignment, criterion_id=criterion_id,
                defaults={"value": value,
                          "comment": (comments.get(criterion_id) or "").strip()},
            )
        assignment.comment = comment.strip()
        if submit:
            assignment.submitted_at = now()
        assignment.save()
        record_audit(
            action="awards.scores.submitted" if submit else "awards.scores.saved",
            obj=assignment, actor=judge,
            data={"nomination": nomination.pk,
                  "scores": {str(k): str(v) for k, v in clean.items()}},
        )
    return assignment


def _check_open(assignment: JudgeAssignment) -> None:
    """Scores change only while they are drafts, judging is open and the nomination judged."""
    if assignment.submitted_at:
        raise AwardsError(_("Your scores are submitted and can no longer be changed."),
                          code="scores_locked", status=409)
    cycle = assignment.nomination.cycle
    if not cycle.judging_is_open():
        raise AwardsError(
            _("Judging is open from %(start)s to %(end)s.")
            % {"start": local_date(cycle.judging_open), "end": local_date(cycle.judging_close)},
            code="judging_closed", status=409,
        )
    if assignment.nomination.status not in JUDGED:
        raise AwardsError(_("This nomination is not being judged."), code="not_judged",
                          status=409)


def _check_no_conflict(assignment: JudgeAssignment) -> None:
    """A judge scores only a nomination they have no conflict with, checked again now: the
    assignment was made before the nominee's organisation was corrected, a conflict was added
    behind the declaration service, or the assignment was made by hand."""
    nomination = assignment.nomination
    declaration = (JudgeDeclaration.objects.filter(cycle_id=nomination.cycle_id,
                                                   judge_id=assignment.judge_id)
                   .prefetch_related("conflicts").first())
    if declaration is None:
        raise AwardsError(
            _("Declare your organisation and conflicts of interest before scoring."),
            code="not_declared", status=403,
        )
    if conflicted(declaration, nomination, {n.pk for n in declaration.conflicts.all()}):
        raise AwardsError(
            _("You have a conflict of interest with this nomination (declared, or the same "
              "organisation): you cannot score it. Ask the secretariat to reassign it."),
            code="conflict", status=403,
        )


def _clean_values(criteria: dict[int, Criterion], values: dict) -> dict[int, Decimal]:
    """{criterion id: value} from the form's text, each within its scale and two decimals;
    blanks are left out."""
    clean: dict[int, Decimal] = {}
    for key, raw in values.items():
        criterion = criteria.get(int(key))
        if criterion is None:
            raise AwardsError(_("Unknown criterion."), code="bad_criterion")
        if raw in (None, ""):
            continue
        try:
            value = Decimal(str(raw).replace(",", "."))
        except InvalidOperation as exc:
            raise AwardsError(_("“%(criterion)s”: enter a number.")
                              % {"criterion": criterion}, code="not_a_number") from exc
        if not value.is_finite() or not (criterion.scale_min <= value <= criterion.scale_max):
            raise AwardsError(
                _("“%(criterion)s”: the score must be between %(min)s and %(max)s.")
                % {"criterion": criterion, "min": criterion.scale_min,
                   "max": criterion.scale_max},
                code="out_of_scale",
            )
        if value != value.quantize(Decimal("0.01")):
            raise AwardsError(_("“%(criterion)s”: use at most two decimals.")
                              % {"criterion": criterion}, code="too_precise")
        clean[criterion.pk] = value
    return clean
