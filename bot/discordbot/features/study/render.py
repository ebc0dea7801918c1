"""Leaderboard and stats embeds."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import discord

from bot.core.farming import rules_line
from bot.core.stats import Suggestion
from bot.discordbot import limits
from bot.discordbot.formatting import minutes
from bot.study import Leaderboard, StudyStats, WeeklyWinners

CHART_NAME = "stats.png"
MEDALS = {1: "🥇", 2: "🥈", 3: "🥉"}


def suggestion_command(suggestion: Suggestion) -> str:
    """The slash command that starts the suggested round."""
    return f"/mock start round:{suggestion.round_type.value} topic:{suggestion.topic}"


def name(text: str) -> str:
    return discord.utils.escape_markdown(limits.shorten(text, 32))


def leaderboard_embed(board: Leaderboard, shared_by: str | None = None) -> discord.Embed:
    """The board as its caller sees it (privately), or as posted to the channel by `shared_by`."""
    scope = board.group.name if board.group else "Server"
    title = f"Leaderboard · {scope} · {board.period.label}"
    if board.round_type:
        title += f" · {board.round_type.label}"
    lines = [
        f"{MEDALS.get(line.rank, f'`#{line.rank}`')} **{name(line.name)}** · {line.points} pts"
        + (f" · 🔥 {line.streak}" if line.streak else "")
        for line in board.lines
    ]
    description = "\n".join(lines) or (
        "No points yet in this period. Finish a round or answer the daily question to get on the board."
    )
    embed = discord.Embed(
        title=limits.shorten(title, limits.EMBED_TITLE),
        description=limits.split_text(description, limits.EMBED_DESCRIPTION)[0],
        colour=discord.Colour.gold(),
    )
    streak = f"🔥 streak {board.caller_streak.current} (best {board.caller_streak.best})"
    if board.streak_freezes:
        streak += f" · ❄️ {board.streak_freezes} missed day{'s' if board.streak_freezes > 1 else ''} a week forgiven"
    if board.caller is not None:
        you = f"#{board.caller.rank} of {board.page.total} · {board.caller.points} pts · {streak}"
    else:
        you = f"not on this board yet · {streak}"
    if shared_by is None:
        embed.add_field(name="You", value=you, inline=False)
    else:
        embed.add_field(name=f"Shared by {limits.shorten(shared_by, 32)}", value=you, inline=False)
    page = f" · Page {board.page.page + 1}/{board.page.pages}" if board.page.pages > 1 else ""
    embed.set_footer(
        text=limits.shorten(f"{rules_line(board.points_cap)} · more in /help{page}", limits.EMBED_FOOTER)
    )
    return embed


def weekly_embed(winners: WeeklyWinners) -> discord.Embed:
    """The week's winners, each with the gap to the place above, and when the new week resets."""
    first = winners.first_day
    last = first + timedelta(days=6)
    lines = []
    for line in winners.lines:
        text = f"{MEDALS.get(line.rank, f'`#{line.rank}`')} **{name(line.name)}** · {line.points} pts"
        if line.gap is not None:
            above = name(winners.lines[line.rank - 2].name)
            text += f" · {line.gap} behind {above}" if line.gap else f" · level with {above}, got there later"
        lines.append(text)
    lines.append(f"\nThis week's board resets <t:{int(winners.next_reset)}:R>. Every round counts.")
    embed = discord.Embed(
        title=f"🏆 Winners of the week · {first:%d %b} – {last:%d %b %Y}",
        description=limits.split_text("\n".join(lines), limits.EMBED_DESCRIPTION)[0],
        colour=discord.Colour.gold(),
    )
    embed.set_footer(text="See the live board with /leaderboard · how points work: /help")
    return embed


def weekly_progress(stats: StudyStats) -> str:
    """"This week 34 points · +12 points vs last week"."""
    change = stats.weekly_change
    versus = "as many as last week" if change == 0 else f"{change:+d} points vs last week"
    return f"This week **{stats.week_points}** points · {versus}"


def local_when(ts: float, tz: str) -> str:
    """A moment in the server's time zone, e.g. "Thu 01 Jan, 09:30 (Europe/Berlin)"."""
    return f"{datetime.fromtimestamp(ts, ZoneInfo(tz)):%a %d %b, %H:%M} ({tz})"


def stats_embed(stats: StudyStats, chart: bool, shared_by: str | None = None) -> discord.Embed:
    s = stats.summary
    lines = [
        f"**{s.rounds}** rounds · **{stats.total_points}** points · "
        f"streak **{stats.streak.current}** (best {stats.streak.best}) · "
        f"daily questions answered: {stats.daily_answered}",
        weekly_progress(stats),
        f"Time used {minutes(s.time_used)} of {minutes(s.time_limit)} allowed",
    ]
    if stats.last_round_at is not None:
        lines.append(f"Last round {local_when(stats.last_round_at, stats.timezone)}")
    embed = discord.Embed(
        title=limits.shorten(f"Stats · {stats.name}", limits.EMBED_TITLE),
        description="\n".join(lines),
        colour=discord.Colour.teal(),
    )
    if shared_by is not None:
        embed.set_author(name=limits.shorten(f"Shared by {shared_by}", limits.EMBED_TITLE))
    for t in s.by_type:
        average = "-" if t.average is None else f"{t.average:.0f}"
        embed.add_field(
            name=t.round_type.label,
            value=f"{t.rounds} rounds ({t.scored} scored) · avg {average}\n"
            f"time {minutes(t.time_used)} of {minutes(t.time_limit)}",
        )
    topic_lines = [
        f"{t.round_type.label} · {t.topic.replace('_', ' ')}: {t.average:.0f} ({t.scored})"
        for t in s.by_topic
    ]
    if topic_lines:
        chunks = limits.split_text("\n".join(topic_lines), limits.FIELD_VALUE)
        embed.add_field(name="Average per topic", value=chunks[0], inline=False)
        if len(chunks) > 1:
            embed.add_field(name="More topics", value="…see the chart for the rest.", inline=False)
    if s.weakest:
        weak = "\n".join(
            f"{t.topic.replace('_', ' ')} ({t.round_type.label}): {t.average:.0f}" for t in s.weakest
        )
        if s.suggestion:
            weak += f"\nTry next: `{suggestion_command(s.suggestion)}`"
        embed.add_field(name="Weakest topics", value=weak, inline=False)
    if chart:
        embed.set_image(url=f"attachment://{CHART_NAME}")
    else:
        embed.set_footer(text="Charts need matplotlib: pip install 'mockloop[charts]'.")
    return embed


def no_stats_text(whose: str) -> str:
    return (
        f"{whose} no finished rounds or daily answers yet, so there are no stats to show. "
        "Start a round with `/mock start`."
    )
