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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.fakediscord import FakeDiscord
from tests.fakediscord.interactions import Interaction, InteractionTimeout
from tests.faults.botprocess import BotProcess
from tests.faults.helpers import reply_text

pytestmark = [pytest.mark.timeout(400), pytest.mark.slow]  # ~100 s: `scripts/test.sh --fast` skips it

KILLS = 20
MEMBERS = 4
SEED = 20260108
START_UP_KILLS = 0.3  # the share of lives killed while the bot starts; the rest while it serves
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


RECEIPTS = ("Got it", "is saved but not scored")  # the bot's two replies that say a form was stored


@dataclass
class FormReply:
    """One submitted form and what the bot answered to it, whenever the answer came."""

    interaction: Interaction
    thread: str
    life: int
    sent_at: float  # seconds since the test began

    @property
    def content(self) -> str | None:
        """The bot's follow-up(s), or None: it died (or was not up yet) before answering."""
        if not self.interaction.followup_ids:
            return None
        messages = self.interaction._messages
        return " | ".join(
            reply_text(messages[mid]) for mid in self.interaction.followup_ids if mid in messages
        )

    @property
    def receipt(self) -> bool:
        return self.content is not None and any(mark in self.content for mark in RECEIPTS)

    def __str__(self) -> str:
        return (
            f"form i{self.interaction.id} in thread {self.thread}, life {self.life}, "
            f"t={self.sent_at:.1f}s: {self.content!r}"
        )


class Members:
    """Members answering as fast as people plausibly do, recording every form they submit."""

    def __init__(self, fake: FakeDiscord, rounds: dict[str, tuple[dict, str]], rng: random.Random) -> None:
        self.fake = fake
        self.rounds = rounds  # user id -> (user, thread id)
        self.rng = rng
        self.posted: list[tuple[str, str]] = []  # (thread id, message id) of every thread message
        self.forms: list[FormReply] = []
        self.modal_ids: dict[str, str] = {}
        self.n = 0
        self.life = 0
        self.began = time.monotonic()

    @property
    def acked_forms(self) -> list[FormReply]:
        """Forms the bot gave a receipt for: those must be stored."""
        return [f for f in self.forms if f.receipt]

    @property
    def refused_forms(self) -> list[FormReply]:
        """Forms the bot answered without a receipt (e.g. "the database is busy ... nothing was saved")."""
        return [f for f in self.forms if f.content is not None and not f.receipt]

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
                sent_at = time.monotonic() - self.began
                it = await self.fake.submit_modal(
                    user, self.modal_ids[uid], {"answer": ANSWER.format(n=self.n)}
                )
                self.forms.append(FormReply(it, thread, self.life, sent_at))
                with contextlib.suppress(InteractionTimeout):
                    await it.followups(timeout=3.0)  # a person waits for the reply before going on
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


def bot_texts(fake: FakeDiscord, thread: str) -> list[str]:
    bot_id = fake.world.bot_user["id"]
    return [
        (m.get("content") or "")[:60]
        for m in fake.world.messages.values()
        if m["channel_id"] == thread and m["author"]["id"] == bot_id
    ]


def settled(db_path: Path, members: Members) -> bool:
    """Every timer has fired, every round is scored, and every thread message and every form the
    bot gave a receipt for is stored: the state the assertions check (read without the bot)."""
    conn = sqlite3.connect(db_path)
    try:
        pending = conn.execute("SELECT count(*) FROM timers").fetchone()[0]
        scored = conn.execute("SELECT count(*) FROM scores").fetchone()[0]
        stored = {eid for (eid,) in conn.execute("SELECT external_id FROM answer_parts")}
    finally:
        conn.close()
    wanted = {f"m{m}" for _, m in members.posted} | {f"i{f.interaction.id}" for f in members.acked_forms}
    return pending == 0 and scored == MEMBERS and wanted <= stored


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
            # the first start checks the whole bank's reference solutions (no bank cache yet):
            # ~10 s on a quiet 2-core host, several times that on a busy one
            await bot.wait_identified(0, timeout=120)
            await asyncio.sleep(0.5)  # command sync
            rounds = await open_rounds(fake, bot, users, channel)
            members = Members(fake, rounds, rng)
            members.modal_ids = await show_forms(fake, rounds)
            bot.kill()
            shorten_rounds(db_path, rng, earliest=8.0, latest=45.0)
            latest_deadline = time.time() + 45.0

            for _ in range(KILLS):
                stop = asyncio.Event()
                connected_before = fake.gateway.identifies
                bot.start()
                members.life = bot.starts
                answering = asyncio.create_task(members.answer_until(stop))
                if rng.random() < START_UP_KILLS:
                    # killed while it starts: importing, loading the bank, opening the database
                    await asyncio.sleep(rng.uniform(0.05, 1.5))
                else:
                    # killed while it serves: catching up, firing overdue timers, taking answers.
                    # Counted from its connecting, so a slow start on a busy host still serves.
                    await bot.wait_identified(connected_before, timeout=60)
                    await asyncio.sleep(rng.uniform(0.3, 3.5))
                bot.kill()
                stop.set()
                await answering
            # The last life: no more kills; every timer comes due and members stop answering.
            stop = asyncio.Event()
            connected_before = fake.gateway.identifies
            bot.start()
            members.life = bot.starts
            answering = asyncio.create_task(members.answer_until(stop))
            await bot.wait_identified(connected_before, timeout=60)
            await asyncio.sleep(2.0)
            stop.set()
            await answering
            # Every round times out in the last life and is scored and posted in one burst: wait
            # for that (and for what members sent) to be done, not for a fixed time.
            give_up_at = time.monotonic() + max(0.0, latest_deadline - time.time()) + 60.0
            while not settled(db_path, members) and time.monotonic() < give_up_at:  # noqa: ASYNC110 (polls the file)
                await asyncio.sleep(0.2)

            conn = sqlite3.connect(db_path)
            stored = {eid for (eid,) in conn.execute("SELECT external_id FROM answer_parts")}
            statuses = dict(conn.execute("SELECT thread_id, status FROM rounds"))
            round_ids = dict(conn.execute("SELECT thread_id, id FROM rounds"))
            timers_left = conn.execute(
                "SELECT kind, round_id, due_at, attempts, last_error FROM timers"
            ).fetchall()
            scores = dict(conn.execute("SELECT round_id, count(*) FROM scores GROUP BY round_id"))
            conn.close()
        finally:
            bot.kill()

        assert bot.starts == KILLS + 2
        log = bot.log_tail(60)
        forms = "\n".join(map(str, members.forms))
        assert members.acked_forms, f"no form got a receipt:\n{forms}\n{log}"
        lost_forms = [f for f in members.acked_forms if f"i{f.interaction.id}" not in stored]
        assert lost_forms == [], (
            "acknowledged but not stored:\n" + "\n".join(map(str, lost_forms)) + f"\n{log}"
        )
        # A form is either stored (a receipt) or unanswered because the bot died first; nothing
        # the bot does at start-up may make it refuse one ("the database is busy ... nothing was saved").
        refused = members.refused_forms
        assert refused == [], "forms refused:\n" + "\n".join(map(str, refused)) + f"\n{log}"
        # Thread messages need no reply to count: ones sent while the bot was down are read back on start.
        lost_messages = [(t, m) for t, m in members.posted if f"m{m}" not in stored]
        assert members.posted and lost_messages == [], f"thread messages not stored: {lost_messages}\n{log}"
        assert timers_left == [], f"timers left: {timers_left}\n{log}"
        for _, thread in rounds.values():
            where = f"round {round_ids[int(thread)]} (thread {thread})"
            assert statuses[int(thread)] == "timed_out", f"{where} is {statuses[int(thread)]}\n{log}"
            for mark in ("Half time", "5 minutes left", "Time is up"):
                posts = bot_posts(fake, thread, mark)
                assert posts == 1, (
                    f"{where}: {posts} {mark!r} posts; the bot posted {bot_texts(fake, thread)}\n{log}"
                )
        assert all(count == 1 for count in scores.values()) and len(scores) == MEMBERS, scores
        assert fake.rejected == []
