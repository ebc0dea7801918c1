"""Rules that stop points from being farmed. Pure: storage supplies the facts, this decides.

- A question the member was already given (in any round, even abandoned) within 30 days earns nothing.
- Abandoned and hard-timed-out rounds earn nothing (decided where points are computed).
- Each member may earn at most `cap` points per guild-local day (a guild setting).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.errors import InvalidOption

REPEAT_WINDOW_DAYS = 30
REPEAT_WINDOW_SECONDS = REPEAT_WINDOW_DAYS * 86_400
DEFAULT_DAILY_CAP = 150
MAX_DAILY_CAP = 10_000


@dataclass(frozen=True, slots=True)
class FarmingFacts:
    """What storage knows that the rules need, read in the scoring transaction."""

    repeated: bool  # the member was given this question within the repeat window
    earned_today: int  # points already awarded on the guild-local day
    cap: int  # the guild's daily cap


def allowed_points(raw: int, *, repeated: bool, earned_today: int, daily_cap: int) -> int:
    """Points actually awarded for an answer worth `raw` points."""
    if raw <= 0 or repeated:
        return 0
    return max(0, min(raw, daily_cap - max(earned_today, 0)))


def check_cap(cap: int) -> int:
    if not 1 <= cap <= MAX_DAILY_CAP:
        raise InvalidOption(f"The daily points cap must be between 1 and {MAX_DAILY_CAP:,}; got {cap}.")
    return cap


def rules_line(cap: int) -> str:
    """The two farming rules a board's one-line footer keeps (the rest: `rules_text`)."""
    return f"A repeated question earns 0 within {REPEAT_WINDOW_DAYS} days · at most {cap} points per member per day"


def rules_text(cap: int) -> str:
    return (
        f"Points: a repeated question earns 0 within {REPEAT_WINDOW_DAYS} days; "
        f"abandoned and timed-out rounds earn 0; at most {cap} points per member per day. "
        "Ties go to whoever got there first."
    )
