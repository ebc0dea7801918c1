"""Benchmark: /leaderboard and /stats on a database with 1,000,000 rounds (10,000 members, 50 guilds).

    .venv/bin/python bench/bench_study.py [--rounds N] [--members N] [--guilds N] [--db PATH] [--keep]

Builds a pre-study-groups database with executemany in big transactions, times the upgrade
(migration 0004 backfills the points ledger from every score), then times the raw SQLite queries (baseline) beside the
StudyService calls the Discord cogs make (boards computed afresh, as after a change, and one
reused while unchanged). Prints median/p95/p99/max in milliseconds.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.core.bank import QuestionBank
from bot.core.clock import FakeClock
from bot.core.leaderboard import Period, period_bounds
from bot.core.models import RoundType
from bot.service import InterviewService
from bot.storage import migrations
from bot.study import StudyService

YEAR = 365 * 86_400.0
END = 1_767_225_600.0  # 2026-01-01: the data covers the year before
TOPICS = {rt: [f"{rt.value}_topic_{i}" for i in range(8)] for rt in RoundType}
SAMPLES = 300
STUDY_MIGRATION = 4  # 0004_study_groups: creates and backfills the points ledger


def build(path: str, rounds: int, members: int, guilds: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    asyncio.run(_migrate(path, upto=STUDY_MIGRATION - 1))  # an install from before study groups
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")
    per_guild = members // guilds
    member_keys = [(g, 1_000 + u) for g in range(1, guilds + 1) for u in range(per_guild)]
    with conn:
        conn.executemany(
            "INSERT INTO guilds (id, created_at) VALUES (?, 0)", [(g,) for g in range(1, guilds + 1)]
        )
        conn.executemany(
            "INSERT INTO guild_settings (guild_id) VALUES (?)", [(g,) for g in range(1, guilds + 1)]
        )
        conn.executemany(
            "INSERT INTO members (guild_id, user_id, display_name, created_at) VALUES (?, ?, ?, 0)",
            [(g, u, f"member-{g}-{u}") for g, u in member_keys],
        )
        conn.executemany(
            "INSERT INTO sessions (id, guild_id, user_id, front_end, started_at) VALUES (?, ?, ?, 'discord', 0)",
            [(i + 1, g, u) for i, (g, u) in enumerate(member_keys)],
        )
    types = list(RoundType)
    batch = 100_000
    next_id = 1
    while next_id <= rounds:
        round_rows, score_rows = [], []
        for rid in range(next_id, min(rounds, next_id + batch - 1) + 1):
            session = rng.randrange(len(member_keys))
            g, u = member_keys[session]
            rtype = rng.choice(types)
            start = END - rng.random() * YEAR
            limit = 45 * 60.0
            used = rng.uniform(300, limit)
            roll = rng.random()
            status = "done" if roll < 0.9 else ("abandoned" if roll < 0.95 else "timed_out")
            round_rows.append(
                (
                    rid,
                    session + 1,
                    g,
                    u,
                    f"q-{rtype.value}-{rng.randrange(60)}",
                    rtype.value,
                    "medium",
                    rng.choice(TOPICS[rtype]),
                    status,
                    "hard",
                    start,
                    start + limit,
                    start + used,
                )
            )
            if status != "abandoned":
                score = rng.uniform(10, 100)
                points = 0 if status == "timed_out" else round(score / 5)
                score_rows.append((rid, score, points, "{}", start + used))
        with conn:
            conn.executemany(
                "INSERT INTO rounds (id, session_id, guild_id, user_id, question_id, round_type, difficulty, topic,"
                " status, time_up_mode, started_at, deadline, ended_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                round_rows,
            )
            conn.executemany(
                "INSERT INTO scores (round_id, score, points, breakdown_json, scored_at) VALUES (?,?,?,?,?)",
                score_rows,
            )
        next_id += batch
    conn.execute("ANALYZE")
    conn.close()


def add_groups(path: str, guilds: int, per_guild: int) -> None:
    """One study group per guild ("Owls") holding every second member."""
    conn = sqlite3.connect(path)
    with conn:
        for g in range(1, guilds + 1):
            conn.execute(
                "INSERT OR IGNORE INTO study_groups (guild_id, name, name_key, created_by, created_at)"
                " VALUES (?, 'Owls', 'owls', 0, 0)",
                (g,),
            )
            (group_id,) = conn.execute(
                "SELECT id FROM study_groups WHERE guild_id = ? AND name_key = 'owls'", (g,)
            ).fetchone()
            conn.executemany(
                "INSERT OR IGNORE INTO study_group_members (group_id, user_id, joined_at) VALUES (?, ?, 0)",
                [(group_id, 1_000 + u) for u in range(0, per_guild, 2)],
            )
    conn.close()


async def _migrate(path: str, upto: int | None = None) -> float:
    """Apply migrations (only the first `upto` if given); returns the seconds it took."""
    everything = migrations.available_migrations
    if upto is not None:
        migrations.available_migrations = lambda: everything()[:upto]  # type: ignore[assignment]
    try:
        t0 = time.perf_counter()
        service = await InterviewService.open(path, QuestionBank(), FakeClock(END))
        took = time.perf_counter() - t0
        await service.close()
    finally:
        migrations.available_migrations = everything  # type: ignore[assignment]
    return took


def summary(samples: list[float]) -> tuple[float, float, float, float]:
    ordered = sorted(samples)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]

    return statistics.median(ordered), pct(0.95), pct(0.99), ordered[-1]


def time_sync(fn: Callable[[], object], n: int) -> list[float]:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


async def time_async(fn: Callable[[], Awaitable[object]], n: int) -> list[float]:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        await fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


BUMP_BOARD = "INSERT INTO board_changed VALUES (?)"  # what a score in the guild does (migration 0007)
RAW_BOARD = (
    "SELECT user_id, sum(points), coalesce(max(CASE WHEN points > 0 THEN at END), min(at))"
    " FROM points_ledger WHERE guild_id = ? AND at >= ? AND at < ? GROUP BY user_id"
)
RAW_BOARD_ALL = (
    "SELECT user_id, sum(points), coalesce(max(CASE WHEN points > 0 THEN at END), min(at))"
    " FROM points_ledger WHERE guild_id = ? GROUP BY user_id"
)
RAW_STATS = (
    "SELECT r.round_type, r.topic, r.status, r.started_at, r.deadline, r.ended_at, s.score, s.points"
    " FROM rounds r LEFT JOIN scores s ON s.round_id = r.id WHERE r.guild_id = ? AND r.user_id = ?"
)


async def measure(path: str, guilds: int, per_guild: int, upgrade_s: float) -> list[tuple[str, list[float]]]:
    rng = random.Random(2)
    clock = FakeClock(END - 3600)
    service = await InterviewService.open(path, QuestionBank(), clock)
    study = StudyService(service)
    raw = sqlite3.connect(path)
    results: list[tuple[str, list[float]]] = [("migration 0004 backfill, once", [upgrade_s * 1000])]

    def guild() -> int:
        return rng.randint(1, guilds)

    def member() -> tuple[int, int]:
        return guild(), 1_000 + rng.randrange(per_guild)

    async def board(changed: bool = True, **options: object) -> list[float]:
        """Service time of /leaderboard. `changed`: something on the guild's board changed since
        its last read (a score, a join...), so it is computed afresh rather than reused."""
        out = []
        for _ in range(SAMPLES):
            g = guild()
            if changed:
                raw.execute(BUMP_BOARD, (g,))
                raw.commit()
            t0 = time.perf_counter()
            await study.leaderboard(g, 1_000, **options)  # type: ignore[arg-type]
            out.append((time.perf_counter() - t0) * 1000)
        return out

    for period in Period:
        start, end = period_bounds(period, clock.now(), "UTC")
        results.append(
            (
                f"raw SQL  leaderboard {period.value}",
                time_sync(
                    lambda s=start, e=end: (
                        raw.execute(RAW_BOARD_ALL, (guild(),))
                        if e == float("inf")
                        else raw.execute(RAW_BOARD, (guild(), s, e))
                    ).fetchall(),
                    SAMPLES,
                ),
            )
        )
        results.append((f"service  /leaderboard {period.value}", await board(period=period)))
    results.append(("service  /leaderboard week, unchanged", await board(changed=False, period="week")))
    results.append(("service  /leaderboard week group", await board(group="owls")))
    results.append(("service  /leaderboard all coding", await board(period="all", round_type="coding")))
    results.append(
        (
            "raw SQL  stats rows of a member",
            time_sync(lambda: raw.execute(RAW_STATS, member()).fetchall(), SAMPLES),
        )
    )
    results.append(("service  /stats (no chart)", await time_async(lambda: study.stats(*member()), SAMPLES)))
    raw.close()
    await service.close()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1_000_000)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--guilds", type=int, default=50)
    parser.add_argument("--db", help="database path (default: a temporary file)")
    parser.add_argument("--keep", action="store_true", help="keep the database (reused when it exists)")
    args = parser.parse_args()
    path = args.db or os.path.join(tempfile.mkdtemp(prefix="mockloop-bench-"), "bench.db")
    t0 = time.perf_counter()
    if not Path(path).exists():
        build(path, args.rounds, args.members, args.guilds)
    build_s = time.perf_counter() - t0
    upgrade_s = asyncio.run(_migrate(path))
    add_groups(path, args.guilds, args.members // args.guilds)
    results = asyncio.run(measure(path, args.guilds, args.members // args.guilds, upgrade_s))
    size_mb = Path(path).stat().st_size / 1e6
    print(
        f"machine: {platform.platform()} · {platform.processor() or platform.machine()} · "
        f"{os.cpu_count()} CPUs · Python {platform.python_version()} · SQLite {sqlite3.sqlite_version}"
    )
    print(
        f"data: {args.rounds:,} rounds, {args.members:,} members, {args.guilds} guilds · "
        f"db {size_mb:,.0f} MB · built in {build_s:.1f}s · {SAMPLES} samples per row"
    )
    print(f"{'query':40} {'median':>8} {'p95':>8} {'p99':>8} {'max':>8}   (ms)")
    for name, samples in results:
        med, p95, p99, worst = summary(samples)
        print(f"{name:40} {med:8.2f} {p95:8.2f} {p99:8.2f} {worst:8.2f}")
    if not args.keep and not args.db:
        for suffix in ("", "-wal", "-shm"):
            Path(path + suffix).unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
