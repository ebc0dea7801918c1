"""Points cannot be farmed: repeats within 30 days, abandoned rounds, the per-day cap."""

from __future__ import annotations

from bot.core.clock import FakeClock
from bot.core.farming import allowed_points, rules_text
from bot.study import StudyService
from tests.study.conftest import GOOD


def test_rule_table() -> None:
    assert allowed_points(20, repeated=True, earned_today=0, daily_cap=100) == 0
    assert allowed_points(20, repeated=False, earned_today=90, daily_cap=100) == 10
    assert allowed_points(20, repeated=False, earned_today=120, daily_cap=100) == 0
    assert allowed_points(0, repeated=False, earned_today=0, daily_cap=100) == 0


async def test_the_same_question_again_within_30_days_earns_nothing(player, clock: FakeClock) -> None:
    ann = player(1, "ann")
    first = await ann.round(GOOD, round_type="coding", minutes_used=20)  # the bank has one coding question
    assert first.points > 0
    clock.advance(86_400)
    again = await ann.round(GOOD, round_type="coding", minutes_used=20)
    assert again.question.id == first.question.id and again.score > 0 and again.points == 0
    clock.advance(31 * 86_400)
    later = await ann.round(GOOD, round_type="coding", minutes_used=20)
    assert later.points == first.points


async def test_a_different_member_may_answer_the_same_question(player) -> None:
    one = await player(1).round(GOOD, round_type="coding", minutes_used=20)
    two = await player(2).round(GOOD, round_type="coding", minutes_used=20)
    assert one.points == two.points > 0


async def test_daily_cap_limits_points_per_member_per_day(
    study: StudyService, player, clock: FakeClock
) -> None:
    ann = player(1, "ann")
    first = await ann.round(GOOD)
    await study.set_points_cap(10, first.points + 5)
    second = await ann.round(GOOD)
    third = await ann.round(GOOD)
    assert (second.points, third.points) == (5, 0)
    clock.advance(86_400)
    assert (await ann.round(GOOD)).points == first.points  # a new day, a fresh allowance
    board = await study.leaderboard(10, caller_id=1, period="all")
    assert board.lines[0].points == 2 * first.points + 5
    assert f"at most {first.points + 5} points per member per day" in rules_text(board.points_cap)
