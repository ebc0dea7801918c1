"""Ranking and period rules, pure: ties, week/month boundaries across timezones, paging."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.core.errors import InvalidOption
from bot.core.leaderboard import Period, Standing, page_of, parse_period, period_bounds, rank, zone
from tests.study.conftest import MONDAY_2026_01_05


def iso(ts: float, tz: str) -> str:
    return datetime.fromtimestamp(ts, zone(tz)).isoformat()


def test_more_points_rank_higher_and_ties_go_to_who_got_there_first() -> None:
    ranked = rank(
        [
            Standing(1, 30, reached_at=500.0),
            Standing(2, 50, reached_at=900.0),
            Standing(3, 30, reached_at=100.0),
        ]
    )
    assert [(r.rank, r.user_id) for r in ranked] == [(1, 2), (2, 3), (3, 1)]


def test_week_starts_monday_midnight_in_the_guild_timezone() -> None:
    now = MONDAY_2026_01_05 + 3 * 86_400 + 12 * 3600  # Thursday noon UTC
    start, end = period_bounds(Period.WEEK, now, "UTC")
    assert (iso(start, "UTC"), iso(end, "UTC")) == ("2026-01-05T00:00:00+00:00", "2026-01-12T00:00:00+00:00")
    start, _ = period_bounds(Period.WEEK, now, "America/New_York")
    assert iso(start, "America/New_York") == "2026-01-05T00:00:00-05:00"
    assert start - MONDAY_2026_01_05 == 5 * 3600


def test_sunday_late_evening_utc_is_already_next_week_further_east() -> None:
    sunday_2330_utc = MONDAY_2026_01_05 - 30 * 60
    utc_start, _ = period_bounds(Period.WEEK, sunday_2330_utc, "UTC")
    berlin_start, _ = period_bounds(Period.WEEK, sunday_2330_utc, "Europe/Berlin")
    assert iso(utc_start, "UTC").startswith("2025-12-29")  # still the old week in UTC
    assert iso(berlin_start, "Europe/Berlin") == "2026-01-05T00:00:00+01:00"  # Monday 00:30 in Berlin


def test_month_boundaries_follow_the_timezone() -> None:
    jan_31_2300_utc = datetime.fromisoformat("2026-01-31T23:00:00+00:00").timestamp()
    start_utc, end_utc = period_bounds(Period.MONTH, jan_31_2300_utc, "UTC")
    assert iso(start_utc, "UTC").startswith("2026-01-01") and iso(end_utc, "UTC").startswith("2026-02-01")
    start_tokyo, end_tokyo = period_bounds(Period.MONTH, jan_31_2300_utc, "Asia/Tokyo")
    assert iso(start_tokyo, "Asia/Tokyo") == "2026-02-01T00:00:00+09:00"
    assert iso(end_tokyo, "Asia/Tokyo") == "2026-03-01T00:00:00+09:00"


def test_december_rolls_into_next_year() -> None:
    dec = datetime.fromisoformat("2026-12-15T12:00:00+00:00").timestamp()
    _, end = period_bounds(Period.MONTH, dec, "UTC")
    assert iso(end, "UTC") == "2027-01-01T00:00:00+00:00"


def test_caller_outside_the_top_ten_still_gets_their_line() -> None:
    ranked = rank([Standing(uid, 100 - uid, float(uid)) for uid in range(1, 16)])
    page = page_of(ranked, 0, caller_id=14)
    assert [r.user_id for r in page.entries] == list(range(1, 11))
    assert page.caller is not None and (page.caller.rank, page.caller.points) == (14, 86)
    assert (page.pages, page.total) == (2, 15)
    assert [r.user_id for r in page_of(ranked, 1, caller_id=14).entries] == list(range(11, 16))
    assert page_of(ranked, 0, caller_id=999).caller is None


def test_bad_period_and_timezone_are_explained() -> None:
    assert parse_period(None) is Period.WEEK
    with pytest.raises(InvalidOption, match="week, month or all"):
        parse_period("year")
    with pytest.raises(InvalidOption, match="IANA"):
        zone("Mars/Olympus")
