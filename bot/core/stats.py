"""A member's figures from plain round records: per type, per topic, weakest topics, time used. Pure."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from bot.core.models import RoundType

WEAKEST_COUNT = 3


@dataclass(frozen=True, slots=True)
class RoundRecord:
    round_type: RoundType
    topic: str
    status: str
    started_at: float
    time_used: float
    time_limit: float
    score: float | None  # None: never scored (abandoned or still open)
    points: int


@dataclass(frozen=True, slots=True)
class TypeSummary:
    round_type: RoundType
    rounds: int
    scored: int
    average: float | None
    time_used: float
    time_limit: float


@dataclass(frozen=True, slots=True)
class TopicSummary:
    round_type: RoundType
    topic: str
    scored: int
    average: float


@dataclass(frozen=True, slots=True)
class Suggestion:
    """The round to practise next. Data only: each front end words the command that starts it."""

    round_type: RoundType
    topic: str


@dataclass(frozen=True, slots=True)
class MemberStats:
    rounds: int
    points: int
    by_type: list[TypeSummary]
    by_topic: list[TopicSummary]
    weakest: list[TopicSummary]
    suggestion: Suggestion | None
    time_used: float
    time_limit: float


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def summarise(records: Iterable[RoundRecord]) -> MemberStats:
    records = list(records)
    by_type: dict[RoundType, list[RoundRecord]] = defaultdict(list)
    topic_scores: dict[tuple[RoundType, str], list[float]] = defaultdict(list)
    for rec in records:
        by_type[rec.round_type].append(rec)
        if rec.score is not None:
            topic_scores[(rec.round_type, rec.topic)].append(rec.score)
    types = [
        TypeSummary(
            rtype,
            len(recs),
            sum(1 for r in recs if r.score is not None),
            _mean([r.score for r in recs if r.score is not None]),
            sum(r.time_used for r in recs),
            sum(r.time_limit for r in recs),
        )
        for rtype in RoundType
        if (recs := by_type.get(rtype))
    ]
    topics = sorted(
        (TopicSummary(rt, topic, len(s), sum(s) / len(s)) for (rt, topic), s in topic_scores.items()),
        key=lambda t: (list(RoundType).index(t.round_type), t.topic),
    )
    # A topic at 100 is nobody's weak spot, however few topics there are.
    below_full = [t for t in topics if t.average < 100]
    weakest = sorted(below_full, key=lambda t: (t.average, -t.scored, t.topic))[:WEAKEST_COUNT]
    suggestion = Suggestion(weakest[0].round_type, weakest[0].topic) if weakest else None
    return MemberStats(
        rounds=len(records),
        points=sum(r.points for r in records),
        by_type=types,
        by_topic=topics,
        weakest=weakest,
        suggestion=suggestion,
        time_used=sum(t.time_used for t in types),
        time_limit=sum(t.time_limit for t in types),
    )
