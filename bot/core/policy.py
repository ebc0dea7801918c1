"""Guild-level rules: which rounds are on, how long they last, hard or soft time-up."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core.errors import InvalidOption
from bot.core.models import DURATIONS, Difficulty, RoundType
from bot.core.rounds import TimeUpMode


@dataclass(frozen=True, slots=True)
class GuildPolicy:
    durations: dict[RoundType, int] = field(default_factory=dict)  # overrides of the default minutes
    disabled: frozenset[RoundType] = frozenset()
    time_up_mode: TimeUpMode = TimeUpMode.HARD
    practice_channel_id: int | None = None
    timezone: str = "UTC"

    def default_minutes(self, round_type: RoundType) -> int:
        return self.durations.get(round_type, DURATIONS[round_type].default)


def parse_round_type(value: str | RoundType) -> RoundType:
    try:
        return RoundType(str(value).strip().lower())
    except ValueError:
        allowed = ", ".join(r.value for r in RoundType)
        raise InvalidOption(f"Unknown round type '{value}'. Choose one of: {allowed}.") from None


def parse_difficulty(value: str | Difficulty | None) -> Difficulty | None:
    if value is None or value == "":
        return None
    try:
        return Difficulty(str(value).strip().lower())
    except ValueError:
        raise InvalidOption(f"Unknown difficulty '{value}'. Choose easy, medium or hard.") from None


def check_minutes(round_type: RoundType, minutes: int) -> int:
    allowed = DURATIONS[round_type]
    if not allowed.allows(minutes):
        raise InvalidOption(
            f"{round_type.label} rounds run {allowed.minimum}–{allowed.maximum} minutes; "
            f"{minutes} is outside that range."
        )
    return minutes


def resolve_minutes(
    policy: GuildPolicy, round_type: RoundType, requested: int | None, question_limit: int | None
) -> int:
    """Requested minutes win (if allowed); else the question's own limit clamped to the range; else the guild default."""
    if requested is not None:
        return check_minutes(round_type, requested)
    if question_limit is not None:
        allowed = DURATIONS[round_type]
        return min(max(question_limit, allowed.minimum), allowed.maximum)
    return policy.default_minutes(round_type)


def check_enabled(policy: GuildPolicy, round_type: RoundType) -> None:
    if round_type in policy.disabled:
        on = ", ".join(r.label for r in RoundType if r not in policy.disabled) or "none"
        raise InvalidOption(f"{round_type.label} rounds are turned off in this server. Enabled: {on}.")
