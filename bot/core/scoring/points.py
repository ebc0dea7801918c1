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

from dataclasses import dataclass
from typing import Literal

from bot.core.models import Difficulty

BASE_POINTS: dict[Difficulty, int] = {Difficulty.EASY: 10, Difficulty.MEDIUM: 20, Difficulty.HARD: 30}
DIFFICULTY_FROM = 50.0  # the score above which a harder question pays more
HINT_PENALTY_AT_ALL_HINTS = 0.5
ON_TIME_BONUS = 0.10
OVERTIME_FACTOR = 0.5
PEER_REVIEW_BONUS = 2


@dataclass(frozen=True, slots=True)
class PointStep:
    """One step of the formula: what it did (`change`: a factor, or the peer bonus added) and
    the running total after it. Front ends explain a round's points from these steps."""

    kind: Literal["earned", "hints", "overtime", "on_time", "peer"]
    change: float
    total: float


def point_steps(
    score: float,
    difficulty: Difficulty,
    hints_used: int,
    hints_available: int,
    *,
    on_time: bool,
    overtime: bool,
    peer_reviewed: bool,
) -> list[PointStep]:
    """The formula of the module docstring, step by step (steps that change nothing are left out)."""
    score = min(max(float(score), 0.0), 100.0)
    easy = BASE_POINTS[Difficulty.EASY]
    bonus = BASE_POINTS[Difficulty(difficulty)] - easy
    total = easy * score / 100 + bonus * max(0.0, score - DIFFICULTY_FROM) / (100 - DIFFICULTY_FROM)
    steps = [PointStep("earned", total, total)]
    if hints_available > 0 and hints_used > 0:
        factor = 1 - HINT_PENALTY_AT_ALL_HINTS * min(hints_used, hints_available) / hints_available
        total *= factor
        steps.append(PointStep("hints", factor, total))
    if overtime:
        total *= OVERTIME_FACTOR
        steps.append(PointStep("overtime", OVERTIME_FACTOR, total))
    elif on_time:
        total *= 1 + ON_TIME_BONUS
        steps.append(PointStep("on_time", 1 + ON_TIME_BONUS, total))
    if peer_reviewed:
        total += PEER_REVIEW_BONUS
        steps.append(PointStep("peer", PEER_REVIEW_BONUS, total))
    return steps


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
    if min(max(float(score), 0.0), 100.0) == 0:
        return 0
    on_time = time_limit_s > 0 and 0 <= time_used_s <= time_limit_s
    steps = point_steps(
        score, difficulty, hints_used, max(hints_available, 0),
        on_time=on_time, overtime=overtime, peer_reviewed=peer_reviewed,
    )  # fmt: skip
    return max(0, round(steps[-1].total))
