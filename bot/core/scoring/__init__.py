"""Pure-core answer scoring: rubric coverage, numbers, STAR structure, design coverage, points.

Public surface: `score_answer`, `score_choice`, `combine_with_tests` and the result types;
`bot.core.scoring.points.compute_points` turns a score into leaderboard points.
"""

from bot.core.scoring.points import compute_points
from bot.core.scoring.results import DesignReport, KeyPointResult, NumericVerdict, ScoreResult, StarReport
from bot.core.scoring.scorer import combine_with_tests, score_answer, score_choice

__all__ = [
    "DesignReport",
    "KeyPointResult",
    "NumericVerdict",
    "ScoreResult",
    "StarReport",
    "combine_with_tests",
    "compute_points",
    "score_answer",
    "score_choice",
]
