"""Leaderboard rules: period boundaries in the guild's timezone, ranking and paging. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.errors import InvalidOption

PAGE_SIZE = 10


class Period(StrEnum):
    WEEK = "week"
    MONTH = "month"
    ALL = "all"

    @property
    def label(self) -> str:
        return {"week": "This week", "month": "This month", "all": "All time"}[self.value]


def parse_period(value: str | Period | None) -> Period:
    if value is None or value == "":
        return Period.WEEK
    try:
        return Period(str(value).strip().lower())
    except ValueError:
        raise InvalidOption(f"Unknown period '{value}'. Choose week, month or all.") from None


def zone(name: str) -> ZoneInfo:
    """The IANA zone called `name`, or a member-friendly error."""
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidOption(
            f"Unknown timezone '{name}'. Use an IANA name such as UTC, Europe/Berlin or America/New_York."
        ) from None


def local_date(ts: float, tz: str) -> date:
    return datetime.fromtimestamp(ts, zone(tz)).date()


def local_midnight(day: date, tz: str) -> float:
    """The instant a guild-local day begins (DST-aware)."""
    return datetime.combine(day, time(0), zone(tz)).timestamp()


def period_bounds(period: Period, now: float, tz: str) -> tuple[float, float]:
    """[start, end) of the period containing `now`; weeks start Monday 00:00 local time."""
    today = local_date(now, tz)
    if period is Period.ALL:
        return 0.0, float("inf")
    if period is Period.WEEK:
        first = today - timedelta(days=today.weekday())
        after = first + timedelta(days=7)
    else:
        first = today.replace(day=1)
        after = (first + timedelta(days=32)).replace(day=1)
    return local_midnight(first, tz), local_midnight(after, tz)


@dataclass(frozen=True, slots=True)
class Standing:
    """A member's total in a period and when they reached it (their last point-earning event)."""

    user_id: int
    points: int
    reached_at: float


@dataclass(frozen=True, slots=True)
class Ranked:
    rank: int
    user_id: int
    points: int
    reached_at: float


def rank(standings: list[Standing]) -> list[Ranked]:
    """Most points first; on equal points whoever got there first ranks higher. Ranks are unique."""
    ordered = sorted(standings, key=lambda s: (-s.points, s.reached_at, s.user_id))
    return [Ranked(i + 1, s.user_id, s.points, s.reached_at) for i, s in enumerate(ordered)]


@dataclass(frozen=True, slots=True)
class BoardPage:
    entries: list[Ranked]
    caller: Ranked | None  # the caller's own line, wherever they rank (None: no activity)
    page: int
    pages: int
    total: int


def page_of(ranked: list[Ranked], page: int, caller_id: int, size: int = PAGE_SIZE) -> BoardPage:
    pages = max(1, -(-len(ranked) // size))
    page = min(max(page, 0), pages - 1)
    caller = next((r for r in ranked if r.user_id == caller_id), None)
    return BoardPage(ranked[page * size : (page + 1) * size], caller, page, pages, len(ranked))
