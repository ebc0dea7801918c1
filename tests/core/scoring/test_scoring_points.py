"""The leaderboard points formula."""

from __future__ import annotations

import pytest

from bot.core.models import Difficulty
from bot.core.scoring.points import compute_points


def points(score: float = 100, difficulty: Difficulty = Difficulty.MEDIUM, **kw: object) -> int:
    args = {
        "hints_used": 0,
        "hints_available": 2,
        "time_used_s": 1200.0,
        "time_limit_s": 1800.0,
        "overtime": False,
        "peer_reviewed": False,
    }
    args.update(kw)
    return compute_points(score, difficulty, **args)  # type: ignore[arg-type]


def test_zero_score_gives_zero_even_with_bonuses() -> None:
    assert points(0, peer_reviewed=True) == 0


def test_harder_questions_give_more() -> None:
    easy, medium, hard = (points(100, d) for d in (Difficulty.EASY, Difficulty.MEDIUM, Difficulty.HARD))
    assert easy < medium < hard
    assert (easy, medium, hard) == (11, 22, 33)  # base 10/20/30 plus the 10% on-time bonus


def test_points_grow_with_score() -> None:
    assert points(40) < points(70) < points(100)


def test_hints_cost_up_to_half() -> None:
    none, one, all_ = points(hints_used=0), points(hints_used=1), points(hints_used=2)
    assert none > one > all_
    assert all_ == round(20 * 0.5 * 1.1)


def test_more_hints_than_available_count_as_all() -> None:
    assert points(hints_used=9) == points(hints_used=2)


def test_no_hints_available_means_no_penalty() -> None:
    assert points(hints_used=0, hints_available=0) == points()


def test_overtime_halves_and_loses_on_time_bonus() -> None:
    assert points(overtime=True, time_used_s=2000) == 10
    assert points(overtime=True) < points()


def test_finishing_late_without_overtime_flag_gets_no_bonus() -> None:
    assert points(time_used_s=1900) == 20


def test_untimed_round_gets_no_on_time_bonus() -> None:
    assert points(time_limit_s=0) == 20


def test_peer_review_adds_a_little() -> None:
    assert points(peer_reviewed=True) == points() + 2


@pytest.mark.parametrize("score", [-5, 0, 0.0])
def test_never_negative(score: float) -> None:
    assert points(score, hints_used=2, overtime=True) == 0


def test_scores_above_100_are_capped() -> None:
    assert points(150) == points(100)
