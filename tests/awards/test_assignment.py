"""Balanced judge assignment and conflicts of interest."""

import unicodedata
from collections import Counter

import pytest

from conference.awards import services
from conference.awards.assignment import InfeasibleAssignment, balanced_assignment
from conference.awards.enums import NominationStatus
from conference.awards.models import JudgeAssignment
from conference.common.models import AuditEntry

from .conftest import assign


def test_every_nomination_gets_the_same_number_of_judges_and_loads_are_balanced():
    noms = list(range(1, 8))  # 7 nominations x 3 judges = 21 reviews for 5 judges
    judges = ["a", "b", "c", "d", "e"]
    plan = balanced_assignment(noms, judges, 3)
    assert all(len(set(chosen)) == 3 for chosen in plan.values())
    loads = Counter(j for chosen in plan.values() for j in chosen)
    assert sum(loads.values()) == 21
    assert max(loads.values()) == 5  # ceil(21 / 5)


def test_conflicts_are_respected_and_load_stays_minimal():
    noms = [1, 2, 3, 4]
    judges = ["a", "b", "c"]
    conflicts = {(1, "a"), (2, "a")}
    plan = balanced_assignment(noms, judges, 2, conflicts)
    assert plan[1] and "a" not in plan[1] and "a" not in plan[2]
    assert sorted(plan[1]) == sorted(plan[2]) == ["b", "c"]
    loads = Counter(j for chosen in plan.values() for j in chosen)
    assert max(loads.values()) == 3  # 8 reviews, 3 judges: ceil(8/3) = 3, and it is reachable
    assert all(len(chosen) == 2 for chosen in plan.values())


def test_kept_assignments_count_towards_the_plan():
    plan = balanced_assignment([1, 2], ["a", "b", "c"], 2, fixed={(1, "c"), (2, "c")})
    assert "c" in plan[1] and "c" in plan[2]
    assert all(len(chosen) == 2 for chosen in plan.values())


def test_impossible_when_conflicts_leave_too_few_judges():
    with pytest.raises(InfeasibleAssignment) as info:
        balanced_assignment([1, 2], ["a", "b"], 2, {(2, "b")})
    assert (info.value.nomination, info.value.available, info.value.needed) == (2, 1, 2)


def test_judges_are_excluded_from_nominees_of_their_own_organisation(make_nomination, make_judge,
                                                                     category, secretariat):
    # Same organisation written differently: upper case, and decomposed accents (as some
    # phones type them). Folding makes them equal.
    own = make_nomination(NominationStatus.ELIGIBLE,
                          organisation="Sở Thông tin và Truyền thông Đà Nẵng", by=secretariat)
    other = make_nomination(NominationStatus.ELIGIBLE, organisation="UBND tỉnh Quảng Nam",
                            by=secretariat)
    insider = make_judge(organisation=unicodedata.normalize(
        "NFD", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG  ĐÀ NẴNG"))
    outsiders = [make_judge(), make_judge()]
    plan = services.assign_judges(category=category, by=secretariat)
    assert insider.pk not in plan[own.pk]
    assert sorted(plan[own.pk]) == sorted(j.pk for j in outsiders)
    assert len(plan[other.pk]) == 2
    assert set(JudgeAssignment.objects.filter(nomination=own).values_list("judge_id", flat=True)) \
        == {j.pk for j in outsiders}
    entry = AuditEntry.objects.get(action="awards.judges.assigned")
    assert entry.actor == secretariat


def test_declared_conflicts_and_undeclared_judges_are_left_out(make_nomination, make_judge,
                                                               category, secretariat):
    first = make_nomination(NominationStatus.ELIGIBLE, by=secretariat)
    second = make_nomination(NominationStatus.ELIGIBLE, name="Trần Văn B", by=secretariat)
    make_judge(conflicts=[first])
    undeclared = make_judge(declare=False)  # has not declared: takes no part
    fair = [make_judge(), make_judge()]
    plan = services.assign_judges(category=category, by=secretariat)
    assert sorted(plan[first.pk]) == sorted(j.pk for j in fair)
    assert len(plan[second.pk]) == 2
    assert not JudgeAssignment.objects.filter(judge=undeclared).exists()


def test_infeasible_assignment_is_refused_and_changes_nothing(make_nomination, make_judge,
                                                             category, secretariat):
    nomination = make_nomination(NominationStatus.ELIGIBLE, by=secretariat)
    judge = make_judge()
    make_judge(declare=False)
    assign(nomination, judge)
    with pytest.raises(services.AwardsError) as info:
        services.assign_judges(category=category, by=secretariat)
    assert info.value.code == "assignment_infeasible"
    assert "Nguyễn Thị Anh Thi" in info.value.message
    assert list(JudgeAssignment.objects.values_list("judge_id", flat=True)) == [judge.pk]


def test_declaring_a_conflict_later_drops_the_unsubmitted_assignment(make_nomination, make_judge,
                                                                    category, secretariat):
    nomination = make_nomination(NominationStatus.ELIGIBLE, by=secretariat)
    judge = make_judge()
    assign(nomination, judge)
    services.declare_conflicts(cycle=category.cycle, judge=judge, organisation="Đại học Đà Nẵng",
                               conflicts=[nomination])
    assert not JudgeAssignment.objects.filter(judge=judge).exists()


def test_only_panel_judges_can_declare(category, user_factory):
    with pytest.raises(services.AwardsError) as info:
        services.declare_conflicts(cycle=category.cycle, judge=user_factory(),
                                   organisation="X")
    assert info.value.code == "not_judge"
