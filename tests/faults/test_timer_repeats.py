"""A timer whose message went out but whose row was not deleted must not post again.

The dispatcher deletes a timer row only after its handler succeeded, so a crash (or a failed
delete) in between makes the timer fire a second time. The second run must see that its
message is already in the round's thread and only finish the bookkeeping.
"""

from __future__ import annotations

import asyncio

from bot.core.bank import QuestionBank
from bot.core.errors import StorageUnavailable
from bot.core.rounds import TimerKind
from bot.service import RoundEvent
from tests.e2e.conftest import BotRunner, assert_clean, wait_for
from tests.fakediscord import FakeDiscord
from tests.faults.helpers import start_round

HALF_TIME = 30 * 60 + 1
TIME_UP = 30 * 60


def bot_posts(fake: FakeDiscord, thread: dict, needle: str) -> int:
    bot_id = fake.world.bot_user["id"]
    return sum(
        1
        for m in fake.world.messages.values()
        if m["channel_id"] == thread["id"] and m["author"]["id"] == bot_id and needle in (m["content"] or "")
    )


def results_in(fake: FakeDiscord, thread: dict) -> int:
    return sum(
        1
        for m in fake.world.messages.values()
        if m["channel_id"] == thread["id"]
        and any(e.get("title", "").startswith("Result") for e in m["embeds"])
    )


async def no_timers_left(runner: BotRunner) -> bool:
    assert runner.bot is not None
    return await runner.bot.services.interviews.db.scalar("SELECT count(*) FROM timers") == 0


async def test_process_dies_between_posting_and_deleting_the_timer(
    fake: FakeDiscord, bank: QuestionBank, users: dict, runner: BotRunner
) -> None:
    bot = await runner.start(bank)
    thread, _ = await start_round(fake, users["alice"])
    posted_then_stuck = asyncio.Event()

    async def die_before_delete(timer_ids: list[int]) -> None:
        posted_then_stuck.set()
        await asyncio.Event().wait()  # never returns: the process is killed here

    bot.services.interviews.timers.delete_done = die_before_delete  # type: ignore[method-assign]
    await runner.advance(HALF_TIME)
    await asyncio.wait_for(posted_then_stuck.wait(), 5)
    assert bot_posts(fake, thread, "Half time") == 1
    await runner.stop()

    await runner.start(bank)  # the half-time timer is still in the table, overdue
    await runner.advance(TIME_UP)  # and time runs out as well
    await wait_for(lambda: no_timers_left(runner))
    await fake.wait_for_message(thread["id"], lambda m: "Time is up" in (m["content"] or ""))
    assert bot_posts(fake, thread, "Half time") == 1
    assert bot_posts(fake, thread, "Time is up") == 1 and results_in(fake, thread) == 1
    assert_clean(fake)


async def test_process_dies_after_the_time_up_score_is_saved_but_before_it_is_posted(
    fake: FakeDiscord, bank: QuestionBank, users: dict, runner: BotRunner
) -> None:
    """The time-up handler saves the score (in one transaction with the round's other timers
    going), then posts. A crash in between must leave the time-up timer itself in the table,
    so the restarted bot still posts "Time is up" and the result, once each."""
    bot = await runner.start(bank)
    thread, _ = await start_round(fake, users["alice"])
    scored_then_stuck = asyncio.Event()

    async def die_before_posting_time_up(event: RoundEvent) -> None:
        if event.kind is TimerKind.TIME_UP:
            scored_then_stuck.set()
            await asyncio.Event().wait()  # never returns: the process is killed here

    bot.services.interviews.listeners.insert(0, die_before_posting_time_up)
    await runner.advance(HALF_TIME + TIME_UP)  # past the deadline: every timer of the round fires
    await asyncio.wait_for(scored_then_stuck.wait(), 5)
    db = bot.services.interviews.db
    assert await db.scalar("SELECT count(*) FROM scores") == 1
    assert bot_posts(fake, thread, "Time is up") == 0
    await runner.stop()

    await runner.start(bank)
    await runner.advance(1)
    await wait_for(lambda: no_timers_left(runner))
    await fake.wait_for_message(thread["id"], lambda m: any(e.get("title", "").startswith("Result") for e in m["embeds"]))
    assert bot_posts(fake, thread, "Time is up") == 1 and results_in(fake, thread) == 1
    assert bot_posts(fake, thread, "Half time") == 1 and bot_posts(fake, thread, "5 minutes left") == 1
    assert_clean(fake)


async def test_failed_delete_is_retried_without_posting_twice(
    fake: FakeDiscord, bank: QuestionBank, users: dict, runner: BotRunner
) -> None:
    bot = await runner.start(bank)
    thread, _ = await start_round(fake, users["alice"])
    real_delete = bot.services.interviews.timers.delete_done
    failures = []

    async def locked_once(timer_ids: list[int]) -> None:
        if not failures:
            failures.append(timer_ids)
            raise StorageUnavailable("the database is busy")
        await real_delete(timer_ids)

    bot.services.interviews.timers.delete_done = locked_once  # type: ignore[method-assign]
    await runner.advance(HALF_TIME)
    await fake.wait_for_message(thread["id"], lambda m: "Half time" in (m["content"] or ""))
    assert failures
    for _ in range(3):
        await runner.advance(3)  # past the first retry delay
    await wait_for(lambda: _half_time_gone(runner))
    assert bot_posts(fake, thread, "Half time") == 1
    assert_clean(fake)


async def _half_time_gone(runner: BotRunner) -> bool:
    assert runner.bot is not None
    return not await runner.bot.services.interviews.db.scalar(
        "SELECT count(*) FROM timers WHERE kind = 'half_time'"
    )


def posts_for(fake: FakeDiscord, channel: dict, user: dict, needle: str) -> int:
    bot_id = fake.world.bot_user["id"]
    return sum(
        1
        for m in fake.world.messages.values()
        if m["channel_id"] == channel["id"]
        and m["author"]["id"] == bot_id
        and needle in (m["content"] or "")
        and f"<@{user['id']}>" in (m["content"] or "")
    )


async def test_rounds_sharing_a_channel_each_get_their_warnings_once_across_a_crash(
    fake: FakeDiscord, bank: QuestionBank, users: dict, guild, runner: BotRunner
) -> None:
    """Where threads are not allowed, rounds live in the channel itself; after a crash between
    posting and deleting, each round must recognise its own messages and no one else's."""
    shared = fake.add_channel(guild, "no-threads", can_create_threads=False)
    bot = await runner.start(bank)
    members = [users["alice"], users["bob"]]
    for user in members:
        it = await fake.slash(user, "mock start", {"round": "ml_theory"}, channel=shared)
        (reply,) = await it.followups()
        assert "Threads aren't available here" in reply["content"]
    posted_then_stuck = asyncio.Event()

    async def die_before_delete(timer_ids: list[int]) -> None:
        posted_then_stuck.set()
        await asyncio.Event().wait()

    bot.services.interviews.timers.delete_done = die_before_delete  # type: ignore[method-assign]
    await runner.advance(HALF_TIME)
    await asyncio.wait_for(posted_then_stuck.wait(), 5)
    assert [posts_for(fake, shared, u, "Half time") for u in members] == [1, 1]
    await runner.stop()

    await runner.start(bank)
    await runner.advance(TIME_UP)
    await wait_for(lambda: no_timers_left(runner))
    for needle in ("Half time", "5 minutes left", "Time is up"):
        assert [posts_for(fake, shared, u, needle) for u in members] == [1, 1], needle
    assert_clean(fake)
