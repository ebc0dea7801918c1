"""A leaderboard is served from memory while nothing it shows changed; every change, whoever
writes it (this process, the terminal practice process, a peer review), shows on the next read."""

from __future__ import annotations

import sqlite3

from bot.core.clock import FakeClock
from bot.core.farming import DEFAULT_DAILY_CAP
from bot.service import InterviewService, Member
from bot.storage.database import Database
from bot.storage.migrations import upgrade
from bot.study import StudyService
from tests.study.conftest import GOOD, HALF


def board_rows(board) -> list[tuple[str, int]]:
    return [(line.name, line.points) for line in board.lines]


async def test_a_round_scored_by_another_process_shows_on_the_next_read(
    study: StudyService, player, db_path: str, bank, clock: FakeClock
) -> None:
    first = await player(1, "ann").round(GOOD)
    assert board_rows(await study.leaderboard(10, caller_id=1)) == [("ann", first.points)]
    # The terminal practice mode is another process on the same database file.
    terminal = await InterviewService.open(db_path, bank, clock)
    try:
        ben = Member(10, 2, "ben")
        await terminal.start_round(ben, "ml_theory")
        await terminal.add_answer(ben, GOOD, source="terminal")
        clock.advance(600)
        while (ack := await terminal.finish(ben)).result is None:
            pass
        assert ack.result is not None and ack.result.points > 0
    finally:
        await terminal.close()
    board = await study.leaderboard(10, caller_id=1)
    assert sorted(board_rows(board)) == [("ann", first.points), ("ben", ack.result.points)]


async def test_points_changed_behind_the_bots_back_show_at_once(
    study: StudyService, player, db_path: str
) -> None:
    result = await player(1, "ann").round(GOOD)
    assert board_rows(await study.leaderboard(10, caller_id=1)) == [("ann", result.points)]
    raw = sqlite3.connect(db_path)
    with raw:  # e.g. a peer-review bonus recorded by another process
        raw.execute("UPDATE scores SET points = points + 7")
    raw.close()
    assert board_rows(await study.leaderboard(10, caller_id=1)) == [("ann", result.points + 7)]


async def test_renames_group_changes_timezone_and_cap_show_on_the_next_read(
    study: StudyService, player
) -> None:
    ann, ben = player(1, "ann"), player(2, "ben")
    await study.create_group(ann.member, "Owls")
    await ann.round(GOOD)
    await ben.round(HALF)
    board = await study.leaderboard(10, caller_id=1, group="owls")
    assert [name for name, _ in board_rows(board)] == ["ann"]
    assert board.points_cap == DEFAULT_DAILY_CAP

    await study.join_group(ben.member, "owls")
    assert [name for name, _ in board_rows(await study.leaderboard(10, caller_id=1, group="owls"))] == [
        "ann",
        "ben",
    ]
    await study.leave_group(ann.member, "owls")
    assert [name for name, _ in board_rows(await study.leaderboard(10, caller_id=1, group="owls"))] == ["ben"]

    renamed = player(1, "Ann the Great")
    await renamed.round(HALF)  # any command refreshes the member's display name
    names = [name for name, _ in board_rows(await study.leaderboard(10, caller_id=1))]
    assert "Ann the Great" in names and "ann" not in names

    await study.set_points_cap(10, 120)
    assert (await study.leaderboard(10, caller_id=1)).points_cap == 120


async def test_a_new_week_empties_the_weekly_board_without_any_write(
    study: StudyService, player, clock: FakeClock
) -> None:
    await player(1, "ann").round(GOOD)
    assert len((await study.leaderboard(10, caller_id=1, period="week")).lines) == 1
    clock.advance(8 * 86_400)
    board = await study.leaderboard(10, caller_id=1, period="week")
    assert board.lines == [] and board.caller_streak.current == 0
    assert len((await study.leaderboard(10, caller_id=1, period="all")).lines) == 1


async def test_the_upgrade_copies_scores_the_old_lazy_sync_had_not_reached(
    tmp_path, clock: FakeClock
) -> None:
    """Databases from before migration 0007 copied scores into the ledger on read; the upgrade
    copies whatever was still missing, so nobody's points vanish from the board."""
    path = tmp_path / "old.db"
    db = await Database.open(path)
    try:
        await upgrade(db, clock.now(), target=6)
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO guilds (id, created_at) VALUES (10, 0)")
            await conn.execute(
                "INSERT INTO members (guild_id, user_id, display_name, created_at) VALUES (10, 1, 'ann', 0)"
            )
            await conn.execute(
                "INSERT INTO sessions (id, guild_id, user_id, front_end, started_at) VALUES (1, 10, 1, 'terminal', 0)"
            )
            for rid, at in ((1, 1000.0), (2, 5000.0)):
                await conn.execute(
                    "INSERT INTO rounds (id, session_id, guild_id, user_id, round_type, topic, question_id,"
                    " difficulty, status, time_up_mode, started_at, deadline)"
                    " VALUES (?, 1, 10, 1, 'ml_theory', 't', 'q', 'easy', 'done', 'hard', ?, ?)",
                    (rid, at - 600, at),
                )
                await conn.execute(
                    "INSERT INTO scores (round_id, score, points, breakdown_json, scored_at) VALUES (?, 0.9, 40, '{}', ?)",
                    (rid, at),
                )
            # The old sync had copied round 1 only.
            await conn.execute(
                "INSERT INTO points_ledger (guild_id, user_id, at, points, round_type, source, ref_id)"
                " VALUES (10, 1, 1000.0, 40, 'ml_theory', 'round', 1)"
            )
            await conn.execute("INSERT INTO ledger_sync (name, value) VALUES ('scores', 1000.0)")
        await upgrade(db, clock.now())
        rows = await db.fetchall("SELECT ref_id, points FROM points_ledger ORDER BY ref_id")
        assert [tuple(r) for r in rows] == [(1, 40), (2, 40)]
    finally:
        await db.close()
