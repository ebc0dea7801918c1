"""Rounds, their answer parts and scores."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

import aiosqlite

from bot.core.follow_up_plan import FollowUpPlan
from bot.core.models import Difficulty, RoundType
from bot.core.rounds import OPEN_STATUSES, PartKind, Round, RoundStatus, TimeUpMode
from bot.storage.repository import Repository

_OPEN = tuple(s.value for s in OPEN_STATUSES)


class OpenRoundExists(Exception):
    """The member already has an open round (two starts raced); the caller reports that round."""

    def __init__(self, guild_id: int, user_id: int) -> None:
        super().__init__(f"member {user_id} of guild {guild_id} already has an open round")
        self.guild_id, self.user_id = guild_id, user_id


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
class RoundPosts:
    """The messages a round posted in its thread when it opened (migration 0012)."""

    status_message_id: int  # the first message of the question: it starts with the status line
    controls_message_id: int  # the one with the round's buttons (the last of the question)

    @property
    def single(self) -> bool:
        """The status line and the buttons are on one message (the question fit in one)."""
        return self.status_message_id == self.controls_message_id


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
        follow_up_plan=FollowUpPlan.from_json(row["follow_up_plan"]),
    )


class RoundRepository(Repository):
    async def insert(self, rnd: Round, front_end: str) -> int:
        """A new round (in a session of `front_end`). OpenRoundExists when the member already has
        an open round: the one-open-round index refused it (two starts raced)."""
        conn = self.tx
        cur = await conn.execute(
            "INSERT INTO sessions (guild_id, user_id, front_end, started_at) VALUES (?, ?, ?, ?)",
            (rnd.guild_id, rnd.user_id, front_end, rnd.started_at),
        )
        session_id = cur.lastrowid
        try:
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
        except sqlite3.IntegrityError as exc:
            # The insert's only unique constraint is the one-open-round index (migration 0001).
            if exc.sqlite_errorname == "SQLITE_CONSTRAINT_UNIQUE":
                raise OpenRoundExists(rnd.guild_id, rnd.user_id) from None
            raise
        assert cur.lastrowid is not None
        return cur.lastrowid

    async def update(self, rnd: Round, expected_status: RoundStatus) -> bool:
        """Write the new state only if nobody changed the round meanwhile (a double click loses here)."""
        cur = await self.tx.execute(
            "UPDATE rounds SET status = ?, ended_at = ?, hints_used = ?, follow_up_index = ?, overtime = ?,"
            " channel_id = ?, thread_id = ?, follow_up_plan = ? WHERE id = ? AND status = ?",
            (
                rnd.status.value,
                rnd.ended_at,
                rnd.hints_used,
                rnd.follow_up_index,
                int(rnd.overtime),
                rnd.channel_id,
                rnd.thread_id,
                rnd.follow_up_plan.to_json() if rnd.follow_up_plan else None,
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
        cur = await self.tx.execute(
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
        round_id: int,
        score: float,
        points: int,
        breakdown: dict[str, Any],
        now: float,
    ) -> bool:
        cur = await self.tx.execute(
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

    async def attach_thread(self, round_id: int, channel_id: int | None, thread_id: int | None) -> None:
        await self.tx.execute(
            "UPDATE rounds SET channel_id = ?, thread_id = ? WHERE id = ?", (channel_id, thread_id, round_id)
        )

    async def save_posts(self, round_id: int, posts: RoundPosts) -> None:
        await self.tx.execute(
            "INSERT OR REPLACE INTO round_posts (round_id, status_message_id, controls_message_id)"
            " VALUES (?, ?, ?)",
            (round_id, posts.status_message_id, posts.controls_message_id),
        )

    async def posts(self, round_id: int) -> RoundPosts | None:
        """The round's stored posts; None for a round opened before they were stored."""
        row = await self.db.fetchone(
            "SELECT status_message_id, controls_message_id FROM round_posts WHERE round_id = ?", (round_id,)
        )
        return None if row is None else RoundPosts(row["status_message_id"], row["controls_message_id"])

    async def set_shared(self, round_id: int, now: float) -> None:
        """Mark the round shared for peer review (the first time counts)."""
        await self.tx.execute(
            "UPDATE rounds SET shared_at = coalesce(shared_at, ?) WHERE id = ?", (now, round_id)
        )

    async def is_shared(self, round_id: int) -> bool:
        return bool(
            await self.db.scalar("SELECT shared_at IS NOT NULL FROM rounds WHERE id = ?", (round_id,))
        )

    async def latest_finished(self, guild_id: int, user_id: int) -> int | None:
        """The id of the member's latest finished (done or timed-out) round."""
        return await self.db.scalar(
            "SELECT id FROM rounds WHERE guild_id = ? AND user_id = ? AND status IN (?, ?)"
            " ORDER BY started_at DESC, id DESC LIMIT 1",
            (guild_id, user_id, RoundStatus.DONE.value, RoundStatus.TIMED_OUT.value),
        )

    async def add_peer_bonus(self, round_id: int, bonus: int) -> None:
        """The documented bonus for a reviewed answer, only where points were earned."""
        await self.tx.execute(
            "UPDATE scores SET points = points + ? WHERE round_id = ? AND points > 0", (bonus, round_id)
        )
