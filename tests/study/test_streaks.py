"""Streaks count guild-local days with activity."""

from __future__ import annotations

from bot.core.streaks import streak
from tests.study.conftest import MONDAY_2026_01_05 as MON

DAY = 86_400.0
HOUR = 3_600.0


def test_consecutive_days_build_a_streak_even_across_midnight() -> None:
    times = [MON + 23 * HOUR, MON + DAY + 0.5 * HOUR, MON + 2 * DAY + 12 * HOUR]
    s = streak(times, "UTC", now=MON + 2 * DAY + 13 * HOUR)
    assert (s.current, s.best) == (3, 3)


def test_two_rounds_on_one_day_count_once() -> None:
    s = streak([MON + HOUR, MON + 5 * HOUR], "UTC", now=MON + 6 * HOUR)
    assert (s.current, s.best) == (1, 1)


def test_streak_survives_until_the_end_of_the_next_day_then_resets() -> None:
    times = [MON + HOUR, MON + DAY + HOUR]
    assert streak(times, "UTC", now=MON + 2 * DAY + 23 * HOUR).current == 2  # today not done yet
    assert streak(times, "UTC", now=MON + 3 * DAY + HOUR).current == 0  # a whole day missed


def test_a_missed_day_restarts_the_current_streak_but_keeps_the_best() -> None:
    times = [MON + HOUR, MON + DAY + HOUR, MON + 2 * DAY + HOUR, MON + 4 * DAY + HOUR]
    s = streak(times, "UTC", now=MON + 4 * DAY + 2 * HOUR)
    assert (s.current, s.best) == (1, 3)


def test_changing_the_timezone_moves_the_day_boundaries() -> None:
    # 23:30 UTC Monday and 00:30 UTC Wednesday: a gap in UTC, but Tuesday and Wednesday in Berlin.
    times = [MON + 23.5 * HOUR, MON + 2 * DAY + 0.5 * HOUR]
    now = MON + 2 * DAY + HOUR
    assert (streak(times, "UTC", now).current, streak(times, "UTC", now).best) == (1, 1)
    assert streak(times, "Europe/Berlin", now).current == 2


def test_no_activity_is_a_zero_streak() -> None:
    s = streak([], "UTC", now=MON)
    assert (s.current, s.best, s.last_day) == (0, 0, None)
