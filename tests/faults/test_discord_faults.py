"""Discord misbehaves mid-round: dropped gateway, 429 bursts, 500/502 answers, a slow database."""

from __future__ import annotations

import asyncio
import sqlite3

from bot.discordbot.client import MockloopBot
from bot.storage.database import BUSY_TIMEOUT_MS
from tests.e2e.conftest import BotRunner, assert_clean, wait_for
from tests.fakediscord import FakeDiscord
from tests.faults.helpers import button, open_form, reply_text, start_round

HALF_TIME = 30 * 60 + 1  # ml_theory rounds last 60 minutes
MESSAGES = r"^/channels/\d+/messages$"


def posts_in(fake: FakeDiscord, thread: dict, needle: str) -> int:
    bot_id = fake.world.bot_user["id"]
    return sum(
        1
        for m in fake.world.messages.values()
        if m["channel_id"] == thread["id"]
        and m["author"]["id"] == bot_id
        and needle in (m.get("content") or "")
    )


async def stored_parts(runner: BotRunner) -> list[str]:
    assert runner.bot is not None
    rows = await runner.bot.services.interviews.db.fetchall("SELECT content FROM answer_parts ORDER BY id")
    return [r["content"] for r in rows]


async def test_gateway_dropped_mid_round_resumes_and_the_round_goes_on(
    fake: FakeDiscord, bot: MockloopBot, users: dict, runner: BotRunner
) -> None:
    alice = users["alice"]
    thread, question = await start_round(fake, alice)
    fake.drop_gateway()
    await fake.post_message(alice, thread, "Written while the connection was down.")
    await fake.wait_resumed()
    assert fake.gateway.resumes == 1 and fake.gateway.identifies == 1  # resumed, not a new session
    await wait_for(lambda: _contains(runner, "Written while the connection was down."))

    form = await open_form(fake, alice, question)
    submitted = await fake.submit_modal(alice, form, {"answer": "And more after it came back."})
    assert "Got it" in reply_text((await submitted.followups())[0])
    await runner.advance(HALF_TIME)
    await fake.wait_for_message(thread["id"], lambda m: "Half time" in (m["content"] or ""))
    assert posts_in(fake, thread, "Half time") == 1
    assert_clean(fake)


async def _contains(runner: BotRunner, text: str) -> bool:
    return text in await stored_parts(runner)


async def test_a_burst_of_429s_delays_the_warning_but_it_arrives_once(
    fake: FakeDiscord, bot: MockloopBot, users: dict, runner: BotRunner
) -> None:
    thread, _ = await start_round(fake, users["alice"])
    burst = fake.inject("POST", MESSAGES, 429, times=4, retry_after=0.05)
    await runner.advance(HALF_TIME)
    await fake.wait_for_message(thread["id"], lambda m: "Half time" in (m["content"] or ""), timeout=10)
    assert burst.fired == 4
    await asyncio.sleep(0.2)
    assert posts_in(fake, thread, "Half time") == 1
    assert_clean(fake)


async def test_429_on_thread_creation_and_on_the_follow_up_are_waited_out(
    fake: FakeDiscord, bot: MockloopBot, users: dict
) -> None:
    threads = fake.inject("POST", r"/threads$", 429, times=2, retry_after=0.05)
    followups = fake.inject("POST", r"^/webhooks/", 429, times=2, retry_after=0.05)
    thread, _ = await start_round(fake, users["alice"])
    assert threads.fired == 2 and followups.fired == 2
    assert thread["type"] == 12
    assert_clean(fake)


async def test_500_and_502_answers_are_retried_and_nothing_is_posted_twice(
    fake: FakeDiscord, bot: MockloopBot, users: dict, runner: BotRunner
) -> None:
    alice = users["alice"]
    thread, question = await start_round(fake, alice)
    server_error = fake.inject("POST", MESSAGES, 500, times=1)
    await runner.advance(HALF_TIME)
    await fake.wait_for_message(thread["id"], lambda m: "Half time" in (m["content"] or ""), timeout=10)
    bad_gateway = fake.inject("POST", r"^/webhooks/", 502, times=1)
    form = await open_form(fake, alice, question)
    submitted = await fake.submit_modal(alice, form, {"answer": "Variance falls with more data."})
    assert "Got it" in reply_text((await submitted.followups(timeout=10))[0])
    assert server_error.fired == 1 and bad_gateway.fired == 1
    assert posts_in(fake, thread, "Half time") == 1
    assert (await stored_parts(runner)).count("Variance falls with more data.") == 1
    assert_clean(fake)


async def test_a_slow_database_is_answered_by_deferring_within_three_seconds(
    fake: FakeDiscord, bot: MockloopBot, users: dict
) -> None:
    """Another writer holds the lock for 4 s (under the busy timeout): the write waits, then succeeds."""
    alice = users["alice"]
    _, question = await start_round(fake, alice)
    assert BUSY_TIMEOUT_MS / 1000 > 4.0
    other = sqlite3.connect(bot.services.interviews.db.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    loop = asyncio.get_running_loop()
    try:
        began = loop.time()
        hint = await fake.click(alice, question, button(question, "Hint"))
        first = await hint.response(timeout=3.0)
        acked_after = loop.time() - began
        await asyncio.sleep(4.0 - (loop.time() - began))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert first["type"] == 5 and acked_after < 3.0  # "thinking…" in time
    (reply,) = await hint.followups(timeout=5)
    assert reply["content"] == "💡 **Hint 1/2:** Think about model complexity."
    assert_clean(fake)
