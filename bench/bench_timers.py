"""Benchmark: 10,000 rounds open at once, every warning and time-up on a short real deadline.

    .venv/bin/python bench/bench_timers.py [--rounds 10000] [--spread 120]

Rounds (each with one answer part) and their three timers are written straight into a fresh
database; then the real InterviewService and its timer dispatcher run on the system clock. The
table shows how late each timer's handler started and finished (time-up includes scoring the
answer) against a baseline of plain asyncio sleepers due at the same moments, and the process's
resident memory. Posting to Discord is left out (a no-op listener): bench_latency measures that.
Targets: p99 under 250 ms late, RSS under 300 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_bank import write_bank
from bench.common import machine_line, print_table, rss_mb
from bot.bank.loader import load_bank
from bot.core.clock import SystemClock
from bot.service import InterviewService
from bot.storage.timers import StoredTimer

GUILD = 1
SHARES = {"half_time": 0.5, "five_minutes": 0.8, "time_up": 1.0}
SETUP_MARGIN = 3.0  # seconds between writing the rows and the first timer coming due
ANSWER = "Bias is the error from wrong assumptions; variance is sensitivity to the training set."


def plan(rounds: int, spread: float, seed: int = 5) -> list[float]:
    """Each round's length in seconds (its timers come due at fixed shares of it)."""
    rng = random.Random(seed)
    return [rng.uniform(2.0, spread) for _ in range(rounds)]


def write_rounds(path: str, question_ids: list[str], lengths: list[float], t0: float) -> None:
    conn = sqlite3.connect(path)
    n = len(lengths)
    with conn:
        conn.execute("INSERT INTO guilds (id, created_at) VALUES (?, 0)", (GUILD,))
        conn.execute("INSERT INTO guild_settings (guild_id) VALUES (?)", (GUILD,))
        conn.executemany(
            "INSERT INTO members (guild_id, user_id, display_name, created_at) VALUES (?, ?, ?, 0)",
            [(GUILD, 1000 + i, f"member {i}") for i in range(n)],
        )
        conn.executemany(
            "INSERT INTO sessions (id, guild_id, user_id, front_end, started_at) VALUES (?, ?, ?, 'discord', ?)",
            [(i + 1, GUILD, 1000 + i, t0) for i in range(n)],
        )
        conn.executemany(
            "INSERT INTO rounds (id, session_id, guild_id, user_id, question_id, round_type, difficulty, topic,"
            " status, time_up_mode, started_at, deadline, hints_total, follow_ups_total)"
            " VALUES (?, ?, ?, ?, ?, 'ml_theory', 'medium', 'gen', 'answering', 'hard', ?, ?, 2, 0)",
            [
                (i + 1, i + 1, GUILD, 1000 + i, question_ids[i % len(question_ids)], t0, t0 + length)
                for i, length in enumerate(lengths)
            ],
        )
        conn.executemany(
            "INSERT INTO answer_parts (round_id, kind, content, source, created_at) VALUES (?, 'answer', ?, 'bench', ?)",
            [(i + 1, ANSWER, t0) for i in range(n)],
        )
        conn.executemany(
            "INSERT INTO timers (kind, round_id, due_at, created_at) VALUES (?, ?, ?, ?)",
            [
                (kind, i + 1, t0 + share * length, t0)
                for i, length in enumerate(lengths)
                for kind, share in SHARES.items()
            ],
        )
    conn.close()


async def sleeper_baseline(lengths: list[float]) -> list[float]:
    """Plain asyncio tasks sleeping until the same due moments: the event loop's own lateness."""
    t0 = time.time() + SETUP_MARGIN
    late: list[float] = []

    async def one(due: float) -> None:
        await asyncio.sleep(max(0.0, due - time.time()))
        late.append((time.time() - due) * 1000)

    await asyncio.gather(*(one(t0 + share * n) for n in lengths for share in SHARES.values()))
    return late


async def run_dispatcher(db_path: str, bank_dir: Path, lengths: list[float]) -> tuple[dict, float, float]:
    bank = load_bank([bank_dir], run_solutions=False).bank
    ids = [q.id for q in bank.filter(round_type="ml_theory") if q.answer.kind == "open"]
    clock = SystemClock()
    service = await InterviewService.open(db_path, bank, clock)
    t0 = time.time() + SETUP_MARGIN
    write_rounds(db_path, ids, lengths, t0)
    rss_before = rss_mb()
    started: dict[str, list[float]] = {k: [] for k in SHARES}
    finished: dict[str, list[float]] = {k: [] for k in SHARES}
    handler = service.timers.handler

    async def timed(timer: StoredTimer) -> None:
        started[timer.kind].append((clock.now() - timer.due_at) * 1000)
        await handler(timer)
        finished[timer.kind].append((clock.now() - timer.due_at) * 1000)

    service.timers.handler = timed
    service.timers.start()
    peak = rss_before
    expected = len(lengths) * len(SHARES)
    deadline = t0 + max(lengths) + 120
    while sum(len(v) for v in finished.values()) < expected and time.time() < deadline:
        await asyncio.sleep(0.25)
        peak = max(peak, rss_mb())
    scored = await service.db.scalar("SELECT count(*) FROM scores")
    left = await service.db.scalar("SELECT count(*) FROM timers")
    await service.close()
    if scored != len(lengths) or left:
        raise SystemExit(f"incomplete: {scored} rounds scored, {left} timers left")
    return {"started": started, "finished": finished}, rss_before, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10_000)
    parser.add_argument("--spread", type=float, default=120.0, help="longest round, seconds")
    parser.add_argument("--questions", type=int, default=10_000)
    args = parser.parse_args()
    lengths = plan(args.rounds, args.spread)
    with tempfile.TemporaryDirectory(prefix="mockloop-timers-") as tmp:
        bank_dir = Path(tmp) / "bank"
        bank_dir.mkdir()
        write_bank(bank_dir, args.questions)
        baseline = asyncio.run(sleeper_baseline(lengths))
        got, rss_before, peak = asyncio.run(run_dispatcher(str(Path(tmp) / "timers.db"), bank_dir, lengths))
    print(machine_line())
    print(
        f"data: {args.rounds:,} open rounds, {args.rounds * len(SHARES):,} timers due over {args.spread:.0f} s "
        f"(~{args.rounds * len(SHARES) / args.spread:,.0f}/s), bank of {args.questions:,} questions"
    )
    rows = [("baseline: asyncio.sleep lateness", baseline)]
    for kind in SHARES:
        rows.append((f"{kind}: handler started late", got["started"][kind]))
        rows.append((f"{kind}: handler done late", got["finished"][kind]))
    every = [x for kind in SHARES for x in got["finished"][kind]]
    rows.append(("all timers: handler done late", every))
    print_table(rows, unit="ms", baseline="baseline: asyncio.sleep lateness")
    p99 = sorted(every)[min(len(every) - 1, round(0.99 * (len(every) - 1)))]
    print(
        f"RSS: {rss_before:.0f} MB with everything loaded, peak {peak:.0f} MB while firing (target < 300 MB)"
    )
    print(f"p99 lateness {p99:.0f} ms: {'meets' if p99 < 250 else 'MISSES'} the 250 ms target")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
