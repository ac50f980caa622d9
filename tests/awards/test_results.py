"""Scoring arithmetic on worked examples computed by hand (see conference/awards/results.py)."""

from decimal import Decimal
from math import sqrt

import pytest

from conference.awards.results import CriterionSpec, compute_results, judge_score, z_scores

# Vision: weight 3 on 0-10; Replicable: weight 1 on 1-5 (optional); Remarks: shown only.
VISION = CriterionSpec(1, Decimal(3), 0, 10)
REPLICABLE = CriterionSpec(2, Decimal(1), 1, 5)
REMARKS = CriterionSpec(3, Decimal(2), 0, 10, counted=False)
RUBRIC = [VISION, REPLICABLE, REMARKS]
# One criterion on 0-100, weight 1: a judge's score is the value itself.
PLAIN = [CriterionSpec(9, Decimal(1), 0, 100)]


def test_judge_score_weights_scales_and_excluded_criteria():
    # Vision 8/10 -> 80, Replicable 5 on 1-5 -> 100; Remarks is not counted.
    # (3 * 80 + 1 * 100) / (3 + 1) = 340 / 4 = 85
    assert judge_score({1: Decimal(8), 2: Decimal(5), 3: Decimal(0)}, RUBRIC) == 85.0
    # Vision 6 -> 60, Replicable 3 -> 50: (180 + 50) / 4 = 57.5
    assert judge_score({1: Decimal(6), 2: Decimal(3), 3: Decimal(10)}, RUBRIC) == 57.5
    # An optional criterion left blank leaves the denominator: Vision 10 alone -> 100.
    assert judge_score({1: Decimal(10)}, RUBRIC) == 100.0
    # Only a shown-only criterion: nothing counts.
    assert judge_score({3: Decimal(7)}, RUBRIC) is None
    # Half points are kept exactly: Vision 7.5 -> 75, Replicable 1 -> 0: 225 / 4
    assert judge_score({1: Decimal("7.5"), 2: Decimal(1)}, RUBRIC) == 56.25


def test_mean_median_spread_of_one_nomination():
    rows = compute_results(
        nominations=["X"], criteria=RUBRIC,
        submitted={
            ("X", "j1"): {1: Decimal(8), 2: Decimal(5), 3: Decimal(2)},  # 85
            ("X", "j2"): {1: Decimal(6), 2: Decimal(3)},  # 57.5
            ("X", "j3"): {1: Decimal(10)},  # 100
        },
    )
    row = rows[0]
    assert row.judge_scores == {"j1": 85.0, "j2": 57.5, "j3": 100.0}
    # mean = 242.5 / 3 = 485/6; deviations 25/6, -140/6, 115/6;
    # variance = (625 + 19600 + 13225) / 36 / 3 = 33450 / 108
    assert row.mean == pytest.approx(485 / 6, abs=1e-12)
    assert row.median == 85.0
    assert row.spread == pytest.approx(sqrt(33450 / 108), abs=1e-12)
    assert round(row.spread, 4) == 17.5989
    assert (row.low, row.high) == (57.5, 100.0)
    assert row.final == row.mean and row.rank == 1 and row.tied is False


def _harsh_generous():
    # Three judges, each nomination scored by two of them.
    # harsh H: P 40, Q 60 | generous G: Q 80, R 100 | middle M: P 90, R 70
    return {
        ("P", "H"): {9: Decimal(40)}, ("Q", "H"): {9: Decimal(60)},
        ("Q", "G"): {9: Decimal(80)}, ("R", "G"): {9: Decimal(100)},
        ("P", "M"): {9: Decimal(90)}, ("R", "M"): {9: Decimal(70)},
    }


def test_raw_ranking_favours_the_nominee_of_the_generous_judge():
    rows = compute_results(nominations=["P", "Q", "R"], criteria=PLAIN,
                           submitted=_harsh_generous())
    # P (40 + 90) / 2 = 65, Q (60 + 80) / 2 = 70, R (100 + 70) / 2 = 85
    assert [(r.nomination, r.mean, r.rank, r.tied) for r in rows] == [
        ("R", 85.0, 1, False), ("Q", 70.0, 2, False), ("P", 65.0, 3, False),
    ]
    assert rows[1].spread == 10.0  # Q: 60 and 80 around 70


def test_z_scores_make_harsh_and_generous_judges_weigh_the_same():
    rows = compute_results(nominations=["P", "Q", "R"], criteria=PLAIN,
                           submitted=_harsh_generous(), normalise=True)
    by_nom = {r.nomination: r for r in rows}
    # Each judge scored two nominations 20 points apart: mean in the middle, population
    # stdev 10, so z = -1 for the lower and +1 for the higher.
    assert by_nom["P"].judge_z == {"H": -1.0, "M": 1.0}
    assert by_nom["Q"].judge_z == {"H": 1.0, "G": -1.0}
    assert by_nom["R"].judge_z == {"G": 1.0, "M": -1.0}
    # Every nominee is once above and once below its judge's average: a three-way tie.
    assert [(r.z_mean, r.final, r.rank, r.tied) for r in rows] == [(0.0, 0.0, 1, True)] * 3
    # The raw mean is still shown next to it.
    assert by_nom["R"].mean == 85.0


def test_z_scores_of_one_judge_by_hand():
    # 40, 50, 60: mean 50, population stdev sqrt(200/3) = 8.1650
    z = z_scores({"H": {"a": 40.0, "b": 50.0, "c": 60.0}})["H"]
    assert z["b"] == 0.0
    assert z["a"] == pytest.approx(-10 / sqrt(200 / 3), abs=1e-12)
    assert round(z["c"], 4) == 1.2247
    # A judge who gave everyone the same score says nothing about the order: z = 0.
    assert z_scores({"F": {"a": 70.0, "b": 70.0}})["F"] == {"a": 0.0, "b": 0.0}


def test_ties_share_a_rank_and_the_next_rank_is_skipped():
    submitted = {(n, "j"): {9: Decimal(v)} for n, v in
                 [("A", 90), ("B", 80), ("C", 80), ("D", 70)]}
    submitted.update({(n, "k"): {9: Decimal(v)} for n, v in
                      [("A", 70), ("B", 60), ("C", 60), ("D", 40)]})
    rows = compute_results(nominations=["A", "B", "C", "D", "E"], criteria=PLAIN,
                           submitted=submitted)
    # A 80, B 70, C 70, D 55; E has no submitted scores and is listed last, unranked.
    assert [(r.nomination, r.final, r.rank, r.tied) for r in rows] == [
        ("A", 80.0, 1, False), ("B", 70.0, 2, True), ("C", 70.0, 2, True),
        ("D", 55.0, 4, False), ("E", None, None, False),
    ]


def test_public_vote_share_on_raw_scores():
    rows = compute_results(
        nominations=["P", "Q", "R"], criteria=PLAIN, submitted=_harsh_generous(),
        votes={"P": 10, "Q": 5, "R": 0}, vote_share=20,
    )
    by_nom = {r.nomination: r for r in rows}
    # vote score = 100 * votes / most votes: P 100, Q 50, R 0
    # final = 0.8 * jury + 0.2 * vote: P 52 + 20 = 72, Q 56 + 10 = 66, R 68 + 0 = 68
    assert by_nom["P"].final == pytest.approx(72.0, abs=1e-12)
    assert by_nom["Q"].final == pytest.approx(66.0, abs=1e-12)
    assert by_nom["R"].final == pytest.approx(68.0, abs=1e-12)
    assert [r.nomination for r in rows] == ["P", "R", "Q"]


def test_vote_share_zero_ignores_votes():
    rows = compute_results(nominations=["P", "Q", "R"], criteria=PLAIN,
                           submitted=_harsh_generous(), votes={"P": 1000}, vote_share=0)
    assert [r.nomination for r in rows] == ["R", "Q", "P"]
    assert rows[2].final == 65.0
