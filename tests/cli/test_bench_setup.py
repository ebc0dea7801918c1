"""Each benchmark's set-up path on a tiny database, so `bench/` keeps running from a fresh clone
(bench_latency once stopped in `remap` on migration 0007's board_versions rows)."""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from pathlib import Path

import pytest

from tests.terminal.pty import REPO

sys.path.insert(0, str(REPO))

from bench import bench_bank, bench_latency, bench_study, bench_timers

pytestmark = pytest.mark.timeout(90)


def test_latency_setup_builds_migrates_and_remaps_the_database(tmp_path: Path) -> None:
    bank = tmp_path / "bank"
    bank.mkdir()
    bench_bank.write_bank(bank, 40)
    db, took = bench_latency.prepare_db(None, tmp_path, rounds=600, members=60, guilds=3)
    assert took > 0 and Path(db).exists()
    conn = sqlite3.connect(db)
    (before,) = conn.execute(
        "SELECT count(*) FROM rounds WHERE guild_id = ? AND user_id = ?",
        (bench_latency.DB_GUILD, bench_latency.DB_MEMBER),
    ).fetchone()
    conn.close()
    assert before > 0
    guild_id, alice_id = 987_654_321_000, 123_456_789_000
    bench_latency.remap(db, guild_id, alice_id)
    conn = sqlite3.connect(db)
    try:
        moved = conn.execute(
            "SELECT count(*) FROM rounds WHERE guild_id = ? AND user_id = ?", (guild_id, alice_id)
        ).fetchone()[0]
        assert moved == before
        assert conn.execute(
            "SELECT count(*) FROM rounds WHERE guild_id = ?", (bench_latency.DB_GUILD,)
        ).fetchone() == (0,)
        versions = dict(conn.execute("SELECT guild_id, n FROM board_versions").fetchall())
        assert bench_latency.DB_GUILD not in versions and versions[guild_id] >= 1
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        conn.close()


def test_study_setup_and_one_measurement_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = str(tmp_path / "study.db")
    bench_study.build(path, 600, 60, 3)
    assert asyncio.run(bench_study._migrate(path)) > 0
    bench_study.add_groups(path, 3, 20)
    monkeypatch.setattr(bench_study, "SAMPLES", 3)
    results = asyncio.run(bench_study.measure(path, 3, 20, 0.01))
    names = [name for name, _ in results]
    assert "service  /stats (no chart)" in names and all(samples for _, samples in results)


def test_timers_setup_fires_every_timer_of_a_few_rounds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bank = tmp_path / "bank"
    bank.mkdir()
    bench_bank.write_bank(bank, 40)
    monkeypatch.setattr(bench_timers, "SETUP_MARGIN", 0.5)
    lengths = bench_timers.plan(5, 1.5)
    got, rss_before, peak = asyncio.run(bench_timers.run_dispatcher(str(tmp_path / "t.db"), bank, lengths))
    assert sum(len(v) for v in got["finished"].values()) == 5 * len(bench_timers.SHARES)
    assert peak >= rss_before > 0


def test_bank_setup_generates_a_bank_that_loads_clean(tmp_path: Path) -> None:
    bank = tmp_path / "bank"
    bank.mkdir()
    bench_bank.write_bank(bank, 40)
    elapsed, loaded = bench_bank.timed(bank, run_solutions=False, workers=1)
    assert loaded == 40 and elapsed > 0
