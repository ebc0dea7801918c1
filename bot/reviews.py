"""Self and peer reviews: stored beside the automatic score, never overwriting it."""

from __future__ import annotations

import json
from dataclasses import dataclass

import aiosqlite

from bot.core import reviews as rules
from bot.core.errors import RoundNotFound
from bot.core.questions import Question
from bot.core.rounds import Round, RoundStatus
from bot.core.scoring.points import PEER_REVIEW_BONUS
from bot.service import InterviewService, Member


@dataclass(frozen=True, slots=True)
class StoredReview:
    round_id: int
    reviewer_id: int
    kind: str
    ticked: list[str]
    comment: str
    created_at: float


@dataclass(frozen=True, slots=True)
class ReviewOutcome:
    round: Round
    question: Question
    comparison: rules.ReviewComparison
    first_peer_review: bool = False


class ReviewService:
    def __init__(self, service: InterviewService) -> None:
        self.service = service
        self.db = service.db

    async def _finished(self, round_id: int) -> tuple[Round, Question, list[str]]:
        rnd = await self.service.find_round(round_id)
        if rnd is None:
            raise RoundNotFound(f"Round #{round_id} does not exist.")
        stored = await self.service.rounds.score(round_id)
        hits = [p["id"] for p in stored.breakdown.get("points", []) if p.get("hit")] if stored else []
        return rnd, self.service.question_of(rnd), hits

    async def question_for(self, round_id: int) -> Question:
        """The question a round asked (its rubric orders the key points a review ticks)."""
        rnd = await self.service.find_round(round_id)
        if rnd is None:
            raise RoundNotFound(f"Round #{round_id} does not exist.")
        return self.service.question_of(rnd)

    async def reference(self, round_id: int) -> Question:
        """The question, for its reference answer and rubric: only once the round is finished."""
        rnd = await self.service.find_round(round_id)
        if rnd is None or not rnd.status.is_final:
            raise RoundNotFound("The reference answer opens once the round is finished.")
        return self.service.question_of(rnd)

    async def for_peer(self, reviewer: Member, round_id: int) -> tuple[Round, Question, str]:
        """What a peer reviewer reads: the round, its question and the answer (a shared, finished
        round of someone else)."""
        rnd = await self.service.find_round(round_id)
        if rnd is None:
            raise RoundNotFound(f"Round #{round_id} does not exist.")
        rules.check_peer_review(rnd, reviewer.user_id, await self.is_shared(round_id))
        parts = await self.service.parts(round_id)
        answer = "\n\n".join(p.content for p in parts if not p.late) or "(no answer was written)"
        return rnd, self.service.question_of(rnd), answer

    async def self_review(self, member: Member, round_id: int, ticked: list[str]) -> ReviewOutcome:
        rnd, question, hits = await self._finished(round_id)
        rules.check_self_review(rnd, member.user_id)
        ticked = rules.check_ticks(question, ticked)
        await self._save(round_id, member.user_id, "self", ticked, "")
        return ReviewOutcome(rnd, question, rules.compare(question, ticked, hits))

    async def share(self, member: Member, round_id: int | None = None) -> Round:
        """Share a finished round (the latest one when no id is given) for peer review."""
        if round_id is None:
            row = await self.db.fetchone(
                "SELECT id FROM rounds WHERE guild_id = ? AND user_id = ? AND status IN (?, ?)"
                " ORDER BY started_at DESC, id DESC LIMIT 1",
                (member.guild_id, member.user_id, RoundStatus.DONE.value, RoundStatus.TIMED_OUT.value),
            )
            if row is None:
                raise RoundNotFound("You have no finished round to share yet.")
            round_id = row["id"]
        rnd, _, _ = await self._finished(round_id)
        rules.check_self_review(rnd, member.user_id)  # same rule: yours, and finished
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE rounds SET shared_at = coalesce(shared_at, ?) WHERE id = ?",
                (self.service.clock.now(), round_id),
            )
        return rnd

    async def is_shared(self, round_id: int) -> bool:
        return bool(
            await self.db.scalar("SELECT shared_at IS NOT NULL FROM rounds WHERE id = ?", (round_id,))
        )

    async def peer_review(
        self, reviewer: Member, round_id: int, ticked: list[str], comment: str
    ) -> ReviewOutcome:
        rnd, question, hits = await self._finished(round_id)
        if rnd.guild_id != reviewer.guild_id:
            raise RoundNotFound("That round belongs to another server.")
        rules.check_peer_review(rnd, reviewer.user_id, await self.is_shared(round_id))
        ticked = rules.check_ticks(question, ticked)
        comment = rules.check_comment(comment)
        async with self.db.transaction() as conn:
            before = await self._peer_count(conn, round_id)
            await self._upsert(conn, round_id, reviewer.user_id, "peer", ticked, comment)
            first = before == 0
            if first:  # the documented +2 for a reviewed answer, once, only where points were earned
                await conn.execute(
                    "UPDATE scores SET points = points + ? WHERE round_id = ? AND points > 0",
                    (PEER_REVIEW_BONUS, round_id),
                )
        return ReviewOutcome(rnd, question, rules.compare(question, ticked, hits), first_peer_review=first)

    async def reviews(self, round_id: int) -> list[StoredReview]:
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

    async def _peer_count(self, conn: aiosqlite.Connection, round_id: int) -> int:
        async with conn.execute(
            "SELECT count(*) FROM reviews WHERE round_id = ? AND kind = 'peer'", (round_id,)
        ) as cur:
            row = await cur.fetchone()
        return int(row[0])

    async def _save(
        self, round_id: int, reviewer_id: int, kind: str, ticked: list[str], comment: str
    ) -> None:
        async with self.db.transaction() as conn:
            await self._upsert(conn, round_id, reviewer_id, kind, ticked, comment)

    async def _upsert(
        self,
        conn: aiosqlite.Connection,
        round_id: int,
        reviewer_id: int,
        kind: str,
        ticked: list[str],
        comment: str,
    ) -> None:
        await conn.execute(
            "INSERT INTO reviews (round_id, reviewer_id, kind, points_json, comment, created_at) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (round_id, reviewer_id, kind) DO UPDATE SET points_json = excluded.points_json,"
            " comment = excluded.comment, created_at = excluded.created_at",
            (round_id, reviewer_id, kind, json.dumps(ticked), comment, self.service.clock.now()),
        )
