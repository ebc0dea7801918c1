"""Self and peer reviews: stored beside the automatic score, never overwriting it."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core import reviews as rules
from bot.core.errors import RoundNotFound
from bot.core.questions import Question
from bot.core.rounds import Round
from bot.core.scoring.points import PEER_REVIEW_BONUS
from bot.service import InterviewService, Member
from bot.storage.reviews import ReviewRepository, StoredReview
from bot.storage.rounds import RoundRepository


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
        self._reviews = ReviewRepository(self.db)  # reads; every write is a `db.unit_of_work()`
        self._rounds = RoundRepository(self.db)

    async def _finished(self, round_id: int) -> tuple[Round, Question, list[str]]:
        rnd = await self.service.find_round(round_id)
        if rnd is None:
            raise RoundNotFound(f"Round #{round_id} does not exist.")
        stored = await self.service.result(round_id)
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
        async with self.db.unit_of_work() as uow:
            await uow.reviews.upsert(round_id, member.user_id, "self", ticked, "", self.service.clock.now())
        return ReviewOutcome(rnd, question, rules.compare(question, ticked, hits))

    async def share(self, member: Member, round_id: int | None = None) -> Round:
        """Share a finished round (the latest one when no id is given) for peer review."""
        if round_id is None:
            round_id = await self._rounds.latest_finished(member.guild_id, member.user_id)
            if round_id is None:
                raise RoundNotFound("You have no finished round to share yet.")
        rnd, _, _ = await self._finished(round_id)
        rules.check_self_review(rnd, member.user_id)  # same rule: yours, and finished
        async with self.db.unit_of_work() as uow:
            await uow.rounds.set_shared(round_id, self.service.clock.now())
        return rnd

    async def is_shared(self, round_id: int) -> bool:
        return await self._rounds.is_shared(round_id)

    async def peer_review(
        self, reviewer: Member, round_id: int, ticked: list[str], comment: str
    ) -> ReviewOutcome:
        rnd, question, hits = await self._finished(round_id)
        if rnd.guild_id != reviewer.guild_id:
            raise RoundNotFound("That round belongs to another server.")
        rules.check_peer_review(rnd, reviewer.user_id, await self.is_shared(round_id))
        ticked = rules.check_ticks(question, ticked)
        comment = rules.check_comment(comment)
        async with self.db.unit_of_work() as uow:
            first = await uow.reviews.peer_count(round_id) == 0
            await uow.reviews.upsert(
                round_id, reviewer.user_id, "peer", ticked, comment, self.service.clock.now()
            )
            if first:  # the documented +2 for a reviewed answer, once, only where points were earned
                await uow.rounds.add_peer_bonus(round_id, PEER_REVIEW_BONUS)
        return ReviewOutcome(rnd, question, rules.compare(question, ticked, hits), first_peer_review=first)

    async def reviews(self, round_id: int) -> list[StoredReview]:
        return await self._reviews.of_round(round_id)
