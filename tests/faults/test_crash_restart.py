"""SIGKILL the real bot process at 20 random moments while members answer; nothing acknowledged is lost.

The bot runs as `python -m bot run` against a loopback FakeDiscord. Rounds are opened through
/mock start, then (with the bot down) their deadlines and timers are moved a few seconds ahead in
the database, because a child process's clock cannot be faked. Members keep posting thread
messages and submitting the answer form while the bot is killed and restarted.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from tests.fakediscord import FakeDiscord
from tests.fakediscord.interactions import InteractionTimeout
from tests.faults.botprocess import BotProcess

pytestmark = [pytest.mark.timeout(240), pytest.mark.slow]  # ~70 s: `scripts/test.sh --fast` skips it

KILLS = 20
MEMBERS = 4
SEED = 20260108
ANSWER = "Bias comes from wrong assumptions; variance from sensitivity to the sample. Part {n}."


def thread_of(followup: dict[str, Any]) -> str:
    return followup["content"].split("<#", 1)[1].split(">", 1)[0]


def button(message: dict[str, Any], label: str) -> str:
    for row in message["components"]:
        for component in row["components"]:
            if component.get("label") == label:
                return component["custom_id"]
    raise AssertionError(f"no {label!r} button")


def shorten_rounds(db_path: Path, rng: random.Random, earliest: float, latest: float) -> None:
    """With the bot down: every open round ends `earliest..latest` s from now, warnings before it."""
    conn = sqlite3.connect(db_path)
    now = time.time()
    with conn:
        open_ids = [
            r for (r,) in conn.execute("SELECT id FROM rounds WHERE status IN ('asked', 'answering')")
        ]
        for round_id in open_ids:
            length = rng.uniform(earliest, latest)
            conn.execute(
                "UPDATE rounds SET started_at = ?, deadline = ? WHERE id = ?", (now, now + length, round_id)
            )
            for kind, share in (("half_time", 0.5), ("five_minutes", 0.75), ("time_up", 1.0)):
                conn.execute(
                    "INSERT INTO timers (kind, round_id, due_at, created_at) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (kind, round_id) DO UPDATE SET due_at = excluded.due_at",
                    (kind, round_id, now + share * length, now),
                )
    conn.close()


class Members:
    """Members answering as fast as people plausibly do, recording what the bot acknowledged."""

    def __init__(self, fake: FakeDiscord, rounds: dict[str, tuple[dict, str]], rng: random.Random) -> None:
        self.fake = fake
        self.rounds = rounds  # user id -> (user, thread id)
        self.rng = rng
        self.posted: list[tuple[str, str]] = []  # (thread id, message id) of every thread message
        self.acked_forms: list[str] = []  # interaction ids whose "Got it" came back
        self.modal_ids: dict[str, str] = {}
        self.n = 0

    async def answer_until(self, stop: asyncio.Event) -> None:
        await asyncio.gather(*(self._member(uid, stop) for uid in self.rounds))

    async def _member(self, uid: str, stop: asyncio.Event) -> None:
        user, thread = self.rounds[uid]
        while not stop.is_set():
            self.n += 1
            if self.rng.random() < 0.5:
                message = await self.fake.post_message(user, thread, ANSWER.format(n=self.n))
                self.posted.append((thread, message["id"]))
            else:
                it = await self.fake.submit_modal(
                    user, self.modal_ids[uid], {"answer": ANSWER.format(n=self.n)}
                )
                with contextlib.suppress(InteractionTimeout):
                    (reply,) = await it.followups(timeout=3.0)
                    if "Got it" in reply["content"] or "saved" in reply["content"]:
                        self.acked_forms.append(it.id)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.rng.uniform(0.05, 0.3))


async def open_rounds(fake: FakeDiscord, bot: BotProcess, users: list[dict], channel: dict) -> dict:
    rounds = {}
    for user in users:
        it = await fake.slash(user, "mock start", {"round": "ml_theory"}, channel=channel)
        (reply,) = await it.followups(timeout=10)
        thread = thread_of(reply)
        rounds[user["id"]] = (user, thread)
    return rounds


async def show_forms(fake: FakeDiscord, rounds: dict[str, tuple[dict, str]]) -> dict[str, str]:
    """Each member clicks Answer once; the form's custom_id stays valid across restarts."""
    modal_ids = {}
    for uid, (user, thread) in rounds.items():
        question = await fake.wait_for_message(thread, lambda m: bool(m.get("components")), timeout=10)
        opened = await fake.click(user, question, button(question, "Answer"))
        modal_ids[uid] = (await opened.response(timeout=10))["data"]["custom_id"]
    return modal_ids


def bot_posts(fake: FakeDiscord, thread: str, needle: str) -> int:
    bot_id = fake.world.bot_user["id"]
    return sum(
        1
        for m in fake.world.messages.values()
        if m["channel_id"] == thread and m["author"]["id"] == bot_id and needle in (m.get("content") or "")
    )


async def test_sigkill_at_random_moments_loses_no_acknowledged_answer_and_repeats_no_timer(
    tmp_path: Path,
) -> None:
    rng = random.Random(SEED)
    async with FakeDiscord() as fake:
        guild = fake.add_guild("Crash Club")
        channel = fake.add_channel(guild, "practice")
        users = [fake.add_user(f"member{i}") for i in range(MEMBERS)]
        for user in users:
            fake.add_member(guild, user)
        db_path = tmp_path / "bot.db"
        bot = BotProcess(fake, db_path, tmp_path, dev_guild=guild.id)
        try:
            bot.start()
            await bot.wait_identified(0)
            await asyncio.sleep(0.5)  # command sync
            rounds = await open_rounds(fake, bot, users, channel)
            members = Members(fake, rounds, rng)
            members.modal_ids = await show_forms(fake, rounds)
            bot.kill()
            shorten_rounds(db_path, rng, earliest=8.0, latest=45.0)
            latest_deadline = time.time() + 45.0

            for _ in range(KILLS):
                stop = asyncio.Event()
                bot.start()
                answering = asyncio.create_task(members.answer_until(stop))
                await asyncio.sleep(rng.uniform(0.3, 3.5))  # some during start-up, most while serving
                bot.kill()
                stop.set()
                await answering
            # The last life: no more kills; every timer comes due and members stop answering.
            bot.start()
            stop = asyncio.Event()
            answering = asyncio.create_task(members.answer_until(stop))
            await asyncio.sleep(2.0)
            stop.set()
            await answering
            # grace for the last life's time-ups: every round is scored and posted in one burst
            await asyncio.sleep(max(0.0, latest_deadline - time.time()) + 8.0)

            conn = sqlite3.connect(db_path)
            stored = {eid for (eid,) in conn.execute("SELECT external_id FROM answer_parts")}
            statuses = dict(conn.execute("SELECT thread_id, status FROM rounds"))
            scores = dict(conn.execute("SELECT round_id, count(*) FROM scores GROUP BY round_id"))
            pending = conn.execute("SELECT count(*) FROM timers").fetchone()[0]
            conn.close()
        finally:
            bot.kill()

        assert bot.starts == KILLS + 2
        lost_forms = [i for i in members.acked_forms if f"i{i}" not in stored]
        assert members.acked_forms and lost_forms == [], bot.log_tail()
        # Thread messages need no reply to count: ones sent while the bot was down are read back on start.
        lost_messages = [m for _, m in members.posted if f"m{m}" not in stored]
        assert members.posted and lost_messages == [], bot.log_tail()
        assert pending == 0
        for _, thread in rounds.values():
            assert statuses[int(thread)] == "timed_out"
            assert bot_posts(fake, thread, "Half time") == 1, thread
            assert bot_posts(fake, thread, "5 minutes left") == 1, thread
            assert bot_posts(fake, thread, "Time is up") == 1, thread
        assert all(count == 1 for count in scores.values()) and len(scores) == MEMBERS
        assert fake.rejected == []
