"""Self and peer reviews (table reviews), kept beside the automatic score."""

from __future__ import annotations

import json
from dataclasses import dataclass

from bot.storage.repository import Repository


@dataclass(frozen=True, slots=True)
class StoredReview:
    round_id: int
    reviewer_id: int
    kind: str
    ticked: list[str]
    comment: str
    created_at: float


class ReviewRepository(Repository):
    async def upsert(
        self, round_id: int, reviewer_id: int, kind: str, ticked: list[str], comment: str, now: float
    ) -> None:
        """One review per (round, reviewer, kind): a second one replaces the first."""
        await self.tx.execute(
            "INSERT INTO reviews (round_id, reviewer_id, kind, points_json, comment, created_at) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (round_id, reviewer_id, kind) DO UPDATE SET points_json = excluded.points_json,"
            " comment = excluded.comment, created_at = excluded.created_at",
            (round_id, reviewer_id, kind, json.dumps(ticked), comment, now),
        )

    async def peer_count(self, round_id: int) -> int:
        return int(
            await self.db.scalar(
                "SELECT count(*) FROM reviews WHERE round_id = ? AND kind = 'peer'", (round_id,)
            )
            or 0
        )

    async def of_round(self, round_id: int) -> list[StoredReview]:
        rows = await self.db.fetchall("SELECT * FROM reviews WHERE round_id = ? ORDER BY id", (round_id,))
        return [
            StoredReview(
                r["round_id"],
                r["reviewer_id"],
                r["kind"],
                json.loads(r["points_json"]),
                r["comment"],
                r["created_at"],
            )
            for r in rows
        ]
