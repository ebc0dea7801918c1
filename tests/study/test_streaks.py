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


def test_a_streak_freeze_forgives_one_missed_day_a_week_without_counting_it() -> None:
    # Mon, Tue, (Wed missed), Thu, Fri: with one freeze a week the streak is 4 and alive.
    times = [MON + HOUR, MON + DAY + HOUR, MON + 3 * DAY + HOUR, MON + 4 * DAY + HOUR]
    assert streak(times, "UTC", now=MON + 4 * DAY + 2 * HOUR).current == 2  # off by default
    frozen = streak(times, "UTC", now=MON + 4 * DAY + 2 * HOUR, freezes_per_week=1)
    assert (frozen.current, frozen.best) == (4, 4)


def test_a_second_missed_day_in_the_same_week_still_breaks_the_streak() -> None:
    # Mon, (Tue missed), Wed, (Thu missed), Fri: one freeze covers Tuesday only.
    times = [MON + HOUR, MON + 2 * DAY + HOUR, MON + 4 * DAY + HOUR]
    s = streak(times, "UTC", now=MON + 4 * DAY + 2 * HOUR, freezes_per_week=1)
    assert (s.current, s.best) == (1, 2)
    # The next week has its own freeze: Fri, (Sat missed), Sun, (Mon missed), Tue.
    times = [MON + 4 * DAY, MON + 6 * DAY, MON + 8 * DAY]
    assert streak(times, "UTC", now=MON + 8 * DAY + HOUR, freezes_per_week=1).current == 3


def test_a_freeze_keeps_todays_streak_alive_after_one_missed_day_but_not_two() -> None:
    times = [MON + HOUR, MON + DAY + HOUR]  # active Mon and Tue
    assert streak(times, "UTC", now=MON + 3 * DAY + HOUR, freezes_per_week=1).current == 2  # Wed missed
    assert streak(times, "UTC", now=MON + 4 * DAY + HOUR, freezes_per_week=1).current == 0  # Wed+Thu missed
