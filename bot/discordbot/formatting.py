"""Small rendering primitives every feature's embeds share: colours, Discord timestamps, m:ss."""

from __future__ import annotations

import discord

from bot.core.models import RoundType

ROUND_COLOURS = {
    RoundType.CODING: discord.Colour.from_rgb(52, 152, 219),
    RoundType.ML_THEORY: discord.Colour.from_rgb(155, 89, 182),
    RoundType.SYSTEM_DESIGN: discord.Colour.from_rgb(230, 126, 34),
    RoundType.BEHAVIORAL: discord.Colour.from_rgb(46, 204, 113),
}


def ts(when: float, style: str = "R") -> str:
    """A Discord timestamp: `R` counts down live in every client without edits."""
    return f"<t:{int(when)}:{style}>"


def minutes(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


def count(n: int, noun: str, plural: str | None = None) -> str:
    """"1 point", "14 points": a count with its noun in the right number."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"
