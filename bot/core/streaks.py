"""Streaks: consecutive guild-local days with at least one finished round or answered daily question."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from bot.core.leaderboard import local_date


@dataclass(frozen=True, slots=True)
class Streak:
    current: int  # alive while the last active day is today or yesterday
    best: int
    last_day: date | None


_EPOCH = date(1970, 1, 1)
_NO_OFFSET = frozenset({"UTC", "Etc/UTC", "GMT", "Etc/GMT", "Zulu"})


def active_days(timestamps: Iterable[float], tz: str) -> set[date]:
    if tz.strip() in _NO_OFFSET:  # the default zone: plain arithmetic, no datetime per timestamp
        return {_EPOCH + timedelta(days=d) for d in {int(ts // 86400) for ts in timestamps}}
    return {local_date(ts, tz) for ts in timestamps}


def streak(timestamps: Iterable[float], tz: str, now: float) -> Streak:
    days = sorted(active_days(timestamps, tz))
    if not days:
        return Streak(0, 0, None)
    best = run = 1
    for before, after in itertools.pairwise(days):
        run = run + 1 if after - before == timedelta(days=1) else 1
        best = max(best, run)
    today = local_date(now, tz)
    current = run if today - days[-1] <= timedelta(days=1) else 0
    return Streak(current, best, days[-1])
