"""Leaderboard points for one answered question.

The formula (copy this into the README as is):

    base      = 10 (easy) | 20 (medium) | 30 (hard)
    earned    = 10 x score / 100 + (base - 10) x max(0, score - 50) / 50
                # difficulty pays only for the part of the score above 50: below 50 every
                # question earns what an easy one does, so a weak answer (< 50) to a hard
                # question never earns more than an answer of 50 or more to an easy one
    hints     = earned x (1 - 0.5 x hints_used / hints_available)      # all hints cost half
    on_time   = +10% of that when finished within the time limit (and not overtime)
    overtime  = x 0.5 when the answer came in after time was up
    peer      = +2 when another member reviewed the answer
    points    = round(total), never negative; a score of 0 always gives 0 points

With no hints available, hints cost nothing. `time_limit_s <= 0` means "untimed": no bonus.
"""

from __future__ import annotations

from bot.core.models import Difficulty

BASE_POINTS: dict[Difficulty, int] = {Difficulty.EASY: 10, Difficulty.MEDIUM: 20, Difficulty.HARD: 30}
DIFFICULTY_FROM = 50.0  # the score above which a harder question pays more
HINT_PENALTY_AT_ALL_HINTS = 0.5
ON_TIME_BONUS = 0.10
OVERTIME_FACTOR = 0.5
PEER_REVIEW_BONUS = 2


def compute_points(
    score: float,
    difficulty: Difficulty,
    hints_used: int,
    hints_available: int,
    time_used_s: float,
    time_limit_s: float,
    overtime: bool,
    peer_reviewed: bool,
) -> int:
    """Points for one answer; see the module docstring for the formula."""
    score = min(max(float(score), 0.0), 100.0)
    if score == 0:
        return 0
    easy = BASE_POINTS[Difficulty.EASY]
    bonus = BASE_POINTS[Difficulty(difficulty)] - easy
    earned = easy * score / 100 + bonus * max(0.0, score - DIFFICULTY_FROM) / (100 - DIFFICULTY_FROM)
    if hints_available > 0:
        share = min(max(hints_used, 0), hints_available) / hints_available
        earned *= 1 - HINT_PENALTY_AT_ALL_HINTS * share
    if overtime:
        earned *= OVERTIME_FACTOR
    elif time_limit_s > 0 and 0 <= time_used_s <= time_limit_s:
        earned *= 1 + ON_TIME_BONUS
    if peer_reviewed:
        earned += PEER_REVIEW_BONUS
    return max(0, round(earned))
