"""Rounds, their answer parts and scores."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import aiosqlite

from bot.core.models import Difficulty, RoundType
from bot.core.rounds import OPEN_STATUSES, PartKind, Round, RoundStatus, TimeUpMode
from bot.storage.database import Database

_OPEN = tuple(s.value for s in OPEN_STATUSES)
_OPEN_SQL = ", ".join("?" for _ in _OPEN)


@dataclass(frozen=True, slots=True)
class StoredPart:
    id: int
    kind: PartKind
    follow_up_index: int | None
    content: str
    source: str
    late: bool
    overtime: bool
    created_at: float


@dataclass(frozen=True, slots=True)
class StoredScore:
    round_id: int
    score: float
    points: int
    breakdown: dict[str, Any]
    scored_at: float


@dataclass(frozen=True, slots=True)
class HistoryRow:
    round: Round
    score: float | None
    points: int | None


def row_to_round(row: aiosqlite.Row) -> Round:
    return Round(
        id=row["id"],
        guild_id=row["guild_id"],
        user_id=row["user_id"],
        question_id=row["question_id"],
        round_type=RoundType(row["round_type"]),
        difficulty=Difficulty(row["difficulty"]),
        topic=row["topic"],
        status=RoundStatus(row["status"]),
        time_up_mode=TimeUpMode(row["time_up_mode"]),
        started_at=row["started_at"],
        deadline=row["deadline"],
        follow_ups_total=row["follow_ups_total"],
        hints_total=row["hints_total"],
        ended_at=row["ended_at"],
        hints_used=row["hints_used"],
        follow_up_index=row["follow_up_index"],
        overtime=bool(row["overtime"]),
        channel_id=row["channel_id"],
        thread_id=row["thread_id"],
    )


class RoundRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def insert(self, conn: aiosqlite.Connection, rnd: Round, front_end: str) -> int:
        cur = await conn.execute(
            "INSERT INTO sessions (guild_id, user_id, front_end, started_at) VALUES (?, ?, ?, ?)",
            (rnd.guild_id, rnd.user_id, front_end, rnd.started_at),
        )
        session_id = cur.lastrowid
        cur = await conn.execute(
            "INSERT INTO rounds (session_id, guild_id, user_id, question_id, round_type, difficulty, topic,"
            " status, time_up_mode, started_at, deadline, hints_total, follow_ups_total, channel_id, thread_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                session_id,
                rnd.guild_id,
                rnd.user_id,
                rnd.question_id,
                rnd.round_type.value,
                rnd.difficulty.value,
                rnd.topic,
                rnd.status.value,
                rnd.time_up_mode.value,
                rnd.started_at,
                rnd.deadline,
                rnd.hints_total,
                rnd.follow_ups_total,
                rnd.channel_id,
                rnd.thread_id,
            ),
        )
        assert cur.lastrowid is not None
        return cur.lastrowid

    async def update(self, conn: aiosqlite.Connection, rnd: Round, expected_status: RoundStatus) -> bool:
        """Write the new state only if nobody changed the round meanwhile (a double click loses here)."""
        cur = await conn.execute(
            "UPDATE rounds SET status = ?, ended_at = ?, hints_used = ?, follow_up_index = ?, overtime = ?,"
            " channel_id = ?, thread_id = ? WHERE id = ? AND status = ?",
            (
                rnd.status.value,
                rnd.ended_at,
                rnd.hints_used,
                rnd.follow_up_index,
                int(rnd.overtime),
                rnd.channel_id,
                rnd.thread_id,
                rnd.id,
                expected_status.value,
            ),
        )
        return cur.rowcount == 1

    async def get(self, round_id: int) -> Round | None:
        row = await self.db.fetchone("SELECT * FROM rounds WHERE id = ?", (round_id,))
        return None if row is None else row_to_round(row)

    async def open_round(self, guild_id: int, user_id: int) -> Round | None:
        row = await self.db.fetchone(
            f"SELECT * FROM rounds WHERE guild_id = ? AND user_id = ? AND status IN ({_OPEN_SQL})",
            (guild_id, user_id, *_OPEN),
        )
        return None if row is None else row_to_round(row)

    async def by_thread(self, thread_id: int) -> Round | None:
        row = await self.db.fetchone(
            "SELECT * FROM rounds WHERE thread_id = ? ORDER BY id DESC LIMIT 1", (thread_id,)
        )
        return None if row is None else row_to_round(row)

    async def seen_question_ids(self, guild_id: int, user_id: int) -> list[str]:
        """Question ids this member was asked, oldest first (each id once, at its latest time)."""
        rows = await self.db.fetchall(
            "SELECT question_id, max(started_at) AS last FROM rounds WHERE guild_id = ? AND user_id = ?"
            " GROUP BY question_id ORDER BY last",
            (guild_id, user_id),
        )
        return [r["question_id"] for r in rows]

    async def add_part(
        self,
        conn: aiosqlite.Connection,
        round_id: int,
        kind: PartKind,
        follow_up_index: int | None,
        content: str,
        source: str,
        external_id: str | None,
        late: bool,
        overtime: bool,
        now: float,
    ) -> bool:
        """Store one answer part; False when this external id was already stored (a retry)."""
        cur = await conn.execute(
            "INSERT OR IGNORE INTO answer_parts (round_id, kind, follow_up_index, content, source, external_id,"
            " late, overtime, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                round_id,
                kind.value,
                follow_up_index,
                content,
                source,
                external_id,
                int(late),
                int(overtime),
                now,
            ),
        )
        return cur.rowcount == 1

    async def parts(self, round_id: int) -> list[StoredPart]:
        rows = await self.db.fetchall(
            "SELECT * FROM answer_parts WHERE round_id = ? ORDER BY id", (round_id,)
        )
        return [
            StoredPart(
                id=r["id"],
                kind=PartKind(r["kind"]),
                follow_up_index=r["follow_up_index"],
                content=r["content"],
                source=r["source"],
                late=bool(r["late"]),
                overtime=bool(r["overtime"]),
                created_at=r["created_at"],
            )
            for r in rows
        ]

    async def save_score(
        self,
        conn: aiosqlite.Connection,
        round_id: int,
        score: float,
        points: int,
        breakdown: dict[str, Any],
        now: float,
    ) -> bool:
        cur = await conn.execute(
            "INSERT OR IGNORE INTO scores (round_id, score, points, breakdown_json, scored_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (round_id, score, points, json.dumps(breakdown), now),
        )
        return cur.rowcount == 1

    async def score(self, round_id: int) -> StoredScore | None:
        row = await self.db.fetchone("SELECT * FROM scores WHERE round_id = ?", (round_id,))
        if row is None:
            return None
        return StoredScore(
            row["round_id"], row["score"], row["points"], json.loads(row["breakdown_json"]), row["scored_at"]
        )

    async def history(self, guild_id: int, user_id: int, limit: int, offset: int = 0) -> list[HistoryRow]:
        rows = await self.db.fetchall(
            "SELECT r.*, s.score AS s_score, s.points AS s_points FROM rounds r"
            " LEFT JOIN scores s ON s.round_id = r.id"
            " WHERE r.guild_id = ? AND r.user_id = ? ORDER BY r.started_at DESC, r.id DESC LIMIT ? OFFSET ?",
            (guild_id, user_id, limit, offset),
        )
        return [HistoryRow(row_to_round(r), r["s_score"], r["s_points"]) for r in rows]

    async def count(self, guild_id: int, user_id: int) -> int:
        return int(
            await self.db.scalar(
                "SELECT count(*) FROM rounds WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
            )
        )

    async def open_rounds(self) -> list[Round]:
        rows = await self.db.fetchall(f"SELECT * FROM rounds WHERE status IN ({_OPEN_SQL})", _OPEN)
        return [row_to_round(r) for r in rows]

    async def taking_thread_messages(self, since: float) -> list[Round]:
        """Rounds with a thread that still store messages (open, or timed out after `since`)."""
        rows = await self.db.fetchall(
            f"SELECT * FROM rounds WHERE thread_id IS NOT NULL AND (status IN ({_OPEN_SQL})"
            " OR (status = 'timed_out' AND deadline >= ?))",
            (*_OPEN, since),
        )
        return [row_to_round(r) for r in rows]

    async def external_ids(self, round_id: int) -> set[str]:
        rows = await self.db.fetchall(
            "SELECT external_id FROM answer_parts WHERE round_id = ? AND external_id IS NOT NULL", (round_id,)
        )
        return {r["external_id"] for r in rows}
