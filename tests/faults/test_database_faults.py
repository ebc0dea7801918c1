"""The database says no (locked past the busy timeout, full, read-only) while a member acts.

Each time the member must read a clear "try again" message through the real client, the bot
must keep serving, and no table may hold a half-written step.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import pytest

from bot.discordbot.client import MockloopBot
from bot.storage.database import BUSY_TIMEOUT_MS
from tests.e2e.conftest import BotRunner, assert_clean
from tests.fakediscord import FakeDiscord
from tests.faults.helpers import button, open_form, reply_text, row_counts, start_round

ANSWER = "Bias is the error from wrong assumptions; variance is sensitivity to the training set. " * 3
# Big enough that two never share one 4 KiB page: storing the second needs the file to grow.
BIG_ANSWER = ("Regularisation trades a little bias for less variance. " * 60)[:3000]


@asynccontextmanager
async def locked(bot: MockloopBot) -> AsyncIterator[str]:
    """Another process holds the write lock for longer than the bot's busy timeout."""
    other = sqlite3.connect(bot.services.interviews.db.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield "busy"
    finally:
        other.execute("ROLLBACK")
        other.close()


@asynccontextmanager
async def full(bot: MockloopBot) -> AsyncIterator[str]:
    """The file may not grow by one more page (a full disk looks the same to SQLite).

    Writes that fit in pages the file already has still succeed, as on a real full disk, so
    the test first fills the answer page and then sends an answer that needs a new one.
    """
    conn = bot.services.interviews.db.conn
    await conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert (await (await conn.execute("PRAGMA freelist_count")).fetchone())[0] == 0
    pages = (await (await conn.execute("PRAGMA page_count")).fetchone())[0]
    await conn.execute(f"PRAGMA max_page_count = {pages}")
    try:
        yield "full"
    finally:
        await conn.execute("PRAGMA max_page_count = 1073741823")


@asynccontextmanager
async def read_only(bot: MockloopBot) -> AsyncIterator[str]:
    """Writes are refused as on a read-only mount (query_only: root ignores file modes)."""
    conn = bot.services.interviews.db.conn
    await conn.execute("PRAGMA query_only = ON")
    try:
        yield "read-only"
    finally:
        await conn.execute("PRAGMA query_only = OFF")


FAULTS: dict[str, Callable[[MockloopBot], AbstractAsyncContextManager[str]]] = {
    "locked": locked,
    "full": full,
    "read_only": read_only,
}


async def try_start(fake: FakeDiscord, user: dict, ctx: dict[str, Any]) -> str:
    it = await fake.slash(user, "mock start", {"round": "ml_theory"})
    (reply,) = await it.followups(timeout=10)
    return reply_text(reply)


async def try_form(fake: FakeDiscord, user: dict, ctx: dict[str, Any]) -> str:
    it = await fake.submit_modal(user, ctx["form"], {"answer": BIG_ANSWER})
    (reply,) = await it.followups(timeout=10)
    return reply_text(reply)


async def try_message(fake: FakeDiscord, user: dict, ctx: dict[str, Any]) -> str:
    await fake.post_message(user, ctx["thread"], BIG_ANSWER)
    said = await fake.wait_for_message(ctx["thread"]["id"], lambda m: "try again" in (m["content"] or ""), 10)
    return reply_text(said)


async def try_hint(fake: FakeDiscord, user: dict, ctx: dict[str, Any]) -> str:
    it = await fake.click(user, ctx["question"], button(ctx["question"], "Hint"))
    response = await it.response(timeout=10)
    if response["type"] == 4:
        return reply_text(response["data"])
    (reply,) = await it.followups(timeout=10)
    return reply_text(reply)


ACTIONS = {"start": try_start, "form": try_form, "message": try_message, "hint": try_hint}


# A full file only stops writes that need a new page: starting a round or taking a hint on a
# nearly empty database rewrites pages in place and rightly succeeds, so those pairs are left out.
CASES = [(a, f) for f in FAULTS for a in ACTIONS if not (f == "full" and a in ("start", "hint"))]


@pytest.mark.parametrize(("action", "fault"), CASES)
async def test_member_is_told_to_try_again_and_nothing_half_written_remains(
    fake: FakeDiscord, bot: MockloopBot, users: dict, runner: BotRunner, fault: str, action: str
) -> None:
    alice, bob = users["alice"], users["bob"]
    ctx: dict[str, Any] = {}
    if action != "start":
        ctx["thread"], ctx["question"] = await start_round(fake, alice)
        ctx["form"] = await open_form(fake, alice, ctx["question"])
        first = await fake.submit_modal(alice, ctx["form"], {"answer": BIG_ANSWER})
        assert "Got it" in reply_text((await first.followups())[0])
    before = row_counts(runner.db_path)

    loop = asyncio.get_running_loop()
    async with FAULTS[fault](bot) as why:
        began = loop.time()
        text = await ACTIONS[action](fake, alice, ctx)
        took = loop.time() - began

    assert f"the database is {why}" in text and "try again" in text.lower(), text
    assert row_counts(runner.db_path) == before
    if fault == "locked":
        assert took >= BUSY_TIMEOUT_MS / 1000 - 0.5  # it really waited out the busy timeout first
    # The bot keeps serving: the same step works once the database is back, and others are unaffected.
    again = await ACTIONS[action](fake, alice, ctx) if action != "message" else None
    if again is not None:
        assert "try again" not in again.lower(), again
    await start_round(fake, bob)
    assert_clean(fake)


@pytest.mark.parametrize(
    ("command", "options", "permissions"),
    [
        ("mockadmin timeup", {"mode": "soft"}, 1 << 5),
        ("mockadmin pointscap", {"points": 90}, 1 << 5),
        ("group create", {"name": "Night Owls"}, None),
    ],
)
async def test_settings_and_groups_defer_under_a_lock_and_say_try_again(
    fake: FakeDiscord,
    bot: MockloopBot,
    users: dict,
    runner: BotRunner,
    command: str,
    options: dict,
    permissions: int | None,
) -> None:
    before = row_counts(runner.db_path)
    async with locked(bot):
        it = await fake.slash(users["alice"], command, options, permissions=permissions)
        assert (await it.response(timeout=10))["type"] == 5  # deferred inside Discord's 3 s
        (reply,) = await it.followups(timeout=10)
    text = reply_text(reply)
    assert "the database is busy" in text and "try again" in text.lower(), text
    assert row_counts(runner.db_path) == before
    it = await fake.slash(users["alice"], command, options, permissions=permissions)
    assert "try again" not in reply_text((await it.response(timeout=10))["data"]).lower()
    assert_clean(fake)
