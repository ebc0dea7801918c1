"""The daily question: due once per guild-local day, restart-safe, scored, counted for streaks and points."""

from __future__ import annotations

import random

import pytest

from bot.core.bank import QuestionBank
from bot.core.clock import FakeClock
from bot.core.errors import InvalidOption
from bot.service import InterviewService, Member
from bot.study import StudyService
from tests.study.conftest import MONDAY_2026_01_05 as MON

CHANNEL = 555
HOUR = 3600.0


async def test_posted_once_at_the_set_time_then_again_the_next_day(
    study: StudyService, clock: FakeClock
) -> None:
    clock.set(MON + 8 * HOUR)
    await study.set_daily(10, CHANNEL, "09:30", "ml_theory")
    assert await study.claim_due_posts() == []
    assert await study.next_daily_due() == MON + 9.5 * HOUR
    clock.set(MON + 9.5 * HOUR)
    (claimed,) = await study.claim_due_posts()
    post, question = claimed
    assert (post.day, post.channel_id, question.answer.kind) == ("2026-01-05", CHANNEL, "choice")
    assert await study.claim_due_posts() == []
    clock.set(MON + 24 * HOUR + 9.5 * HOUR)
    (next_day,) = await study.claim_due_posts()
    assert next_day[0].day == "2026-01-06" and next_day[1].id != question.id  # rotates through the bank


async def test_set_up_after_todays_time_starts_tomorrow(study: StudyService, clock: FakeClock) -> None:
    clock.set(MON + 15 * HOUR)
    await study.set_daily(10, CHANNEL, "09:00")
    assert await study.claim_due_posts() == []
    clock.set(MON + 33 * HOUR)
    assert len(await study.claim_due_posts()) == 1


async def test_a_post_missed_while_down_is_claimed_once_across_restarts(
    db_path: str, bank: QuestionBank, clock: FakeClock
) -> None:
    clock.set(MON + 8 * HOUR)
    first = await InterviewService.open(db_path, bank, clock, random.Random(1))
    await StudyService(first).set_daily(10, CHANNEL, "09:00")
    await first.close()
    clock.set(MON + 14 * HOUR)  # "down" over 09:00
    claims = []
    for _ in range(3):  # three restarts on the same database
        service = await InterviewService.open(db_path, bank, clock, random.Random(1))
        claims += await StudyService(service).claim_due_posts()
        await service.close()
    assert [post.day for post, _ in claims] == ["2026-01-05"]


async def test_answers_score_count_for_points_and_streaks_once_each(
    study: StudyService, clock: FakeClock
) -> None:
    clock.set(MON + 9 * HOUR)
    await study.set_daily(10, CHANNEL, "09:00")
    ((post, question),) = await study.claim_due_posts()
    right = question.answer.correct[0]
    wrong = next(o.key for o in question.answer.options if o.key != right)
    ann, ben = Member(10, 1, "ann"), Member(10, 2, "ben")

    good = await study.answer_daily(ann, post.id, right)
    assert good.correct and good.first_time and good.points > 0 and good.answered == 1
    again = await study.answer_daily(ann, post.id, wrong)
    assert not again.first_time and again.chosen == right and again.points == good.points
    bad = await study.answer_daily(ben, post.id, wrong)
    assert not bad.correct and bad.points == 0 and bad.answered == 2

    board = await study.leaderboard(10, caller_id=2)
    assert [(line.name, line.points) for line in board.lines] == [("ann", good.points), ("ben", 0)]
    assert (await study.streak(10, 2)).current == 1  # a wrong answer still keeps the streak
    stats = await study.stats(10, 2)
    assert stats is not None and stats.daily_answered == 1 and stats.summary.rounds == 0


async def test_yesterdays_question_no_longer_takes_answers(study: StudyService, clock: FakeClock) -> None:
    clock.set(MON + 9 * HOUR)
    await study.set_daily(10, CHANNEL, "09:00")
    ((post, question),) = await study.claim_due_posts()
    clock.advance(24 * HOUR)
    with pytest.raises(InvalidOption, match="closed"):
        await study.answer_daily(Member(10, 1, "ann"), post.id, question.answer.correct[0])


async def test_bad_daily_settings_are_explained(study: StudyService) -> None:
    with pytest.raises(InvalidOption, match="HH:MM"):
        await study.set_daily(10, CHANNEL, "25:00")
    with pytest.raises(InvalidOption, match="no multiple-choice"):
        await study.set_daily(10, CHANNEL, "09:00", "coding")
    off = await study.set_daily(10, None)
    assert not off.daily_enabled
