"""Results of a category: the arithmetic, kept apart from the database so it can be checked by hand.

* A judge's score for a nomination is the weighted mean of the *counted* criteria they scored,
  each first brought to 0-100 on its own scale: ``100 * (value - min) / (max - min)``. Shown-only
  criteria and optional criteria left blank do not count (their weight leaves the denominator too).
* A nomination's jury score is the mean of its judges' scores; the median and the spread
  (population standard deviation, and lowest-highest) are shown next to it.
* With normalisation on, each judge's scores in the category become z-scores
  ``(x - mean_judge) / stdev_judge`` (population; a judge who gave everyone the same score gives
  z = 0), so a harsh and a generous judge weigh the same; the jury score is then the mean z.
* With a public-vote share ``p`` (percent), the final result is ``(1 - p) * jury + p * vote``,
  where vote is ``100 * votes / most votes`` on the raw scale, or the z-score of the vote counts
  when normalising.
* Ranking: competition ranking on the final result rounded to 4 decimals ("1, 2, 2, 4");
  equal results are shown as ties.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from statistics import mean, median, pstdev

PLACES = 4


@dataclass(frozen=True)
class CriterionSpec:
    id: int
    weight: Decimal
    scale_min: int
    scale_max: int
    counted: bool = True


@dataclass
class ResultRow:
    nomination: object
    judge_scores: dict = field(default_factory=dict)  # judge id -> 0..100
    judge_z: dict = field(default_factory=dict)  # judge id -> z
    jury: float | None = None
    mean: float | None = None
    median: float | None = None
    spread: float | None = None
    low: float | None = None
    high: float | None = None
    z_mean: float | None = None
    votes: int = 0
    vote_score: float = 0.0
    final: float | None = None
    rank: int | None = None
    tied: bool = False


def judge_score(values: dict[int, Decimal], criteria: list[CriterionSpec]) -> float | None:
    """A judge's weighted score (0-100) from ``{criterion id: value}``; None if nothing counts."""
    numerator = Decimal(0)
    denominator = Decimal(0)
    for criterion in criteria:
        if not criterion.counted or criterion.id not in values or criterion.weight == 0:
            continue
        span = Decimal(criterion.scale_max - criterion.scale_min)
        normal = Decimal(100) * (Decimal(values[criterion.id]) - criterion.scale_min) / span
        numerator += criterion.weight * normal
        denominator += criterion.weight
    if denominator == 0:
        return None
    return float(numerator / denominator)


def z_scores(by_judge: dict) -> dict:
    """``{judge: {nomination: score}}`` -> the same shape in z-scores (population stdev)."""
    out = {}
    for judge, scores in by_judge.items():
        values = list(scores.values())
        mu = mean(values)
        sigma = pstdev(values) if len(values) > 1 else 0.0
        out[judge] = {
            nom: (0.0 if sigma == 0 else (value - mu) / sigma) for nom, value in scores.items()
        }
    return out


def rank_rows(rows: list[ResultRow]) -> list[ResultRow]:
    """Sort by final result, best first; equal (rounded) results share a rank and are ties."""
    scored = [row for row in rows if row.final is not None]
    unscored = [row for row in rows if row.final is None]
    scored.sort(key=lambda row: -round(row.final, PLACES))
    previous = None
    for index, row in enumerate(scored):
        key = round(row.final, PLACES)
        row.rank = scored[index - 1].rank if previous == key else index + 1
        previous = key
    counts: dict = {}
    for row in scored:
        counts[row.rank] = counts.get(row.rank, 0) + 1
    for row in scored:
        row.tied = counts[row.rank] > 1
    return scored + unscored


def compute_results(
    *,
    nominations: list,
    criteria: list[CriterionSpec],
    submitted: dict,  # {(nomination, judge): {criterion id: value}}
    normalise: bool = False,
    votes: dict | None = None,  # {nomination: count}
    vote_share: int = 0,
) -> list[ResultRow]:
    """Rows for each nomination, ranked. Pure: the inputs are plain values."""
    votes = votes or {}
    rows = {nom: ResultRow(nomination=nom, votes=votes.get(nom, 0)) for nom in nominations}
    by_judge: dict = {}
    for (nom, judge), values in submitted.items():
        if nom not in rows:
            continue
        score = judge_score(values, criteria)
        if score is None:
            continue
        rows[nom].judge_scores[judge] = score
        by_judge.setdefault(judge, {})[nom] = score
    if normalise:
        for judge, scores in z_scores(by_judge).items():
            for nom, z in scores.items():
                rows[nom].judge_z[judge] = z
    for row in rows.values():
        values = list(row.judge_scores.values())
        if values:
            row.mean = mean(values)
            row.median = median(values)
            row.spread = pstdev(values)
            row.low, row.high = min(values), max(values)
        if row.judge_z:
            row.z_mean = mean(row.judge_z.values())
        row.jury = row.z_mean if normalise else row.mean

    share = max(0, min(vote_share, 100)) / 100
    if share:
        counts = {nom: rows[nom].votes for nom in rows}
        if normalise:
            vote_z = z_scores({"public": counts})["public"] if counts else {}
            for nom, row in rows.items():
                row.vote_score = vote_z.get(nom, 0.0)
        else:
            most = max(counts.values(), default=0)
            for row in rows.values():
                row.vote_score = 100 * row.votes / most if most else 0.0
    for row in rows.values():
        if row.jury is None:
            row.final = None
        else:
            row.final = (1 - share) * row.jury + share * row.vote_score
    return rank_rows(list(rows.values()))
