"""The application service: the one API both front ends (Discord and terminal) call.

It joins the pure core (rounds, selection, scoring, points) with storage and the timer
dispatcher. Every state change is one transaction guarded by the round's previous status, so
a double click or a retried delivery changes nothing the second time.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections import OrderedDict
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
    NoOpenRound,
    RoundAlreadyActive,
    RoundNotFound,
    RoundOfSomeoneElse,
)
from bot.core.farming import allowed_points
from bot.core.follow_up_plan import FollowUpPlan, asked_question, follow_up_as_question, plan_follow_ups
from bot.core.model_verdicts import CheckedReply
from bot.core.models import RoundType, in_prose
from bot.core.policy import (
    GuildPolicy,
    check_enabled,
    parse_difficulty,
    parse_round_type,
    resolve_minutes,
)
from bot.core.questions import Question
from bot.core.rounds import PartKind, Round, RoundStatus, TimerKind
from bot.core.scoring import combine_with_tests
from bot.core.scoring.parts import answer_parts
from bot.core.scoring.points import compute_points
from bot.core.scoring.results import ScoreResult
from bot.core.selection import choose_question
from bot.core.text import has_visible_text
from bot.memo import remember
from bot.model_grading import ModelGrader, ModelGrading
from bot.scoring_process import Scorer
from bot.storage.code_runs import CodeRunRepository
from bot.storage.database import Database
from bot.storage.drafts import DraftLine, DraftRepository
from bot.storage.guilds import GuildRepository
from bot.storage.members import MemberRepository
from bot.storage.meta import MetaRepository
from bot.storage.migrations import upgrade
from bot.storage.rounds import HistoryRow, OpenRoundExists, RoundPosts, RoundRepository, StoredPart
from bot.storage.timers import StoredTimer, TimerScope
from bot.timers import TimerDispatcher

log = logging.getLogger(__name__)

ROOM_CLOSES_AFTER = 30 * 60  # seconds after the result until a round's thread is archived and locked

MAX_PART_CHARS = 8000  # one message/modal/terminal answer part
MAX_ANSWER_CHARS = 60_000  # everything a member may send for one round
MEMO_SIZE = 512  # rounds whose main-answer score (and asked question) this process keeps for reuse


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
        grader: ModelGrader | None = None,
        scorer: Scorer | None = None,
    ) -> None:
        self.db = db
        self.bank = bank
        self.grader = grader  # the optional model grader; None or unconfigured: the rubric grades
        self.scorer = scorer or Scorer()  # the Discord bot's scores in a worker process; else inline
        # Questions a guild imported (/bank import), mixed into that guild's selection only.
        self.guild_extras: dict[int, QuestionBank] = {}
        self.clock = clock
        self.rng = rng or random.Random()
        # Repositories are this service's own (reads); every write is a `db.unit_of_work()`.
        self._rounds = RoundRepository(db)
        self._guilds = GuildRepository(db)
        self._meta = MetaRepository(db)
        self._members = MemberRepository(db)
        self._code_runs = CodeRunRepository(db)
        self._drafts = DraftRepository(db)
        self.timers = TimerDispatcher(db, timer_scope, clock, self._on_timer)
        self.listeners: list[Listener] = []
        self.opened_at = clock.now()
        self.front_end = "terminal" if timer_scope == "terminal" else "discord"  # who starts rounds here
        # (bank question, plan) -> the question as the round asks it: question_of is called on every step
        self._asked: OrderedDict[tuple[int, FollowUpPlan], tuple[Question, Question]] = OrderedDict()
        # round id -> the main answer's score from the follow-up plan, reused by the result
        self._main_scores: OrderedDict[int, _MainScore] = OrderedDict()

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
        front_end: str | None = None,
        channel_id: int | None = None,
        question_id: str | None = None,
    ) -> RoundView:
        """Open a round. With `question_id` that exact question is asked (it must fit the round type).
        The round belongs to `front_end` (by default this service's: the terminal's or Discord's),
        which decides whose process fires its timers."""
        rtype = parse_round_type(round_type)
        bank = self.bank_for(member.guild_id)
        chosen = bank.get(question_id.strip()) if question_id else None
        if chosen is not None and chosen.round_type is not rtype:
            raise InvalidOption(
                f"Question {chosen.id} is {chosen.round_type.in_prose} question, not {rtype.label.lower()}."
            )
        if chosen is not None and chosen not in bank.filter(round_type=rtype):
            raise InvalidOption(f"Question {chosen.id} is switched off in this server.")
        level = parse_difficulty(difficulty)
        policy = await self._guilds.policy(member.guild_id)
        check_enabled(policy, rtype)
        topic = self._check_topic(bank, rtype, topic)
        if minutes is not None:
            resolve_minutes(policy, rtype, minutes, None)  # fail fast, before anything is chosen
        existing = await self._rounds.open_round(member.guild_id, member.user_id)
        if existing is not None:
            raise self._already_open(existing)

        seen = await self._rounds.seen_question_ids(member.guild_id, member.user_id)
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
            async with self.db.unit_of_work() as uow:
                await uow.members.ensure(member.guild_id, member.user_id, member.name, now)
                round_id = await uow.rounds.insert(rnd, front_end or self.front_end)
                for plan in rules.plan_timers(rnd):
                    await uow.timers.add(plan.kind.value, round_id, plan.due_at, now)
        except OpenRoundExists:  # raced with another start
            other = await self._rounds.open_round(member.guild_id, member.user_id)
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
                f"There is no topic '{topic}' for {in_prose(rtype.label)} rounds. Topics: {', '.join(topics)}."
            )
        return wanted

    def _already_open(self, rnd: Round) -> RoundAlreadyActive:
        return RoundAlreadyActive(rnd.id or 0, rnd.round_type.label, rnd.thread_id)

    async def attach_thread(self, round_id: int, channel_id: int | None, thread_id: int | None) -> Round:
        async with self.db.unit_of_work() as uow:
            await uow.rounds.attach_thread(round_id, channel_id, thread_id)
        return await self._round(round_id)

    async def attach_posts(self, round_id: int, posts: RoundPosts) -> None:
        """Remember the messages the round's thread opened with (its status line, its buttons)."""
        async with self.db.unit_of_work() as uow:
            await uow.rounds.save_posts(round_id, posts)

    async def round_posts(self, round_id: int) -> RoundPosts | None:
        return await self._rounds.posts(round_id)

    # ---- reading --------------------------------------------------------------------------

    def set_guild_bank(self, guild_id: int, bank: QuestionBank | None) -> None:
        """The bank a guild's rounds choose from (bundled plus imported), or None for the bundled one."""
        if bank is None:
            self.guild_extras.pop(guild_id, None)
        else:
            self.guild_extras[guild_id] = bank

    def bank_for(self, guild_id: int) -> QuestionBank:
        """The bundled bank plus what this guild imported."""
        return self.guild_extras.get(guild_id, self.bank)

    async def next_question(self, rnd: Round) -> Question | None:
        """A question to study next after `rnd`: unseen, same round type, its topic first."""
        seen = set(await self._rounds.seen_question_ids(rnd.guild_id, rnd.user_id))
        bank = self.bank_for(rnd.guild_id)
        pool = [
            q
            for q in bank.filter(round_type=rnd.round_type)
            if q.id not in seen and q.id != rnd.question_id and q.answer.kind != "choice"
        ]
        topic = self.question_of(rnd).topic
        pool.sort(key=lambda q: (q.topic != topic, q.difficulty != rnd.difficulty, q.id))
        return pool[0] if pool else None

    def question_of(self, rnd: Round) -> Question:
        """The round's question, its follow-ups in the order this round asks them (built once per
        bank question and plan; questions are immutable, so the same object serves every call)."""
        base = self.bank_for(rnd.guild_id).get(rnd.question_id)
        plan = rnd.follow_up_plan
        if plan is None:
            return asked_question(base, None)
        key = (id(base), plan)
        hit = self._asked.get(key)
        if hit is not None and hit[0] is base:  # `is`: a reloaded bank's question is a new object
            self._asked.move_to_end(key)
            return hit[1]
        asked = asked_question(base, plan)
        remember(self._asked, key, (base, asked), MEMO_SIZE)
        return asked

    async def _round(self, round_id: int) -> Round:
        rnd = await self._rounds.get(round_id)
        if rnd is None:
            raise RoundNotFound(f"Round #{round_id} does not exist.")
        return rnd

    async def pending_timers(self) -> list[StoredTimer]:
        """Every timer row still waiting (all front ends'), due first: for tools and tests."""
        return await self.timers.repo.all()

    async def find_round(self, round_id: int) -> Round | None:
        """A round by id, whoever's it is; None when there is no such round."""
        return await self._rounds.get(round_id)

    async def owned_round(self, member: Member, round_id: int) -> Round:
        """The member's own round (in this guild); RoundOfSomeoneElse for any other id."""
        rnd = await self._rounds.get(round_id)
        if rnd is None or (rnd.guild_id, rnd.user_id) != (member.guild_id, member.user_id):
            raise RoundOfSomeoneElse()
        return rnd

    async def rounds_taking_messages(self, since: float) -> list[Round]:
        """Rounds with a thread that still store messages (open, or timed out after `since`)."""
        return await self._rounds.taking_thread_messages(since)

    async def known_message_ids(self, round_id: int) -> set[str]:
        """External ids of the round's stored answer parts (a thread message is `m<id>`)."""
        return await self._rounds.external_ids(round_id)

    async def open_round(self, member: Member) -> RoundView | None:
        rnd = await self._rounds.open_round(member.guild_id, member.user_id)
        return None if rnd is None else RoundView(rnd, self.question_of(rnd))

    async def require_open_round(self, member: Member) -> RoundView:
        view = await self.open_round(member)
        if view is None:
            raise NoOpenRound()
        return view

    async def round_in_thread(self, thread_id: int) -> RoundView | None:
        rnd = await self._rounds.by_thread(thread_id)
        return None if rnd is None else RoundView(rnd, self.question_of(rnd))

    async def parts(self, round_id: int) -> list[StoredPart]:
        return await self._rounds.parts(round_id)

    async def history(
        self, guild_id: int, user_id: int, limit: int = 10, offset: int = 0
    ) -> list[HistoryRow]:
        return await self._rounds.history(guild_id, user_id, limit, offset)

    async def member_name(self, guild_id: int, user_id: int) -> str:
        return await self._members.name(guild_id, user_id) or f"member {user_id}"

    async def history_count(self, guild_id: int, user_id: int) -> int:
        return await self._rounds.count(guild_id, user_id)

    async def result(self, round_id: int) -> RoundResult | None:
        stored = await self._rounds.score(round_id)
        if stored is None:
            return None
        rnd = await self._round(round_id)
        return RoundResult(rnd, self.question_of(rnd), stored.score, stored.points, stored.breakdown)

    async def policy(self, guild_id: int) -> GuildPolicy:
        return await self._guilds.policy(guild_id)

    async def save_policy(self, guild_id: int, policy: GuildPolicy) -> None:
        async with self.db.unit_of_work() as uow:
            await uow.guilds.save_policy(guild_id, policy, self.clock.now())

    async def change_policy(self, guild_id: int, change: Callable[[GuildPolicy], GuildPolicy]) -> GuildPolicy:
        """Read the guild's policy, apply `change`, save and return the result (one transaction)."""
        async with self.db.unit_of_work() as uow:
            policy = change(await uow.guilds.policy(guild_id))
            await uow.guilds.save_policy(guild_id, policy, self.clock.now())
        return policy

    async def fact(self, key: str) -> str | None:
        """A key/value fact about this installation (e.g. the synced command tree's digest)."""
        return await self._meta.get(key)

    async def set_fact(self, key: str, value: str) -> None:
        async with self.db.unit_of_work() as uow:
            await uow.meta.set(key, value)

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
        used = sum(len(p.content) for p in await self._rounds.parts(rnd.id or 0))
        if used + len(text) > MAX_ANSWER_CHARS:
            raise AnswerTooLong(
                f"This round already holds {used:,} characters of answer; the limit is {MAX_ANSWER_CHARS:,}."
            )
        accepted = rules.add_part(rnd, now)
        new = accepted.round
        if accepted.kind is PartKind.FOLLOW_UP:
            new = rules.next_follow_up(rnd, now)
        async with self.db.unit_of_work() as uow:
            stored = await uow.rounds.add_part(
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
            if stored and new != rnd and not await uow.rounds.update(new, rnd.status):
                stored = False  # someone else moved the round on; the part is still kept
        if not stored:
            current = await self._round(rnd.id or 0)
            return AnswerAck(current, question, False, accepted.late, accepted.overtime)
        return await self._after_step(
            new, question, AnswerAck(new, question, True, accepted.late, accepted.overtime)
        )

    async def hint(self, member: Member, round_id: int | None = None) -> HintView:
        """The next hint of the round `round_id` (a button's round), or of the member's open round."""
        rnd = await self._target(member, round_id)
        question = self.question_of(rnd)
        new = rules.use_hint(rnd)
        async with self.db.unit_of_work() as uow:
            if not await uow.rounds.update(new, rnd.status):
                raise RoundNotFound("The round changed while you asked; try again.")
            # guard against two hint clicks racing: hints_used is part of the compared state
        return HintView(new, question.hints[new.hints_used - 1], new.hints_used, new.hints_total)

    async def finish(self, member: Member, round_id: int | None = None) -> AnswerAck:
        """Done pressed: show the first follow-up, skip the current follow-up, or score."""
        rnd = await self._target(member, round_id)
        question = self.question_of(rnd)
        now = self.clock.now()
        if rnd.status is RoundStatus.FOLLOW_UPS:
            new = rules.next_follow_up(rnd, now)
        else:
            new = rules.finish_answer(rnd, now)
            if new.status is RoundStatus.FOLLOW_UPS:
                new = replace(new, follow_up_plan=await self._plan_follow_ups(rnd, question))
                question = self.question_of(new)
        async with self.db.unit_of_work() as uow:
            moved = await uow.rounds.update(new, rnd.status)
        if not moved:  # a double click: the first one did the work
            current = await self._round(rnd.id or 0)
            return AnswerAck(
                current, question, False, False, current.overtime, result=await self.result(rnd.id or 0)
            )
        return await self._after_step(new, question, AnswerAck(new, question, True, False, new.overtime))

    async def give_up(self, member: Member, round_id: int | None = None) -> Round:
        rnd = await self._target(member, round_id)
        new = rules.give_up(rnd, self.clock.now())
        async with self.db.unit_of_work() as uow:
            moved = await uow.rounds.update(new, rnd.status)
            if moved:
                await uow.timers.delete_for_round(rnd.id or 0)
        if not moved:
            return await self._round(rnd.id or 0)
        self.timers.poke()
        return new

    async def finish_scoring(self, member: Member, round_id: int) -> RoundResult:
        """A round left in `scoring` (the process died mid-score): score it now, once."""
        rnd = await self._target(member, round_id)
        if rnd.status is not RoundStatus.SCORING:
            raise IllegalTransition(rules.why_not(rnd, "score it now"))
        return await self.result(round_id) or await self._score(rnd, self.question_of(rnd))

    # ---- drafts (the terminal stores every line as it is typed) -----------------------------

    async def save_draft_line(self, round_id: int, phase: str, text: str) -> int:
        async with self.db.unit_of_work() as uow:
            return await uow.drafts.add(round_id, phase, text, self.clock.now())

    async def draft(self, round_id: int, phase: str | None = None) -> list[DraftLine]:
        return await self._drafts.lines(round_id, phase)

    async def drop_draft_line(self, round_id: int, phase: str) -> str | None:
        async with self.db.unit_of_work() as uow:
            return await uow.drafts.drop_last(round_id, phase)

    async def clear_draft(self, round_id: int, phase: str | None = None) -> None:
        async with self.db.unit_of_work() as uow:
            await uow.drafts.clear(round_id, phase)

    async def _flush_drafts(self, rnd: Round) -> None:
        """At a hard time-up, unsent draft lines become answer parts: those typed before the
        deadline are scored like sent text, later ones are kept as late."""
        lines = await self._drafts.lines(rnd.id or 0)
        if not lines:
            return
        by_phase: dict[str, list[DraftLine]] = {}
        for line in lines:
            by_phase.setdefault(line.phase, []).append(line)
        now = self.clock.now()
        async with self.db.unit_of_work() as uow:
            for phase, group in by_phase.items():
                for late in (False, True):
                    text = "\n".join(g.content for g in group if (g.created_at > rnd.deadline) is late).strip()
                    if not has_visible_text(text):
                        continue
                    index = int(phase.split(":", 1)[1]) if phase.startswith("follow_up:") else None
                    kind = PartKind.FOLLOW_UP if index is not None else PartKind.ANSWER
                    await uow.rounds.add_part(
                        rnd.id or 0, kind, index, text, "terminal",
                        f"draft-{rnd.id}-{phase}-{group[0].id}-{int(late)}", late, False, now,
                    )  # fmt: skip
            await uow.drafts.clear(rnd.id or 0)

    async def _target(self, member: Member, round_id: int | None, *, allow_timed_out: bool = False) -> Round:
        if round_id is not None:
            rnd = await self._round(round_id)
            if (rnd.guild_id, rnd.user_id) != (member.guild_id, member.user_id):
                raise RoundOfSomeoneElse()
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

    async def _plan_follow_ups(self, rnd: Round, question: Question) -> FollowUpPlan:
        """The follow-ups' order, from the main answer's per-key-point verdicts (the model's
        checked ones where the model grades this round, else the rubric's): the weakest point
        is probed first, in the model's own words when it gave a usable question."""
        parts = [p for p in await self._rounds.parts(rnd.id or 0) if not p.late]
        main, _ = answer_parts(question, parts)
        grading = await self._model_grading(rnd, question, main)
        result = await self.scorer.score(question, main, verdicts=grading.reply)
        remember(
            self._main_scores, rnd.id or 0, _MainScore(self._bank_question(rnd), main, grading.reply, result), MEMO_SIZE
        )
        credits = {p.id: p.earned for p in result.points}
        asked = grading.reply.follow_up if grading.reply is not None else None
        return plan_follow_ups(question, credits, asked)

    # ---- scoring --------------------------------------------------------------------------

    async def _score(self, rnd: Round, question: Question, *, firing: int | None = None) -> RoundResult:
        """Score once: the scores row's primary key and the status guard make a retry a no-op.

        The round's timers go with the score, except `firing`, the timer whose handler is
        scoring: its row must outlive the handler (the dispatcher deletes it after), or a crash
        between the score and the time-up post would lose the post for good."""
        parts = [p for p in await self._rounds.parts(rnd.id or 0) if not p.late]
        text = "\n\n".join(p.content for p in parts)
        main, follow_ups = answer_parts(question, parts)  # follow-ups are scored on their own key points
        grading, *follow_up_gradings = await asyncio.gather(
            self._model_grading(rnd, question, main),
            *(
                self._model_grading(rnd, follow_up_as_question(question, i), text or "")
                for i, text in enumerate(follow_ups or [])
                if question.follow_ups[i].key_points
            ),
        )  # at once, so a member waits at most one model timeout
        scored = iter(follow_up_gradings)
        follow_up_verdicts = [
            next(scored).reply if f.key_points else None for f in question.follow_ups[: len(follow_ups or [])]
        ]
        planned = self._main_scores.pop(rnd.id or 0, None)
        reused = planned.result if planned and planned.fits(self._bank_question(rnd), main, grading.reply) else None
        result = await self.scorer.score(
            question,
            main,
            follow_ups,
            verdicts=grading.reply,
            follow_up_verdicts=follow_up_verdicts,
            main_result=reused,  # scored once: the plan at Done already scored this main answer
        )
        if grading.model or grading.fallback:
            result = replace(result, grader_model=grading.model, grader_fallback=grading.fallback)
        if question.answer.kind == "code":
            tests = await self._code_runs.latest_test_run(rnd.id or 0)
            if tests is not None:  # the judge ran: tests passed become 70% of the score
                result = combine_with_tests(result, tests.passed, tests.total, tests.wrong)
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
        final = rnd if timed_out else rules.mark_scored(rnd)
        now = self.clock.now()
        breakdown = result.to_dict()
        used = rnd.time_used(now)
        award: dict[str, Any] = {  # how the points came about, for the one-line explanation
            "raw": points,
            "timed_out": timed_out,
            "empty": not text,
            "overtime": rnd.overtime,
            "on_time": not rnd.overtime and rnd.limit_seconds > 0 and 0 <= used <= rnd.limit_seconds,
            "repeated": False,
            "cap": None,
            "earned_today": None,
        }
        async with self.db.unit_of_work() as uow:
            if points > 0:  # the farming rules (bot.core.farming) decide, on facts read in this transaction
                facts = await uow.study.farming_facts(rnd, now)
                points = allowed_points(
                    points, repeated=facts.repeated, earned_today=facts.earned_today, daily_cap=facts.cap
                )
                award.update(repeated=facts.repeated, cap=facts.cap, earned_today=facts.earned_today)
            award["awarded"] = points
            breakdown["award"] = award
            if await uow.rounds.save_score(rnd.id or 0, result.score, points, breakdown, now):
                if final is not rnd:
                    await uow.rounds.update(final, rnd.status)
                await uow.timers.delete_for_round(rnd.id or 0, keep=firing)
                if rnd.thread_id is not None and not timed_out:  # the room closes a while after the result
                    await uow.timers.add(TimerKind.CLOSE_ROOM.value, rnd.id, now + ROOM_CLOSES_AFTER, now)
        self.timers.poke()
        stored = await self.result(rnd.id or 0)
        assert stored is not None
        return stored

    def _bank_question(self, rnd: Round) -> Question:
        return self.bank_for(rnd.guild_id).get(rnd.question_id)

    async def _model_grading(self, rnd: Round, question: Question, main: str) -> ModelGrading:
        """The configured model's checked verdicts on the main answer, or why the rubric grades.

        Code stays with its hidden tests, and a choice's pick with its key: the model judges only the
        reason under a right pick (`model_graded_text`). A terminal round is graded
        by the model whenever one is configured; a Discord round only where its server turned it on.
        """
        if self.grader is None:
            return ModelGrading(None)
        guild = None if self.front_end == "terminal" else rnd.guild_id
        return await self.grader.grade(question, main, guild_id=guild)

    # ---- timers ---------------------------------------------------------------------------

    async def _on_timer(self, timer: StoredTimer) -> None:
        if timer.round_id is None:
            return
        rnd = await self._rounds.get(timer.round_id)
        if rnd is None:
            return
        kind = TimerKind(timer.kind)
        question = self.question_of(rnd)
        result = None
        if kind is TimerKind.CLOSE_ROOM:
            if not rnd.status.is_final:
                return
        elif kind is TimerKind.TIME_UP:
            new = rules.time_up(rnd, self.clock.now())
            if new != rnd:
                async with self.db.unit_of_work() as uow:
                    await uow.rounds.update(new, rnd.status)
            rnd = await self._round(rnd.id or 0)
            if rnd.status is RoundStatus.TIMED_OUT:
                result = await self.result(rnd.id or 0)
                if result is None:
                    await self._flush_drafts(rnd)
                    result = await self._score(rnd, question, firing=timer.id)
        elif not rnd.status.is_open or rnd.status is RoundStatus.SCORING:
            return  # a warning for a round that is over: nothing to say
        maybe_repeat = timer.attempts > 0 or timer.due_at < self.opened_at
        event = RoundEvent(
            kind, rnd, question, nonce=f"timer-{timer.id}", result=result, maybe_repeat=maybe_repeat
        )
        for listener in self.listeners:
            await listener(event)


@dataclass(frozen=True, slots=True)
class _MainScore:
    """A main answer's score, kept from the follow-up plan for the round's result."""

    question: Question  # the bank's question object (its follow-ups do not enter the main score)
    answer: str
    verdicts: CheckedReply | None
    result: ScoreResult

    def fits(self, question: Question, answer: str, verdicts: CheckedReply | None) -> bool:
        """The same question object, answer text and verdicts: the same main score."""
        return (
            question is self.question
            and answer == self.answer
            and (verdicts is self.verdicts or verdicts == self.verdicts)
        )

