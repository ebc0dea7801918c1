"""The pure round state machine."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.core import rounds as r
from bot.core.errors import IllegalTransition
from bot.core.models import Difficulty, RoundType


def make(minutes: int = 60, mode: r.TimeUpMode = r.TimeUpMode.HARD, follow_ups: int = 2) -> r.Round:
    return r.new_round(
        guild_id=1,
        user_id=2,
        question_id="q",
        round_type=RoundType.ML_THEORY,
        difficulty=Difficulty.EASY,
        topic="probability",
        minutes=minutes,
        now=1000.0,
        time_up_mode=mode,
        follow_ups_total=follow_ups,
        hints_total=1,
    )


def test_full_path_through_follow_ups_to_done() -> None:
    rnd = make()
    part = r.add_part(rnd, 1010)
    assert part.round.status is r.RoundStatus.ANSWERING and not part.late and not part.overtime
    rnd = r.finish_answer(part.round, 1020)
    assert rnd.status is r.RoundStatus.FOLLOW_UPS and rnd.follow_up_index == 0
    assert r.add_part(rnd, 1030).kind is r.PartKind.FOLLOW_UP
    rnd = r.next_follow_up(rnd, 1030)
    assert rnd.follow_up_index == 1
    rnd = r.next_follow_up(rnd, 1040)
    assert rnd.status is r.RoundStatus.SCORING and rnd.ended_at == 1040
    assert r.mark_scored(rnd).status is r.RoundStatus.DONE


def test_done_before_any_answer_is_refused_with_a_reason() -> None:
    with pytest.raises(IllegalTransition, match="haven't answered"):
        r.finish_answer(make(), 1001)


def test_hard_time_up_closes_and_later_parts_are_late() -> None:
    rnd = r.time_up(r.add_part(make(minutes=45), 1001).round, 1000 + 45 * 60 + 3)
    assert rnd.status is r.RoundStatus.TIMED_OUT and rnd.ended_at == rnd.deadline
    late = r.add_part(rnd, rnd.deadline + 60)
    assert late.late and late.round.status is r.RoundStatus.TIMED_OUT
    with pytest.raises(IllegalTransition, match="Time is up"):
        r.use_hint(rnd)


def test_soft_time_up_keeps_the_round_open_and_marks_overtime() -> None:
    rnd = r.time_up(make(mode=r.TimeUpMode.SOFT), 1000 + 3600)
    assert rnd.status is r.RoundStatus.ASKED and rnd.overtime
    part = r.add_part(rnd, rnd.deadline + 10)
    assert part.overtime and not part.late


def test_time_up_after_the_round_ended_changes_nothing() -> None:
    rnd = r.give_up(make(), 1100)
    assert r.time_up(rnd, 99999) == rnd


def test_hints_run_out_with_a_clear_message() -> None:
    rnd = r.use_hint(make())
    with pytest.raises(IllegalTransition, match="no more hints"):
        r.use_hint(rnd)


def test_timer_plan_half_five_and_time_up() -> None:
    plans = r.plan_timers(make(minutes=60))
    assert [(p.kind, p.due_at - 1000) for p in plans] == [
        (r.TimerKind.HALF_TIME, 1800),
        (r.TimerKind.FIVE_MINUTES, 3300),
        (r.TimerKind.TIME_UP, 3600),
    ]
    short = r.plan_timers(make(minutes=8))  # 5-minutes-left would come before half time: skipped
    assert [p.kind for p in short] == [r.TimerKind.HALF_TIME, r.TimerKind.TIME_UP]


STEPS = {
    r.Action.ADD_PART: lambda rnd: r.add_part(rnd, 1001),
    r.Action.HINT: r.use_hint,
    r.Action.FINISH: lambda rnd: r.finish_answer(rnd, 1001),
    r.Action.NEXT_FOLLOW_UP: lambda rnd: r.next_follow_up(rnd, 1001),
    r.Action.GIVE_UP: lambda rnd: r.give_up(rnd, 1001),
    r.Action.MARK_SCORED: r.mark_scored,
}


@pytest.mark.parametrize("status", list(r.RoundStatus))
@pytest.mark.parametrize("action", list(STEPS))
def test_each_action_is_allowed_exactly_in_the_states_of_the_table(action, status) -> None:
    """The functions obey ALLOWED: outside its states an action is refused with a reason (a late
    answer part after a hard time-up is the one documented exception: kept, never scored)."""
    rnd = replace(make(), status=status)
    if action is r.Action.ADD_PART and status is r.RoundStatus.TIMED_OUT:
        assert STEPS[action](rnd).late
    elif status in r.ALLOWED[action] and not (action is r.Action.FINISH and status is r.RoundStatus.ASKED):
        STEPS[action](rnd)
    else:
        with pytest.raises(IllegalTransition):
            STEPS[action](rnd)


@pytest.mark.parametrize("status", list(r.RoundStatus))
def test_time_up_moves_only_the_states_of_the_table_and_is_a_no_op_elsewhere(status) -> None:
    rnd = replace(make(), status=status)
    after = r.time_up(rnd, rnd.deadline + 1)
    if status in r.ALLOWED[r.Action.TIME_UP]:
        assert after.status is r.RoundStatus.TIMED_OUT
    else:
        assert after == rnd
