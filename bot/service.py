"""The application service: the one API both front ends (Discord and terminal) call.

It joins the pure core (rounds, selection, scoring, points) with storage and the timer
dispatcher. Every state change is one transaction guarded by the round's previous status, so
a double click or a retried delivery changes nothing the second time.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any

from bot.core import rounds as rules
from bot.core.bank import QuestionBank
from bot.core.clock import Clock
from bot.core.errors import (
    AnswerTooLong,
    EmptyAnswer,
    IllegalTransition,
    InvalidOption,
    RoundAlreadyActive,
    RoundNotFound,
)
from bot.core.models import RoundType
from bot.core.policy import (
    GuildPolicy,
    check_enabled,
    parse_difficulty,
    parse_round_type,
    resolve_minutes,
)
from bot.core.questions import Question
from bot.core.rounds import PartKind, Round, RoundStatus, TimerKind
from bot.core.scoring import combine_with_tests, score_answer
from bot.core.scoring.parts import answer_parts
from bot.core.scoring.points import compute_points
from bot.core.selection import choose_question
from bot.core.text import has_visible_text
from bot.storage.database import Database
from bot.storage.guilds import GuildRepository
from bot.storage.members import ensure_member
from bot.storage.migrations import upgrade
from bot.storage.rounds import HistoryRow, RoundRepository, StoredPart
from bot.storage.study import farming_adjusted_points
from bot.storage.timers import StoredTimer, TimerRepository, TimerScope
from bot.timers import TimerDispatcher

log = logging.getLogger(__name__)

MAX_PART_CHARS = 8000  # one message/modal/terminal answer part
MAX_ANSWER_CHARS = 60_000  # everything a member may send for one round


@dataclass(frozen=True, slots=True)
class Member:
    guild_id: int
    user_id: int
    name: str = ""


@dataclass(frozen=True, slots=True)
class RoundView:
    round: Round
    question: Question


@dataclass(frozen=True, slots=True)
class RoundResult:
    round: Round
    question: Question
    score: float
    points: int
    breakdown: dict[str, Any]  # ScoreResult.to_dict()


@dataclass(frozen=True, slots=True)
class AnswerAck:
    round: Round
    question: Question
    stored: bool  # False: this delivery was already stored (a retry)
    late: bool  # after a hard time-up: kept, never scored
    overtime: bool
    next_follow_up: str | None = None  # the follow-up to show now, if any
    result: RoundResult | None = None  # set when this part completed the round


@dataclass(frozen=True, slots=True)
class HintView:
    round: Round
    text: str
    number: int
    total: int


@dataclass(frozen=True, slots=True)
class RoundEvent:
    """A timer fired for a round. `nonce` is stable per timer so a front end can de-duplicate posts."""

    kind: TimerKind
    round: Round
    question: Question
    nonce: str
    result: RoundResult | None = None
    # True when an earlier run of this handler may already have posted (a retry, or a timer that
    # was due before this process started: the last process may have died between post and delete).
    maybe_repeat: bool = False


Listener = Callable[[RoundEvent], Awaitable[None]]


class InterviewService:
    def __init__(
        self,
        db: Database,
        bank: QuestionBank,
        clock: Clock,
        rng: random.Random | None = None,
        timer_scope: TimerScope = "all",
    ) -> None:
        self.db = db
        self.bank = bank
        # Questions a guild imported (/bank import), mixed into that guild's selection only.
        self.guild_extras: dict[int, QuestionBank] = {}
        self.clock = clock
        self.rng = rng or random.Random()
        self.rounds = RoundRepository(db)
        self.timer_repo = TimerRepository(db, timer_scope)
        self.guilds = GuildRepository(db)
        self.timers = TimerDispatcher(self.timer_repo, clock, self._on_timer)
        self.listeners: list[Listener] = []
        self.opened_at = clock.now()

    @classmethod
    async def open(
        cls,
        db_path: str,
        bank: QuestionBank,
        clock: Clock,
        rng: random.Random | None = None,
        timer_scope: TimerScope = "all",
    ) -> InterviewService:
        db = await Database.open(db_path)
        try:
            await upgrade(db, clock.now())
        except BaseException:
            await db.close()
            raise
        return cls(db, bank, clock, rng, timer_scope)

    async def close(self) -> None:
        await self.timers.stop()
        await self.db.close()

    # ---- starting -------------------------------------------------------------------------

    async def start_round(
        self,
        member: Member,
        round_type: str | RoundType,
        difficulty: str | None = None,
        topic: str | None = None,
        minutes: int | None = None,
        *,
        front_end: str = "discord",
        channel_id: int | None = None,
        question_id: str | None = None,
    ) -> RoundView:
        """Open a round. With `question_id` that exact question is asked (it must fit the round type)."""
        rtype = parse_round_type(round_type)
        bank = self.bank_for(member.guild_id)
        chosen = bank.get(question_id.strip()) if question_id else None
        if chosen is not None and chosen.round_type is not rtype:
            raise InvalidOption(
                f"Question {chosen.id} is a {chosen.round_type.label.lower()} question, not {rtype.label.lower()}."
            )
        if chosen is not None and chosen not in bank.filter(round_type=rtype):
            raise InvalidOption(f"Question {chosen.id} is switched off in this server.")
        level = parse_difficulty(difficulty)
        policy = await self.guilds.policy(member.guild_id)
        check_enabled(policy, rtype)
        topic = self._check_topic(bank, rtype, topic)
        if minutes is not None:
            resolve_minutes(policy, rtype, minutes, None)  # fail fast, before anything is chosen
        existing = await self.rounds.open_round(member.guild_id, member.user_id)
        if existing is not None:
            raise self._already_open(existing)

        seen = await self.rounds.seen_question_ids(member.guild_id, member.user_id)
        candidates = [
            q
            for q in bank.filter(round_type=rtype, difficulty=level, topic=topic)
            if q.answer.kind != "choice"
        ]
        question = chosen or choose_question(
            candidates, seen, self.rng, round_type=rtype, difficulty=level, topic=topic
        )
        now = self.clock.now()
        rnd = rules.new_round(
            guild_id=member.guild_id,
            user_id=member.user_id,
            question_id=question.id,
            round_type=rtype,
            difficulty=question.difficulty,
            topic=question.topic,
            minutes=resolve_minutes(policy, rtype, minutes, question.time_limit_minutes),
            now=now,
            time_up_mode=policy.time_up_mode,
            follow_ups_total=len(question.follow_ups),
            hints_total=len(question.hints),
        )
        rnd = replace(rnd, channel_id=channel_id)
        try:
            async with self.db.transaction() as conn:
                await ensure_member(conn, member.guild_id, member.user_id, member.name, now)
                round_id = await self.rounds.insert(conn, rnd, front_end)
                for plan in rules.plan_timers(rnd):
                    await self.timer_repo.add(conn, plan.kind.value, round_id, plan.due_at, now)
        except Exception as exc:
            if "UNIQUE constraint failed: rounds" in str(exc):  # raced with another start
                other = await self.rounds.open_round(member.guild_id, member.user_id)
                if other is not None:
                    raise self._already_open(other) from None
            raise
        self.timers.poke()
        return RoundView(replace(rnd, id=round_id), question)

    def _check_topic(self, bank: QuestionBank, rtype: RoundType, topic: str | None) -> str | None:
        if topic is None or not topic.strip():
            return None
        wanted = topic.strip().lower().replace(" ", "_")
        topics = bank.topics(rtype)
        if wanted not in topics:
            raise InvalidOption(
                f"There is no topic '{topic}' for {rtype.label.lower()} rounds. Topics: {', '.join(topics)}."
            )
        return wanted

    def _already_open(self, rnd: Round) -> RoundAlreadyActive:
        where = f" in <#{rnd.thread_id}>" if rnd.thread_id else ""
        return RoundAlreadyActive(
            f"You already have a {rnd.round_type.label.lower()} round open{where} "
            f"(round #{rnd.id}). Finish it or give up before starting another.",
            round_id=rnd.id or 0,
            thread_id=rnd.thread_id,
        )

    async def attach_thread(self, round_id: int, channel_id: int | None, thread_id: int | None) -> Round:
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE rounds SET channel_id = ?, thread_id = ? WHERE id = ?",
                (channel_id, thread_id, round_id),
            )
        return await self._round(round_id)

    # ---- reading --------------------------------------------------------------------------

    def bank_for(self, guild_id: int) -> QuestionBank:
        """The bundled bank plus what this guild imported."""
        return self.guild_extras.get(guild_id, self.bank)

    def question_of(self, rnd: Round) -> Question:
        return self.bank_for(rnd.guild_id).get(rnd.question_id)

    async def _round(self, round_id: int) -> Round:
        rnd = await self.rounds.get(round_id)
        if rnd is None:
            raise RoundNotFound(f"Round #{round_id} does not exist.")
        return rnd

    async def open_round(self, member: Member) -> RoundView | None:
        rnd = await self.rounds.open_round(member.guild_id, member.user_id)
        return None if rnd is None else RoundView(rnd, self.question_of(rnd))

    async def require_open_round(self, member: Member) -> RoundView:
        view = await self.open_round(member)
        if view is None:
            raise RoundNotFound("You have no round open. Start one with /mock start.")
        return view

    async def round_in_thread(self, thread_id: int) -> RoundView | None:
        rnd = await self.rounds.by_thread(thread_id)
        return None if rnd is None else RoundView(rnd, self.question_of(rnd))

    async def parts(self, round_id: int) -> list[StoredPart]:
        return await self.rounds.parts(round_id)

    async def history(
        self, guild_id: int, user_id: int, limit: int = 10, offset: int = 0
    ) -> list[HistoryRow]:
        return await self.rounds.history(guild_id, user_id, limit, offset)

    async def member_name(self, guild_id: int, user_id: int) -> str:
        name = await self.db.scalar(
            "SELECT display_name FROM members WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
        )
        return name or f"member {user_id}"

    async def history_count(self, guild_id: int, user_id: int) -> int:
        return await self.rounds.count(guild_id, user_id)

    async def result(self, round_id: int) -> RoundResult | None:
        stored = await self.rounds.score(round_id)
        if stored is None:
            return None
        rnd = await self._round(round_id)
        return RoundResult(rnd, self.question_of(rnd), stored.score, stored.points, stored.breakdown)

    async def policy(self, guild_id: int) -> GuildPolicy:
        return await self.guilds.policy(guild_id)

    async def save_policy(self, guild_id: int, policy: GuildPolicy) -> None:
        await self.guilds.save_policy(guild_id, policy, self.clock.now())

    # ---- during the round -----------------------------------------------------------------

    async def add_answer(
        self,
        member: Member,
        text: str,
        *,
        source: str,
        external_id: str | None = None,
        round_id: int | None = None,
    ) -> AnswerAck:
        """Store one piece of answer text. In the follow-up phase it answers the current follow-up."""
        text = (text or "").strip()
        if not has_visible_text(text):
            raise EmptyAnswer("That answer is empty. Write something first.")
        if len(text) > MAX_PART_CHARS:
            raise AnswerTooLong(
                f"That part is {len(text):,} characters; one part can be at most {MAX_PART_CHARS:,}. Split it."
            )
        rnd = await self._target(member, round_id, allow_timed_out=True)
        question = self.question_of(rnd)
        now = self.clock.now()
        used = sum(len(p.content) for p in await self.rounds.parts(rnd.id or 0))
        if used + len(text) > MAX_ANSWER_CHARS:
            raise AnswerTooLong(
                f"This round already holds {used:,} characters of answer; the limit is {MAX_ANSWER_CHARS:,}."
            )
        accepted = rules.add_part(rnd, now)
        new = accepted.round
        if accepted.kind is PartKind.FOLLOW_UP:
            new = rules.next_follow_up(rnd, now)
        async with self.db.transaction() as conn:
            stored = await self.rounds.add_part(
                conn,
                rnd.id or 0,
                accepted.kind,
                accepted.follow_up_index,
                text,
                source,
                external_id,
                accepted.late,
                accepted.overtime,
                now,
            )
            if stored and new != rnd and not await self.rounds.update(conn, new, rnd.status):
                stored = False  # someone else moved the round on; the part is still kept
        if not stored:
            current = await self._round(rnd.id or 0)
            return AnswerAck(current, question, False, accepted.late, accepted.overtime)
        return await self._after_step(
            new, question, AnswerAck(new, question, True, accepted.late, accepted.overtime)
        )

    async def hint(self, member: Member) -> HintView:
        view = await self.require_open_round(member)
        new = rules.use_hint(view.round)
        async with self.db.transaction() as conn:
            if not await self.rounds.update(conn, new, view.round.status):
                raise RoundNotFound("The round changed while you asked; try again.")
            # guard against two hint clicks racing: hints_used is part of the compared state
        return HintView(new, view.question.hints[new.hints_used - 1], new.hints_used, new.hints_total)

    async def finish(self, member: Member, round_id: int | None = None) -> AnswerAck:
        """Done pressed: show the first follow-up, skip the current follow-up, or score."""
        rnd = await self._target(member, round_id)
        question = self.question_of(rnd)
        now = self.clock.now()
        new = (
            rules.next_follow_up(rnd, now)
            if rnd.status is RoundStatus.FOLLOW_UPS
            else rules.finish_answer(rnd, now)
        )
        async with self.db.transaction() as conn:
            moved = await self.rounds.update(conn, new, rnd.status)
        if not moved:  # a double click: the first one did the work
            current = await self._round(rnd.id or 0)
            return AnswerAck(
                current, question, False, False, current.overtime, result=await self.result(rnd.id or 0)
            )
        return await self._after_step(new, question, AnswerAck(new, question, True, False, new.overtime))

    async def give_up(self, member: Member, round_id: int | None = None) -> Round:
        rnd = await self._target(member, round_id)
        new = rules.give_up(rnd, self.clock.now())
        async with self.db.transaction() as conn:
            if not await self.rounds.update(conn, new, rnd.status):
                return await self._round(rnd.id or 0)
            await self.timer_repo.delete_for_round(conn, rnd.id or 0)
        self.timers.poke()
        return new

    async def _target(self, member: Member, round_id: int | None, *, allow_timed_out: bool = False) -> Round:
        if round_id is not None:
            rnd = await self._round(round_id)
            if (rnd.guild_id, rnd.user_id) != (member.guild_id, member.user_id):
                raise RoundNotFound("That round belongs to someone else.")
            if rnd.status.is_open or (allow_timed_out and rnd.status is RoundStatus.TIMED_OUT):
                return rnd
            raise IllegalTransition(rules.why_not(rnd, "change it"))
        return (await self.require_open_round(member)).round

    async def _after_step(self, new: Round, question: Question, ack: AnswerAck) -> AnswerAck:
        if new.status is RoundStatus.FOLLOW_UPS:
            return replace(ack, next_follow_up=question.follow_ups[new.follow_up_index].prompt)
        if new.status is RoundStatus.SCORING:
            return replace(ack, round=(res := await self._score(new, question)).round, result=res)
        return ack

    # ---- scoring --------------------------------------------------------------------------

    async def _score(self, rnd: Round, question: Question) -> RoundResult:
        """Score once: the scores row's primary key and the status guard make a retry a no-op."""
        parts = [p for p in await self.rounds.parts(rnd.id or 0) if not p.late]
        text = "\n\n".join(p.content for p in parts)
        main, follow_ups = answer_parts(question, parts)  # follow-ups are scored on their own key points
        result = score_answer(question, main, follow_ups)
        if question.answer.kind == "code":
            tests = await self.db.fetchone(
                "SELECT passed, total FROM code_submissions WHERE round_id = ? AND which = 'tests'"
                " ORDER BY id DESC LIMIT 1",
                (rnd.id,),
            )
            if tests is not None:  # the judge ran: tests passed become 70% of the score
                result = combine_with_tests(result, tests["passed"], tests["total"])
        timed_out = rnd.status is RoundStatus.TIMED_OUT
        points = (
            0
            if timed_out or not text
            else compute_points(
                result.score,
                rnd.difficulty,
                rnd.hints_used,
                rnd.hints_total,
                rnd.time_used(self.clock.now()),
                rnd.limit_seconds,
                rnd.overtime,
                peer_reviewed=False,
            )
        )
        points = await farming_adjusted_points(self.db, rnd, points, self.clock.now())
        final = rnd if timed_out else rules.mark_scored(rnd)
        now = self.clock.now()
        async with self.db.transaction() as conn:
            if await self.rounds.save_score(conn, rnd.id or 0, result.score, points, result.to_dict(), now):
                if final is not rnd:
                    await self.rounds.update(conn, final, rnd.status)
                await self.timer_repo.delete_for_round(conn, rnd.id or 0)
        self.timers.poke()
        stored = await self.result(rnd.id or 0)
        assert stored is not None
        return stored

    # ---- timers ---------------------------------------------------------------------------

    async def _on_timer(self, timer: StoredTimer) -> None:
        if timer.round_id is None:
            return
        rnd = await self.rounds.get(timer.round_id)
        if rnd is None:
            return
        kind = TimerKind(timer.kind)
        question = self.question_of(rnd)
        result = None
        if kind is TimerKind.TIME_UP:
            new = rules.time_up(rnd, self.clock.now())
            if new != rnd:
                async with self.db.transaction() as conn:
                    await self.rounds.update(conn, new, rnd.status)
            rnd = await self._round(rnd.id or 0)
            if rnd.status is RoundStatus.TIMED_OUT:
                result = await self.result(rnd.id or 0) or await self._score(rnd, question)
        elif not rnd.status.is_open or rnd.status is RoundStatus.SCORING:
            return  # a warning for a round that is over: nothing to say
        maybe_repeat = timer.attempts > 0 or timer.due_at < self.opened_at
        event = RoundEvent(
            kind, rnd, question, nonce=f"timer-{timer.id}", result=result, maybe_repeat=maybe_repeat
        )
        for listener in self.listeners:
            await listener(event)
