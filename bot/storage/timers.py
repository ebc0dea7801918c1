"""Persistent timers: a row per pending timer, deleted only after its handler succeeded."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import aiosqlite

from bot.storage.repository import Repository

if TYPE_CHECKING:
    from bot.storage.database import Database


@dataclass(frozen=True, slots=True)
class StoredTimer:
    id: int
    kind: str
    round_id: int | None
    due_at: float
    payload: dict[str, Any]
    attempts: int


TimerScope = Literal["all", "terminal", "discord"]
# A round's front end is stored with its session (sessions.front_end, written by RoundRepository.insert).
_ROUND_OF = "SELECT 1 FROM rounds r JOIN sessions s ON s.id = r.session_id WHERE r.id = t.round_id"
_SCOPES: dict[str, str] = {
    "all": "1",
    "terminal": f"EXISTS ({_ROUND_OF} AND s.front_end = 'terminal')",
    "discord": f"(t.round_id IS NULL OR EXISTS ({_ROUND_OF} AND s.front_end != 'terminal'))",
}


def _row(r: aiosqlite.Row) -> StoredTimer:
    return StoredTimer(
        r["id"], r["kind"], r["round_id"], r["due_at"], json.loads(r["payload_json"]), r["attempts"]
    )


class TimerRepository(Repository):
    def __init__(
        self, db: Database, scope: TimerScope = "all", conn: aiosqlite.Connection | None = None
    ) -> None:
        """`scope` says whose round timers this process fires: those of rounds started in the
        terminal, those of rounds started in Discord (and timers of no round), or all; by the
        front end stored with the round's session. Both front ends share one database, and a
        practice session in a terminal must never take a Discord round's time-up."""
        super().__init__(db, conn)
        self._where = _SCOPES[scope]

    async def add(
        self,
        kind: str,
        round_id: int | None,
        due_at: float,
        now: float,
        payload: dict[str, Any] | None = None,
    ) -> None:
        await self.tx.execute(
            "INSERT OR IGNORE INTO timers (kind, round_id, due_at, payload_json, created_at) VALUES (?, ?, ?, ?, ?)",
            (kind, round_id, due_at, json.dumps(payload or {}), now),
        )

    async def next_due_at(self) -> float | None:
        return await self.db.scalar(f"SELECT min(due_at) FROM timers t WHERE {self._where}")

    async def due(self, now: float, limit: int = 500) -> list[StoredTimer]:
        rows = await self.db.fetchall(
            f"SELECT * FROM timers t WHERE due_at <= ? AND {self._where} ORDER BY due_at, id LIMIT ?",
            (now, limit),
        )
        return [_row(r) for r in rows]

    async def all(self) -> list[StoredTimer]:
        return [_row(r) for r in await self.db.fetchall("SELECT * FROM timers ORDER BY due_at, id")]

    async def for_round(self, round_id: int) -> list[StoredTimer]:
        rows = await self.db.fetchall("SELECT * FROM timers WHERE round_id = ? ORDER BY due_at", (round_id,))
        return [_row(r) for r in rows]

    async def delete_many(self, timer_ids: list[int]) -> None:
        """One transaction for a dispatcher pass (at most `due`'s limit of ids: far below
        SQLite's cap on parameters)."""
        marks = ", ".join("?" for _ in timer_ids)
        conn = self.tx
        await conn.execute(f"DELETE FROM timers WHERE id IN ({marks})", timer_ids)

    async def delete_for_round(self, round_id: int, keep: int | None = None) -> None:
        """Every timer of the round but `keep` (a timer whose handler is still running)."""
        await self.tx.execute("DELETE FROM timers WHERE round_id = ? AND id IS NOT ?", (round_id, keep))

    async def retry_later(self, timer_id: int, due_at: float, error: str) -> None:
        conn = self.tx
        await conn.execute(
            "UPDATE timers SET due_at = ?, attempts = attempts + 1, last_error = ? WHERE id = ?",
            (due_at, error[:500], timer_id),
        )
