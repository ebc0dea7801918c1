"""The round state machine: pure functions from (state, event) to a new state.

    asked ──answer──▶ answering ──done──▶ follow_ups ──answers──▶ scoring ──▶ done
      │                  │                    │
      └──────────────────┴────────────────────┴──give up──▶ abandoned
                                               └──hard time-up──▶ timed_out

Every action's allowed starting states are one table, `ALLOWED`, and the functions below
check it (an action outside its states raises IllegalTransition with a sentence from
`why_not`; a time-up outside its states is a no-op, since timers may repeat). A round is
created `asked`: storage writes the row and the question is shown in the same step. (Migration
0001's one-open-round index still names an older `created` status; no row ever holds it.)
Time-up is hard by default: the round closes and keeps what was answered. In soft mode the
round goes on; parts after the deadline are marked overtime. No I/O and no clock here: every
event carries the time it happened.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from bot.core.errors import IllegalTransition, NothingAnswered
from bot.core.follow_up_plan import FollowUpPlan
from bot.core.models import Difficulty, RoundType


class RoundStatus(StrEnum):
    ASKED = "asked"
    ANSWERING = "answering"
    FOLLOW_UPS = "follow_ups"
    SCORING = "scoring"
    DONE = "done"
    ABANDONED = "abandoned"
    TIMED_OUT = "timed_out"

    @property
    def is_open(self) -> bool:
        return self in OPEN_STATUSES

    @property
    def is_final(self) -> bool:
        return self in (RoundStatus.DONE, RoundStatus.ABANDONED, RoundStatus.TIMED_OUT)


OPEN_STATUSES = frozenset(
    {
        RoundStatus.ASKED,
        RoundStatus.ANSWERING,
        RoundStatus.FOLLOW_UPS,
        RoundStatus.SCORING,
    }
)


class TimeUpMode(StrEnum):
    HARD = "hard"
    SOFT = "soft"


class PartKind(StrEnum):
    ANSWER = "answer"
    FOLLOW_UP = "follow_up"


@dataclass(frozen=True, slots=True)
class Round:
    """A round as the core sees it. `id` is None until storage gives it one."""

    id: int | None
    guild_id: int
    user_id: int
    question_id: str
    round_type: RoundType
    difficulty: Difficulty
    topic: str
    status: RoundStatus
    time_up_mode: TimeUpMode
    started_at: float
    deadline: float
    follow_ups_total: int
    hints_total: int
    ended_at: float | None = None
    hints_used: int = 0
    follow_up_index: int = 0
    overtime: bool = False
    channel_id: int | None = None
    thread_id: int | None = None
    follow_up_plan: FollowUpPlan | None = None  # the order follow-ups are asked in (set at Done)

    @property
    def limit_seconds(self) -> float:
        return self.deadline - self.started_at

    def time_left(self, now: float) -> float:
        return max(0.0, self.deadline - now)

    def time_used(self, now: float) -> float:
        end = self.ended_at if self.ended_at is not None else now
        return max(0.0, end - self.started_at)


@dataclass(frozen=True, slots=True)
class AcceptedPart:
    """What happened to one piece of answer text."""

    round: Round
    kind: PartKind
    follow_up_index: int | None
    late: bool  # arrived after a hard time-up: stored, never scored
    overtime: bool  # arrived after the deadline in soft mode: scored, marked


def new_round(
    *,
    guild_id: int,
    user_id: int,
    question_id: str,
    round_type: RoundType,
    difficulty: Difficulty,
    topic: str,
    minutes: int,
    now: float,
    time_up_mode: TimeUpMode = TimeUpMode.HARD,
    follow_ups_total: int = 0,
    hints_total: int = 0,
) -> Round:
    return Round(
        id=None,
        guild_id=guild_id,
        user_id=user_id,
        question_id=question_id,
        round_type=round_type,
        difficulty=difficulty,
        topic=topic,
        status=RoundStatus.ASKED,
        time_up_mode=time_up_mode,
        started_at=now,
        deadline=now + minutes * 60,
        follow_ups_total=follow_ups_total,
        hints_total=hints_total,
    )


class Action(StrEnum):
    """What can happen to a round; the value is how `why_not` names it to the member."""

    ADD_PART = "add to your answer"
    HINT = "take a hint"
    FINISH = "finish the answer"
    NEXT_FOLLOW_UP = "move to the next follow-up"
    GIVE_UP = "give up"
    TIME_UP = "run out of time"
    MARK_SCORED = "score it again"


_S = RoundStatus
# The transition table: the states each action may start from (where it leads: the functions below).
ALLOWED: dict[Action, frozenset[RoundStatus]] = {
    Action.ADD_PART: frozenset({_S.ASKED, _S.ANSWERING, _S.FOLLOW_UPS}),  # also TIMED_OUT: kept as late
    Action.HINT: frozenset({_S.ASKED, _S.ANSWERING}),
    Action.FINISH: frozenset({_S.ANSWERING}),
    Action.NEXT_FOLLOW_UP: frozenset({_S.FOLLOW_UPS}),
    Action.GIVE_UP: frozenset({_S.ASKED, _S.ANSWERING, _S.FOLLOW_UPS}),
    Action.TIME_UP: frozenset({_S.ASKED, _S.ANSWERING, _S.FOLLOW_UPS}),  # elsewhere a no-op
    Action.MARK_SCORED: frozenset({_S.SCORING}),
}


def allows(rnd: Round, action: Action) -> bool:
    return rnd.status in ALLOWED[action]


def _require(rnd: Round, action: Action) -> None:
    if not allows(rnd, action):
        raise IllegalTransition(why_not(rnd, action.value))


def why_not(rnd: Round, action: str) -> str:
    """A member-facing sentence on why `action` is not possible in the round's current state."""
    match rnd.status:
        case RoundStatus.DONE:
            return f"This round is already finished and scored, so you can't {action}."
        case RoundStatus.ABANDONED:
            return f"You gave up this round, so you can't {action}."
        case RoundStatus.TIMED_OUT:
            return f"Time is up on this round, so you can't {action}."
        case RoundStatus.SCORING:
            return f"This round is being scored, so you can't {action}."
        case RoundStatus.FOLLOW_UPS:
            return f"You're on the follow-up questions now, so you can't {action}."
        case _:
            return f"You can't {action} right now (round is {rnd.status.value})."


def add_part(rnd: Round, now: float) -> AcceptedPart:
    """A piece of answer text arrived. Never raises for a closed-by-time round: the text is kept."""
    if rnd.status is RoundStatus.TIMED_OUT:
        return AcceptedPart(rnd, PartKind.ANSWER, None, late=True, overtime=False)
    _require(rnd, Action.ADD_PART)
    overtime = now > rnd.deadline
    if rnd.status is RoundStatus.FOLLOW_UPS:
        return AcceptedPart(rnd, PartKind.FOLLOW_UP, rnd.follow_up_index, late=False, overtime=overtime)
    updated = replace(rnd, status=RoundStatus.ANSWERING, overtime=rnd.overtime or overtime)
    return AcceptedPart(updated, PartKind.ANSWER, None, late=False, overtime=overtime)


def use_hint(rnd: Round) -> Round:
    _require(rnd, Action.HINT)
    if rnd.hints_used >= rnd.hints_total:
        raise IllegalTransition(
            "There are no more hints for this question."
            if rnd.hints_total
            else "This question has no hints, so you're on your own."
        )
    return replace(rnd, hints_used=rnd.hints_used + 1)


def finish_answer(rnd: Round, now: float, plan: FollowUpPlan | None = None) -> Round:
    """The member says their main answer is complete: follow-ups next (asked in `plan`'s order,
    see bot.core.follow_up_plan), or straight to scoring."""
    if rnd.status is RoundStatus.ASKED:
        raise NothingAnswered()
    _require(rnd, Action.FINISH)
    if rnd.follow_ups_total > 0:
        return replace(rnd, status=RoundStatus.FOLLOW_UPS, follow_up_index=0, follow_up_plan=plan)
    return replace(rnd, status=RoundStatus.SCORING, ended_at=now)


def next_follow_up(rnd: Round, now: float) -> Round:
    """The current follow-up is answered (or skipped): the next one, or scoring."""
    _require(rnd, Action.NEXT_FOLLOW_UP)
    nxt = rnd.follow_up_index + 1
    if nxt < rnd.follow_ups_total:
        return replace(rnd, follow_up_index=nxt)
    return replace(rnd, status=RoundStatus.SCORING, follow_up_index=nxt, ended_at=now)


def give_up(rnd: Round, now: float) -> Round:
    _require(rnd, Action.GIVE_UP)
    return replace(rnd, status=RoundStatus.ABANDONED, ended_at=now)


def time_up(rnd: Round, now: float) -> Round:
    """The deadline passed. Hard mode closes the round; soft mode only marks it overtime."""
    if not allows(rnd, Action.TIME_UP):
        return rnd  # already closed or being scored: a no-op, never an error (timers may repeat)
    if rnd.time_up_mode is TimeUpMode.SOFT:
        return replace(rnd, overtime=True)
    return replace(rnd, status=RoundStatus.TIMED_OUT, ended_at=min(now, rnd.deadline))


def mark_scored(rnd: Round) -> Round:
    _require(rnd, Action.MARK_SCORED)
    return replace(rnd, status=RoundStatus.DONE)


# ---- timers -------------------------------------------------------------------------------


class TimerKind(StrEnum):
    HALF_TIME = "half_time"
    FIVE_MINUTES = "five_minutes"
    TIME_UP = "time_up"
    CLOSE_ROOM = "close_room"  # a while after the result: the round's thread is archived and locked


@dataclass(frozen=True, slots=True)
class TimerPlan:
    kind: TimerKind
    due_at: float


def plan_timers(rnd: Round) -> list[TimerPlan]:
    """Warnings at half time and at 5 minutes left (when that is later than half time), then time-up."""
    plans = [TimerPlan(TimerKind.HALF_TIME, rnd.started_at + rnd.limit_seconds / 2)]
    five_left = rnd.deadline - 300
    if five_left > plans[0].due_at:
        plans.append(TimerPlan(TimerKind.FIVE_MINUTES, five_left))
    plans.append(TimerPlan(TimerKind.TIME_UP, rnd.deadline))
    return plans
