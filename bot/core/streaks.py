"""Streaks: consecutive guild-local days with at least one finished round or answered daily question.

With a streak freeze (a guild setting, off by default), up to `freezes_per_week` missed days in
each Monday-to-Sunday week do not break a streak. A frozen day keeps the streak alive but does
not add to its length.
"""

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


def streak(timestamps: Iterable[float], tz: str, now: float, freezes_per_week: int = 0) -> Streak:
    days = sorted(active_days(timestamps, tz))
    if not days:
        return Streak(0, 0, None)
    frozen: dict[tuple[int, int], int] = {}  # (ISO year, week) -> missed days forgiven in it

    def bridged(missed: list[date]) -> bool:
        """Whether every missed day can be forgiven (and, if so, forgives them)."""
        weeks: dict[tuple[int, int], int] = {}
        for day in missed:
            iso = day.isocalendar()
            weeks[(iso.year, iso.week)] = weeks.get((iso.year, iso.week), 0) + 1
        if any(frozen.get(week, 0) + n > freezes_per_week for week, n in weeks.items()):
            return False
        for week, n in weeks.items():
            frozen[week] = frozen.get(week, 0) + n
        return True

    best = run = 1
    for before, after in itertools.pairwise(days):
        missed = [before + timedelta(days=i) for i in range(1, (after - before).days)]
        run = run + 1 if not missed or (freezes_per_week and bridged(missed)) else 1
        best = max(best, run)
    today = local_date(now, tz)
    gap = [days[-1] + timedelta(days=i) for i in range(1, (today - days[-1]).days)]  # before today
    alive = not gap or (freezes_per_week > 0 and bridged(gap))
    return Streak(run if alive else 0, best, days[-1])
