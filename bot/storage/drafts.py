"""Draft lines: what a terminal member typed for a round but has not sent as an answer yet."""

from __future__ import annotations

from dataclasses import dataclass

from bot.storage.repository import Repository


@dataclass(frozen=True, slots=True)
class DraftLine:
    id: int
    phase: str  # "answer" or "follow_up:N"
    content: str
    created_at: float


class DraftRepository(Repository):
    async def add(self, round_id: int, phase: str, content: str, now: float) -> int:
        cur = await self.tx.execute(
            "INSERT INTO answer_drafts (round_id, phase, content, created_at) VALUES (?, ?, ?, ?)",
            (round_id, phase, content, now),
        )
        return int(cur.lastrowid or 0)

    async def lines(self, round_id: int, phase: str | None = None) -> list[DraftLine]:
        """The round's draft lines in the order typed (one phase, or all)."""
        if phase is None:
            rows = await self.db.fetchall(
                "SELECT * FROM answer_drafts WHERE round_id = ? ORDER BY id", (round_id,)
            )
        else:
            rows = await self.db.fetchall(
                "SELECT * FROM answer_drafts WHERE round_id = ? AND phase = ? ORDER BY id", (round_id, phase)
            )
        return [DraftLine(r["id"], r["phase"], r["content"], r["created_at"]) for r in rows]

    async def drop_last(self, round_id: int, phase: str) -> str | None:
        """Remove the last line typed in this phase; returns it (None when there was none)."""
        rows = list(
            await self.tx.execute_fetchall(
                "SELECT id, content FROM answer_drafts WHERE round_id = ? AND phase = ? ORDER BY id DESC LIMIT 1",
                (round_id, phase),
            )
        )
        if not rows:
            return None
        await self.tx.execute("DELETE FROM answer_drafts WHERE id = ?", (rows[0][0],))
        return str(rows[0][1])

    async def clear(self, round_id: int, phase: str | None = None) -> None:
        if phase is None:
            await self.tx.execute("DELETE FROM answer_drafts WHERE round_id = ?", (round_id,))
        else:
            await self.tx.execute("DELETE FROM answer_drafts WHERE round_id = ? AND phase = ?", (round_id, phase))
