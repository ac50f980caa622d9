"""Who may do what in the awards.

The secretariat is a role (the "Awards secretariat" group, granted ``awards.change_nomination``).
A judge is a person on a category's panel; they score only the nominations they were assigned,
and only once they have declared their organisation and conflicts (a nomination they declared a
conflict with, or from their own organisation, is never assigned to them). A nominator sees their
own nominations.

- ``awards.manage_awards``: the secretariat (its desk, screening, results, publication)
- ``awards.read_nomination`` (nomination): its nominator, the secretariat, its assigned judges
- ``awards.judge_cycle`` (cycle): a judge on the panel of one of the cycle's categories
- ``awards.score_nomination`` (nomination): a judge assigned to it who has declared
- ``awards.view_other_scores`` (nomination): the secretariat; a judge once their own are in
- ``awards.download_certificate`` (certificate): anyone once published and not revoked;
  otherwise its nominator and the secretariat
"""

import rules
from django.db.models import Q

from conference.common.permissions import granted, is_authenticated

from .models import CategoryJudge, JudgeAssignment, JudgeDeclaration

is_secretariat = granted("awards.change_nomination")


@rules.predicate
def is_nominator(user, nomination) -> bool:
    return nomination is not None and nomination.nominator_id == user.pk


@rules.predicate
def is_panel_judge(user, cycle) -> bool:
    """On the judging panel of a category of ``cycle``."""
    return cycle is not None and CategoryJudge.objects.filter(
        category__cycle=cycle, user_id=user.pk
    ).exists()


@rules.predicate
def is_assigned_judge(user, nomination) -> bool:
    """Assigned to ``nomination``, with their declaration of conflicts on record."""
    return nomination is not None and (
        JudgeAssignment.objects.filter(nomination=nomination, judge_id=user.pk).exists()
        and JudgeDeclaration.objects.filter(cycle_id=nomination.cycle_id,
                                            judge_id=user.pk).exists()
    )


@rules.predicate
def has_submitted_scores(user, nomination) -> bool:
    return nomination is not None and JudgeAssignment.objects.filter(
        nomination=nomination, judge_id=user.pk, submitted_at__isnull=False
    ).exists()


@rules.predicate
def is_public_certificate(user, certificate) -> bool:
    """Published results, and the certificate not revoked: anyone may verify and download it."""
    return certificate is not None and (
        certificate.nomination.cycle.results_published_at is not None
        and not certificate.revoked_at
    )


@rules.predicate
def is_certificate_nominator(user, certificate) -> bool:
    return certificate is not None and certificate.nomination.nominator_id == user.pk


def sits_on_a_panel() -> Q:
    """Users on the judging panel of any category (see accounts.roles.MFA_REQUIRED_WHEN)."""
    return Q(award_panels__isnull=False)


rules.add_perm("awards.manage_awards", is_secretariat)
rules.add_perm("awards.read_nomination",
               is_authenticated & (is_nominator | is_secretariat | is_assigned_judge))
rules.add_perm("awards.judge_cycle", is_authenticated & is_panel_judge)
rules.add_perm("awards.score_nomination", is_authenticated & is_assigned_judge)
rules.add_perm("awards.view_other_scores",
               is_authenticated & (is_secretariat | has_submitted_scores))
rules.add_perm("awards.download_certificate",
               is_public_certificate
               | (is_authenticated & (is_certificate_nominator | is_secretariat)))
