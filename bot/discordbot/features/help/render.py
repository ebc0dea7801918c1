"""The /help page. Figures come from the rules themselves (durations, points, farming), so the
page cannot drift from what the bot does; the README's Points section is the same formula."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import discord

from bot.core.farming import REPEAT_WINDOW_DAYS, rules_text
from bot.core.models import DURATIONS, Difficulty, RoundType
from bot.core.scoring.points import (
    BASE_POINTS,
    DIFFICULTY_FROM,
    HINT_PENALTY_AT_ALL_HINTS,
    ON_TIME_BONUS,
    OVERTIME_FACTOR,
    PEER_REVIEW_BONUS,
)
from bot.discordbot import limits


@dataclass(frozen=True, slots=True)
class CommandLine:
    """A command as /help lists it: its full name ("mock start") and description."""

    name: str
    description: str


def mention(name: str, ids: Mapping[str, int]) -> str:
    """A clickable command link (`</mock start:id>`) when its id is known, else `/mock start`."""
    top = name.split()[0]
    return f"</{name}:{ids[top]}>" if top in ids else f"`/{name}`"


def rounds_embed(ids: Mapping[str, int]) -> discord.Embed:
    durations = ", ".join(
        f"{r.label} {DURATIONS[r].default} min ({DURATIONS[r].minimum}–{DURATIONS[r].maximum})"
        for r in RoundType
    )
    text = (
        "A round is one interview question under the clock, in a private thread of your own.\n"
        f"• **Start** with {mention('mock start', ids)} (a round type; optionally a difficulty, topic, "
        "length or question id).\n"
        "• **Answer** with the Answer button (a form) or by posting messages in the thread; coding "
        f"answers can be run against the examples with {mention('mock run', ids)} and against the hidden "
        f"tests with {mention('mock submit', ids)}.\n"
        "• **Hints** cost points (see below); **follow-up questions** come after the main answer.\n"
        "• **Done** finishes and scores the round; **Give up** ends it for no points.\n"
        f"• **Lengths**: {durations}. Warnings at half time and 5 minutes before the end. By default "
        "time-up closes the round (what you wrote is scored, for no points); a server may allow "
        "overtime instead.\n"
        "• After the result: a self-review of the key points, the reference answer, and "
        f"{mention('mock share', ids)} to ask the study group for a peer review."
    )
    return discord.Embed(title="Help · Rounds", description=text, colour=discord.Colour.blurple())


def scoring_embed() -> discord.Embed:
    text = (
        "The built-in grader scores every answer 0–100 against the question's rubric (its key points) "
        "and explains the score: which points you made, with the words that earned them, and which you "
        "missed. It follows meaning, not keywords: a denied or contradicted point earns nothing, and "
        "stated misconceptions cost points.\n"
        "• **Follow-ups** count for 20% of a round's score.\n"
        "• **Coding**: the hidden tests weigh 70%, the explanation 30%.\n"
        "• **Behavioral**: half the key points, half the STAR structure (situation, task, action, a "
        "measured result, what *you* did). **System design**: key points and design dimensions, with "
        "numbers.\n"
        "• Self and peer reviews are kept beside the automatic score, never over it."
    )
    return discord.Embed(title="Help · Scoring", description=text, colour=discord.Colour.blurple())


def points_embed(points_cap: int, streak_freezes: int) -> discord.Embed:
    base = " / ".join(str(BASE_POINTS[d]) for d in Difficulty)
    easy = BASE_POINTS[Difficulty.EASY]
    full_on_time = " / ".join(str(round(BASE_POINTS[d] * (1 + ON_TIME_BONUS))) for d in Difficulty)
    freeze = (
        f"With the streak freeze on here, each week (Monday to Sunday) forgives {streak_freezes} missed "
        f"day{'s' if streak_freezes > 1 else ''}: a frozen day keeps a streak alive without adding to it."
        if streak_freezes
        else "Streak freezes (a missed day a week that does not break a streak) are off here."
    )
    text = (
        f"Points come from the score and the question's difficulty (easy / medium / hard: {base}):\n"
        f"• Up to a score of {DIFFICULTY_FROM:.0f} every question pays what an easy one does (at most "
        f"{easy * DIFFICULTY_FROM / 100:.0f}); only the part of the score above {DIFFICULTY_FROM:.0f} pays "
        "more for a harder question. A weak answer to a hard question never beats a strong answer to an "
        "easy one.\n"
        f"• Using every hint costs {HINT_PENALTY_AT_ALL_HINTS:.0%} of the points (each hint its share).\n"
        f"• Finishing within the time limit adds {ON_TIME_BONUS:.0%}; an answer in overtime earns "
        f"×{OVERTIME_FACTOR}.\n"
        f"• A peer review of your answer adds {PEER_REVIEW_BONUS}.\n"
        f"• A full score gives {full_on_time} on time. A score of 0 gives 0.\n"
        f"**No farming.** {rules_text(points_cap)} A question you were given in the last "
        f"{REPEAT_WINDOW_DAYS} days earns nothing again, even if you gave it up.\n"
        "**Boards.** Weeks start Monday 00:00 in the server's time zone. A streak counts consecutive "
        f"days with a finished round or an answered daily question. {freeze}"
    )
    return discord.Embed(title="Help · Points", description=text, colour=discord.Colour.gold())


def commands_embed(commands: Sequence[CommandLine], ids: Mapping[str, int]) -> discord.Embed:
    lines = [f"{mention(c.name, ids)} — {c.description}" for c in commands]
    body = limits.split_text("\n".join(lines), limits.EMBED_DESCRIPTION)[0]
    embed = discord.Embed(title="Help · Commands", description=body, colour=discord.Colour.blurple())
    embed.set_footer(text="Click a command to fill it in. Server settings need the Manage Server permission.")
    return embed


def help_embeds(
    commands: Sequence[CommandLine], ids: Mapping[str, int], points_cap: int, streak_freezes: int
) -> list[discord.Embed]:
    return [rounds_embed(ids), scoring_embed(), points_embed(points_cap, streak_freezes), commands_embed(commands, ids)]
