"""The weekly winners post: owed once per guild and week, in the guild's zone, restart-safe."""

from __future__ import annotations

import asyncio
import random

from bot.core.bank import QuestionBank
from bot.core.clock import FakeClock
from bot.service import InterviewService, Member
from bot.study import StudyService
from tests.study.conftest import GOOD, HALF, Player
from tests.study.conftest import MONDAY_2026_01_05 as MON

CHANNEL = 777
HOUR = 3600.0
DAY = 24 * HOUR


async def test_the_ended_week_is_owed_once_with_gaps_and_the_next_reset(
    study: StudyService, clock: FakeClock, player
) -> None:
    clock.set(MON + 10 * HOUR)
    await study.set_weekly(10, CHANNEL)
    ann, ben = player(1, "ann"), player(2, "ben")
    top = await ann.round(GOOD)
    low = await ben.round(HALF)
    assert await study.claim_due_weekly() == []  # the week is still running
    assert await study.next_weekly_due() == MON + 7 * DAY
    clock.set(MON + 7 * DAY + 5)
    (winners,) = await study.claim_due_weekly()
    assert winners.first_day.isoformat() == "2026-01-05" and winners.post.channel_id == CHANNEL
    assert [(w.name, w.points, w.gap) for w in winners.lines] == [
        ("ann", top.points, None),
        ("ben", low.points, top.points - low.points),
    ]
    assert winners.next_reset == MON + 14 * DAY
    assert await study.claim_due_weekly() == []  # claimed: never twice


async def test_weeks_follow_the_servers_zone_and_a_set_up_after_the_reset_is_not_owed_that_week(
    study: StudyService, clock: FakeClock, player
) -> None:
    await study.set_timezone(10, "America/New_York")  # Monday 00:00 there is 05:00 UTC
    clock.set(MON + 7 * DAY + 2 * HOUR)  # Sunday 21:00 in New York: the week has not ended there
    await study.set_weekly(10, CHANNEL)
    await player(1, "ann").round(GOOD)
    assert await study.claim_due_weekly() == []
    assert await study.next_weekly_due() == MON + 7 * DAY + 5 * HOUR
    clock.set(MON + 7 * DAY + 6 * HOUR)
    (winners,) = await study.claim_due_weekly()
    assert winners.first_day.isoformat() == "2026-01-05"
    clock.set(MON + 14 * DAY + 6 * HOUR)  # a week with no points: nothing to post
    assert await study.claim_due_weekly() == []
    await study.set_weekly(10, None)
    assert await study.next_weekly_due() is None


async def test_two_processes_claim_a_week_once(db_path: str, bank: QuestionBank, clock: FakeClock) -> None:
    clock.set(MON + 10 * HOUR)
    setup = await InterviewService.open(db_path, bank, clock, random.Random(1))
    await StudyService(setup).set_weekly(10, CHANNEL)

    await Player(setup, clock, Member(10, 1, "ann")).round(GOOD)
    await setup.close()
    clock.set(MON + 7 * DAY + HOUR)
    services = [await InterviewService.open(db_path, bank, clock, random.Random(1)) for _ in range(2)]
    try:
        claims = await asyncio.gather(*(StudyService(s).claim_due_weekly() for s in services))
    finally:
        for s in services:
            await s.close()
    assert sorted(len(c) for c in claims) == [0, 1]
