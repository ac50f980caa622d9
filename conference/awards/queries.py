"""Reads of the awards: who judges what, conflicts of interest, results of a category,
laureates."""

from django.db.models import Count, Prefetch

from .enums import JUDGED, ConsentState, NominationStatus
from .models import (
    AwardCategory,
    AwardCycle,
    Certificate,
    JudgeAssignment,
    JudgeDeclaration,
    Nomination,
    Score,
    Vote,
)
from .results import CriterionSpec, compute_results

S = NominationStatus


def visible_assignments(*, user, nomination: Nomination) -> list[JudgeAssignment]:
    """The assignments (with scores) ``user`` may read for ``nomination``."""
    queryset = JudgeAssignment.objects.filter(nomination=nomination).select_related(
        "judge"
    ).prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
    if not user.has_perm("awards.view_other_scores", nomination):
        queryset = queryset.filter(judge=user)
    elif not user.has_perm("awards.manage_awards"):
        # Drafts stay private to their judge, even for others who have submitted.
        queryset = queryset.filter(submitted_at__isnull=False)
    return list(queryset)


def judge_categories(cycle: AwardCycle, judge) -> list[AwardCategory]:
    """The categories of ``cycle`` on whose panel ``judge`` sits."""
    return list(AwardCategory.objects.filter(cycle=cycle, judges__user=judge).distinct())


def conflicted(declaration: JudgeDeclaration, nomination: Nomination, declared: set[int]
               ) -> bool:
    """Whether a judge may not review ``nomination``: declared (ids in ``declared``) or from the
    same organisation (compared without diacritics)."""
    if nomination.pk in declared:
        return True
    return bool(declaration.organisation_folded) and (
        declaration.organisation_folded == nomination.organisation_folded
    )


def conflict_pairs(cycle: AwardCycle, nominations, judges) -> set[tuple[int, int]]:
    """(nomination id, judge id) pairs a judge may not review: declared, or same organisation."""
    declarations = {
        d.judge_id: d
        for d in JudgeDeclaration.objects.filter(cycle=cycle, judge__in=judges)
        .prefetch_related("conflicts")
    }
    pairs = set()
    for judge in judges:
        declaration = declarations.get(judge.pk)
        if declaration is None:
            continue
        declared = {n.pk for n in declaration.conflicts.all()}
        for nomination in nominations:
            if conflicted(declaration, nomination, declared):
                pairs.add((nomination.pk, judge.pk))
    return pairs


def criteria_specs(category: AwardCategory) -> list[CriterionSpec]:
    return [
        CriterionSpec(c.pk, c.weight, c.scale_min, c.scale_max, c.counted)
        for c in category.criteria.all()
    ]


def category_results(category: AwardCategory, *, normalise: bool | None = None):
    """Ranked results of a category from submitted scores (a fixed number of queries)."""
    cycle = category.cycle
    normalise = cycle.normalise_scores if normalise is None else normalise
    nominations = list(
        Nomination.objects.filter(category=category, status__in=JUDGED)
        .annotate(vote_count=Count("votes", distinct=True))
    )
    by_id = {n.pk: n for n in nominations}
    submitted: dict = {}
    for score in Score.objects.filter(
        assignment__nomination__in=nominations, assignment__submitted_at__isnull=False
    ).values("assignment__nomination_id", "assignment__judge_id", "criterion_id", "value"):
        key = (by_id[score["assignment__nomination_id"]], score["assignment__judge_id"])
        submitted.setdefault(key, {})[score["criterion_id"]] = score["value"]
    return compute_results(
        nominations=nominations,
        criteria=criteria_specs(category),
        submitted=submitted,
        normalise=normalise,
        votes={n: n.vote_count for n in nominations},
        vote_share=category.public_vote_share if category.public_vote_enabled else 0,
    )


def published_laureates(cycle: AwardCycle | None):
    """[(category, winners, finalists)] once the cycle's results are published; else []."""
    if cycle is None or cycle.results_published_at is None:
        return []
    nominations = (
        Nomination.objects.filter(
            cycle=cycle, status__in=(S.WINNER, S.FINALIST), consent_state=ConsentState.GIVEN
        )
        .select_related("category")
        .prefetch_related(Prefetch("key_figures"))
        .order_by("category__sort_order", "category_id", "nominee_name")
    )
    out: dict = {}
    for nomination in nominations:
        entry = out.setdefault(nomination.category_id, (nomination.category, [], []))
        (entry[1] if nomination.status == S.WINNER else entry[2]).append(nomination)
    return list(out.values())


def vote_counts(category: AwardCategory) -> dict[int, int]:
    return dict(
        Vote.objects.filter(category=category).values_list("nomination_id")
        .annotate(n=Count("pk")).values_list("nomination_id", "n")
    )


def valid_certificate(code: str) -> Certificate | None:
    return (
        Certificate.objects.filter(code=code)
        .select_related("nomination__category", "nomination__cycle__edition")
        .first()
    )


def outcome_counts(cycle: AwardCycle, *, unreleased_only: bool = False) -> dict[str, int]:
    """How many submitted nominations are winners, finalists and others (for a confirmation)."""
    nominations = Nomination.objects.filter(cycle=cycle).exclude(status=NominationStatus.DRAFT)
    if unreleased_only:
        nominations = nominations.filter(outcome_sent_at__isnull=True)
    by_status = dict(nominations.values_list("status").annotate(n=Count("pk")))
    winners = by_status.get(NominationStatus.WINNER, 0)
    finalists = by_status.get(NominationStatus.FINALIST, 0)
    return {"winners": winners, "finalists": finalists,
            "others": sum(by_status.values()) - winners - finalists}
