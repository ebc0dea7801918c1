"""Benchmark: interaction latency of the real bot process against the loopback FakeDiscord.

    .venv/bin/python bench/bench_latency.py [--db PATH] [--samples 200] [--seconds 4]

The bot runs as `python -m bot run` (a real discord.py client in its own process) on a copy of
a database with 1,000,000 rounds for 10,000 members in 50 guilds (bench_study's builder) and a
bank of 10,000 generated questions. Latency is measured from the moment the INTERACTION_CREATE
frame is sent to the moment the bot's callback request arrives at the fake Discord.

1. Start-up: spawn to READY (bank load, migrations check, connect).
2. One command at a time: the floor (`/mock status` with nothing open: one indexed query and
   a reply) is the baseline; `/mock start`, an answer form submit, `/leaderboard`, `/stats`
   (its callback is the defer sent after the figures are computed, before the chart).
   The chart render alone is timed in this process.
3. Load: a mix of `/leaderboard`, `/mock status` and answer submits at fixed rates, open loop,
   while the guild's board changes `--changes` times a second (as scores would); p99 per rate and the highest rate whose p99 stays under 100 ms. Request-schema checking is
   switched off for the load part (FakeDiscord(validate_spec=False) semantics), and the fake
   Discord shares the machine's cores with the bot, so the ceiling is a lower bound.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_bank import write_bank
from bench.bench_study import END, _migrate, add_groups, build
from bench.common import machine_line, measuring_process_gc_off, percentile, print_table, rss_mb
from tests.fakediscord import FakeDiscord
from tests.faults.botprocess import REPO, BotProcess

DB_GUILD = 1  # the built guild that becomes the fake Discord's guild
DB_MEMBER = 1_000  # the built member that becomes "alice"
MEMBERS = 400
LOAD_RATES = (50, 100, 200, 300, 400, 500, 600, 700, 800, 1000, 1200, 1500)
BUMP_BOARD = "INSERT INTO board_changed VALUES (?)"  # what a score in the guild does (migration 0007)
ANSWER = "Bias is the error from wrong assumptions; variance is sensitivity to the training set."


def remap(path: str, guild_id: int, alice_id: int) -> None:
    """Give built guild 1 the fake guild's id, and built member 1000 alice's id.

    `board_versions` is left out of the renaming: migration 0007's triggers already bump the new
    id's row as the other tables move (renaming guild 1's row onto it broke the UNIQUE key), and
    guild 1's old row is dropped at the end."""
    conn = sqlite3.connect(path)
    tables = [
        r[0]
        for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if r[0] != "board_versions"
    ]
    with conn:
        for table in tables:
            cols = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
            if "guild_id" in cols and "user_id" in cols:
                conn.execute(
                    f"UPDATE {table} SET user_id = ? WHERE guild_id = ? AND user_id = ?",
                    (alice_id, DB_GUILD, DB_MEMBER),
                )
            if "guild_id" in cols:
                conn.execute(f"UPDATE {table} SET guild_id = ? WHERE guild_id = ?", (guild_id, DB_GUILD))
        conn.execute("UPDATE guilds SET id = ? WHERE id = ?", (guild_id, DB_GUILD))
        conn.execute("DELETE FROM board_versions WHERE guild_id = ?", (DB_GUILD,))
        conn.execute(BUMP_BOARD, (guild_id,))  # boards cached before the move are stale
    conn.close()


def prepare_db(source: str | None, work: Path, rounds: int, members: int, guilds: int) -> tuple[str, float]:
    """A fresh copy of the big database (built once and kept when --db is given)."""
    source = source or str(work / "big.db")
    took = 0.0
    if not Path(source).exists():
        t0 = time.perf_counter()
        build(source, rounds, members, guilds)
        asyncio.run(_migrate(source))
        add_groups(source, guilds, members // guilds)
        took = time.perf_counter() - t0
    copy = str(work / "bot.db")
    shutil.copyfile(source, copy)
    return copy, took


async def timed(start: Callable[[], Awaitable[Any]]) -> tuple[float, Any]:
    """ms from sending the interaction to the callback's arrival; and the interaction."""
    t0 = time.perf_counter()
    it = await start()
    await it.response(timeout=10)
    return (time.perf_counter() - t0) * 1000, it


class Bench:
    def __init__(
        self, fake: FakeDiscord, guild: Any, users: list[dict], alice: dict, db_path: str, changes: float
    ) -> None:
        # The measuring process writes board changes from a thread of its own, and never
        # checkpoints the WAL: blocking the fake Discord's loop on the bot's write lock or on a
        # checkpoint would show up as the bot's latency.
        self.raw = sqlite3.connect(db_path, timeout=10, check_same_thread=False)
        self.raw.execute("PRAGMA wal_autocheckpoint = 0")
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="board-changes")
        self.changes = changes  # board changes per second during the load steps
        self.fake = fake
        self.guild = guild
        self.users = users
        self.alice = alice
        self.forms: dict[str, str] = {}  # user id -> answer form custom_id (rounds they opened)

    async def floor(self, n: int) -> list[float]:
        out = []
        for i in range(n):
            user = self.users[-1 - (i % 50)]  # members who never open a round
            ms, _ = await timed(lambda u=user: self.fake.slash(u, "mock status"))
            out.append(ms)
        return out

    async def starts(self, n: int) -> tuple[list[float], list[float]]:
        callback, complete = [], []
        for user in self.users[:n]:
            t0 = time.perf_counter()
            ms, it = await timed(lambda u=user: self.fake.slash(u, "mock start", {"round": "ml_theory"}))
            (reply,) = await it.followups(timeout=10)
            complete.append((time.perf_counter() - t0) * 1000)
            callback.append(ms)
            thread = reply["content"].split("<#", 1)[1].split(">", 1)[0]
            question = await self.fake.wait_for_message(thread, lambda m: bool(m.get("components")))
            answer_button = next(
                c["custom_id"]
                for row in question["components"]
                for c in row["components"]
                if c["label"] == "Answer"
            )
            opened = await self.fake.click(user, question, answer_button)
            self.forms[user["id"]] = (await opened.response())["data"]["custom_id"]
        return callback, complete

    async def answers(self, n: int) -> list[float]:
        out = []
        owners = [u for u in self.users if u["id"] in self.forms]
        for i in range(n):
            user = owners[i % len(owners)]
            ms, it = await timed(
                lambda u=user, k=i: self.fake.submit_modal(
                    u, self.forms[u["id"]], {"answer": f"{ANSWER} ({k})"}
                )
            )
            await it.followups(timeout=10)
            out.append(ms)
        return out

    async def board_changed(self) -> None:
        """What a score, a join or a rename in the guild does to its boards: they are computed
        afresh on the next read instead of reused (see StudyService.leaderboard)."""

        def bump() -> None:
            self.raw.execute(BUMP_BOARD, (int(self.guild.id),))
            self.raw.commit()

        await asyncio.get_running_loop().run_in_executor(self.writer, bump)

    async def leaderboards(self, n: int, changed: bool) -> list[float]:
        periods = ("week", "month", "all")
        out = []
        for i in range(n):
            if changed:
                await self.board_changed()
            ms, _ = await timed(
                lambda p=periods[i % 3]: self.fake.slash(self.alice, "leaderboard", {"period": p})
            )
            out.append(ms)
        return out

    async def stats(self, n: int) -> list[float]:
        out = []
        for _ in range(n):
            ms, it = await timed(lambda: self.fake.slash(self.alice, "stats"))
            await it.followups(timeout=20)  # let the chart finish before the next sample
            out.append(ms)
        return out

    async def load(self, rate: int, seconds: float, rng: random.Random) -> tuple[list[float], int]:
        """Open loop: one interaction every 1/rate s whatever the answers do; returns latencies, failures."""
        owners = [u for u in self.users if u["id"] in self.forms]
        latencies: list[float] = []
        failures = 0

        async def one(kind: float, i: int) -> None:
            nonlocal failures
            user = owners[i % len(owners)]
            try:
                if kind < 0.4:
                    ms, _ = await timed(
                        lambda: self.fake.slash(self.alice, "leaderboard", {"period": "week"})
                    )
                elif kind < 0.7:
                    ms, _ = await timed(lambda: self.fake.slash(user, "mock status"))
                else:
                    ms, _ = await timed(
                        lambda: self.fake.submit_modal(
                            user, self.forms[user["id"]], {"answer": f"{ANSWER} {i}"}
                        )
                    )
                latencies.append(ms)
            except Exception:
                failures += 1

        async def change_boards() -> None:
            while self.changes > 0:
                await asyncio.sleep(1 / self.changes)
                await self.board_changed()

        tasks = []
        changer = asyncio.create_task(change_boards())
        t0 = time.perf_counter()
        total = int(rate * seconds)
        for i in range(total):
            delay = t0 + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(rng.random(), i)))
        await asyncio.gather(*tasks)
        changer.cancel()
        return latencies, failures


async def first_answer(fake: FakeDiscord, user: dict) -> None:
    """Wait until the bot answers an interaction (commands synced, handlers ready)."""
    while True:
        try:
            it = await fake.slash(user, "mock status")
            await it.response(timeout=1)
            return
        except (LookupError, AssertionError):
            await asyncio.sleep(0.05)


async def chart_render_ms(db_path: str, guild_id: int, user_id: int, n: int) -> list[float]:
    from bot.charts import stats_chart_png
    from bot.core.bank import QuestionBank
    from bot.core.clock import FakeClock
    from bot.service import InterviewService
    from bot.study import StudyService

    service = await InterviewService.open(db_path, QuestionBank(), FakeClock(END))
    try:
        stats = await StudyService(service).stats(guild_id, user_id)
    finally:
        await service.close()
    stats_chart_png(stats)  # first render loads fonts
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        stats_chart_png(stats)
        out.append((time.perf_counter() - t0) * 1000)
    return out


async def run(args: argparse.Namespace, work: Path, db_path: str, bank_dir: Path) -> None:
    async with FakeDiscord(validate_spec=False) as fake:
        guild = fake.add_guild("Benchmark Guild")
        fake.add_channel(guild, "practice")
        alice = fake.add_user("alice")
        users = [fake.add_user(f"member{i}") for i in range(MEMBERS)]
        for user in [alice, *users]:
            fake.add_member(guild, user)
        remap(db_path, int(guild.id), int(alice["id"]))
        bot = BotProcess(
            fake, Path(db_path), work, dev_guild=guild.id, extra_env={"MOCKLOOP_QUESTIONS": str(bank_dir)}
        )
        try:
            starts: dict[str, list[tuple[float, float]]] = {"cold bank cache": [], "warm bank cache": []}
            for i in range(2 * args.starts):
                cold = i % 2 == 0  # a cold start fills the bank cache in the data folder; a warm one reads it
                if cold:
                    shutil.rmtree(Path(db_path).parent / "bank-cache", ignore_errors=True)
                before = fake.gateway.identifies
                bot.kill()
                t0 = time.perf_counter()
                bot.start()
                await bot.wait_identified(before, timeout=120)
                ready_s = time.perf_counter() - t0
                await first_answer(fake, users[-1])
                starts["cold bank cache" if cold else "warm bank cache"].append(
                    (ready_s * 1000, (time.perf_counter() - t0) * 1000)
                )
            print(machine_line())
            print(
                f"data: {args.rounds:,} rounds, {args.members:,} members, {args.guilds} guilds · "
                f"bank {args.questions:,} questions · db {args.db_mb:,.0f} MB"
            )
            print(f"start-up, {args.starts} of each (the first one also applies any new migration)")
            print_table(
                [
                    (f"{label}: spawn -> {what}", [sample[k] for sample in samples])
                    for label, samples in starts.items()
                    for k, what in ((0, "READY"), (1, "1st answer"))
                ],
                unit="ms",
            )

            b = Bench(fake, guild, users, alice, db_path, args.changes)
            n = args.samples
            with measuring_process_gc_off():
                floor = await b.floor(n)
                start_cb, start_done = await b.starts(min(n, MEMBERS - 60))
                rows = [
                    ("floor: /mock status, nothing open", floor),
                    ("/mock start (callback = defer)", start_cb),
                    ("/mock start -> thread + question posted", start_done),
                    ("answer form submit (callback = defer)", await b.answers(n)),
                    ("/leaderboard, board changed since", await b.leaderboards(n, changed=True)),
                    ("/leaderboard, board unchanged", await b.leaderboards(n, changed=False)),
                    ("/stats, figures without chart", await b.stats(max(20, n // 5))),
                ]
            rows.append(
                (
                    "chart render alone (this process)",
                    await chart_render_ms(db_path, int(guild.id), int(alice["id"]), 20),
                )
            )
            print(f"one at a time, {n} samples per row; × base = median / floor median")
            print_table(rows, unit="ms", baseline="floor: /mock status, nothing open")
            print(f"bot RSS after the sequential part: {rss_mb(bot.proc.pid):.0f} MB")  # type: ignore[union-attr]

            print(
                f"\nload: 40% /leaderboard, 30% /mock status, 30% answer submits; {args.seconds:.0f} s per rate;"
                f" the guild's board changes {args.changes:g} times a second"
            )
            rng = random.Random(3)
            load_rows = []
            best = 0
            for rate in LOAD_RATES:
                with measuring_process_gc_off():
                    latencies, failures = await b.load(rate, args.seconds, rng)
                load_rows.append((f"{rate}/s" + (f" ({failures} failed)" if failures else ""), latencies))
                p99 = percentile(sorted(latencies), 0.99) if latencies else float("inf")
                if p99 <= 100 and not failures:
                    best = rate
                else:
                    break
            print_table(load_rows, unit="ms")
            at50 = percentile(sorted(load_rows[0][1]), 0.99)
            print(f"p99 at 50/s: {at50:.1f} ms (target < 15 ms)")
            print(f"highest rate tried with p99 <= 100 ms: {best}/s (target >= 500/s)")
            assert fake.rejected == [], fake.rejected[:3]
        finally:
            bot.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="the built database (built there and kept if missing)")
    parser.add_argument("--rounds", type=int, default=1_000_000)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--guilds", type=int, default=50)
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=4.0, help="length of each load step")
    parser.add_argument("--starts", type=int, default=3, help="cold and warm start-ups to time")
    parser.add_argument(
        "--changes", type=float, default=10.0, help="board changes per second during the load steps"
    )
    args = parser.parse_args()
    # Start-ups are timed as deployed: `pip install` (the Docker image) byte-compiles the package.
    # A checkout under PYTHONDONTWRITEBYTECODE (set on some machines) would otherwise compile
    # every module of the bot again at each start (~0.1 s here).
    compileall.compile_dir(str(REPO / "bot"), quiet=1)
    with tempfile.TemporaryDirectory(prefix="mockloop-latency-") as tmp:
        work = Path(tmp)
        bank_dir = work / "bank"
        bank_dir.mkdir()
        write_bank(bank_dir, args.questions)
        db_path, built = prepare_db(args.db, work, args.rounds, args.members, args.guilds)
        if built:
            print(f"built the database in {built:.0f} s")
        args.db_mb = os.path.getsize(db_path) / 1e6
        asyncio.run(run(args, work, db_path, bank_dir))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
