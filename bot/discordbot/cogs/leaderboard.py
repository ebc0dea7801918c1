"""/leaderboard and /stats; also starts the daily question poster and registers persistent buttons."""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.charts import ChartsUnavailable, render_stats_chart
from bot.core.farming import rules_text
from bot.discordbot import limits
from bot.discordbot.cogs.mock import ROUND_CHOICES
from bot.discordbot.daily import DailyAnswerButton, DailyPoster
from bot.discordbot.embeds import minutes
from bot.discordbot.errors import reply_error
from bot.study import Leaderboard, StudyStats

if TYPE_CHECKING:
    from bot.discordbot.client import MockloopBot

PERIOD_CHOICES = [
    app_commands.Choice(name="This week", value="week"),
    app_commands.Choice(name="This month", value="month"),
    app_commands.Choice(name="All time", value="all"),
]
CHART_NAME = "stats.png"
MEDALS = {1: "🥇", 2: "🥈", 3: "🥉"}


def _name(text: str) -> str:
    return discord.utils.escape_markdown(limits.shorten(text, 32))


def leaderboard_embed(board: Leaderboard) -> discord.Embed:
    scope = board.group.name if board.group else "Server"
    title = f"Leaderboard · {scope} · {board.period.label}"
    if board.round_type:
        title += f" · {board.round_type.label}"
    lines = [
        f"{MEDALS.get(line.rank, f'`#{line.rank}`')} **{_name(line.name)}** · {line.points} pts"
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
    streak = f"streak {board.caller_streak.current} (best {board.caller_streak.best})"
    if board.caller is not None:
        you = f"#{board.caller.rank} of {board.page.total} · {board.caller.points} pts · {streak}"
    else:
        you = f"not on this board yet · {streak}"
    embed.add_field(name="You", value=you, inline=False)
    embed.set_footer(
        text=limits.shorten(
            f"{rules_text(board.points_cap)} Page {board.page.page + 1}/{board.page.pages}.",
            limits.EMBED_FOOTER,
        )
    )
    return embed


class LeaderboardPager(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=(
        r"mockloop:lb:(?P<group>[0-9]{1,20}):(?P<period>week|month|all):(?P<round>[a-z_]{1,20}):"
        r"(?P<page>[0-9]{1,6}):(?P<dir>prev|next)"
    ),
):
    def __init__(
        self, group_id: int, period: str, round_type: str, page: int, direction: str, disabled: bool = False
    ) -> None:
        super().__init__(
            discord.ui.Button(
                label="◀ Previous" if direction == "prev" else "Next ▶",
                style=discord.ButtonStyle.secondary,
                custom_id=f"mockloop:lb:{group_id}:{period}:{round_type}:{page}:{direction}",
                disabled=disabled,
            )
        )
        self.group_id, self.period, self.round_type, self.page = group_id, period, round_type, page

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Button[Any], match: re.Match[str], /
    ) -> LeaderboardPager:
        return cls(int(match["group"]), match["period"], match["round"], int(match["page"]), match["dir"])

    async def callback(self, interaction: discord.Interaction[MockloopBot]) -> None:
        try:
            await self._turn_page(interaction)
        except Exception as exc:
            await reply_error(interaction, exc)

    async def _turn_page(self, interaction: discord.Interaction[MockloopBot]) -> None:
        board = await interaction.client.study.leaderboard(
            interaction.guild_id or 0,
            interaction.user.id,
            group=self.group_id or None,
            period=self.period,
            round_type=None if self.round_type == "any" else self.round_type,
            page=self.page,
        )
        await interaction.response.edit_message(
            embed=leaderboard_embed(board), view=leaderboard_controls(board)
        )


def leaderboard_controls(board: Leaderboard) -> discord.ui.View | None:
    page, pages = board.page.page, board.page.pages
    if pages <= 1:
        return None
    ids = (board.group.id if board.group else 0, board.period.value, board.round_type or "any")
    view = discord.ui.View(timeout=None)
    view.add_item(LeaderboardPager(*ids, max(page - 1, 0), "prev", disabled=page == 0))
    view.add_item(LeaderboardPager(*ids, min(page + 1, pages - 1), "next", disabled=page >= pages - 1))
    return view


def stats_embed(stats: StudyStats, chart: bool) -> discord.Embed:
    s = stats.summary
    embed = discord.Embed(
        title=limits.shorten(f"Stats · {stats.name}", limits.EMBED_TITLE),
        description=(
            f"**{s.rounds}** rounds · **{stats.total_points}** points · "
            f"streak **{stats.streak.current}** (best {stats.streak.best}) · "
            f"daily questions answered: {stats.daily_answered}\n"
            f"Time used {minutes(s.time_used)} of {minutes(s.time_limit)} allowed"
        ),
        colour=discord.Colour.teal(),
    )
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
            weak += f"\nTry next: `{s.suggestion.command}`"
        embed.add_field(name="Weakest topics", value=weak, inline=False)
    if chart:
        embed.set_image(url=f"attachment://{CHART_NAME}")
    else:
        embed.set_footer(text="Charts need matplotlib: pip install 'mockloop[charts]'.")
    return embed


class LeaderboardCog(commands.Cog):
    def __init__(self, bot: MockloopBot) -> None:
        self.bot = bot
        self.poster = DailyPoster(bot, bot.study)

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(LeaderboardPager, DailyAnswerButton)
        self.bot.daily = self.poster
        self.poster.start()

    async def cog_unload(self) -> None:
        await self.poster.stop()

    @app_commands.command(name="leaderboard", description="Points standings for the server or a study group")
    @app_commands.describe(
        group="A study group (the whole server if left out)",
        period="This week (default), this month or all time",
        round="Only one round type",
    )
    @app_commands.choices(period=PERIOD_CHOICES, round=ROUND_CHOICES)
    @app_commands.guild_only()
    async def leaderboard(
        self,
        interaction: discord.Interaction[MockloopBot],
        group: app_commands.Range[str, 1, 100] | None = None,
        period: app_commands.Choice[str] | None = None,
        round: app_commands.Choice[str] | None = None,
    ) -> None:
        board = await self.bot.study.leaderboard(
            interaction.guild_id or 0,
            interaction.user.id,
            group=group,
            period=period.value if period else None,
            round_type=round.value if round else None,
        )
        view = leaderboard_controls(board)
        if view is None:
            await interaction.response.send_message(embed=leaderboard_embed(board))
        else:
            await interaction.response.send_message(embed=leaderboard_embed(board), view=view)

    @app_commands.command(name="stats", description="Rounds, averages, weakest topics, streak and a chart")
    @app_commands.describe(member="Whose stats (yours if left out)")
    @app_commands.guild_only()
    async def stats(
        self, interaction: discord.Interaction[MockloopBot], member: discord.Member | None = None
    ) -> None:
        who = member or interaction.user
        stats = await self.bot.study.stats(interaction.guild_id or 0, who.id)
        if stats is None:
            whose = "You have" if who.id == interaction.user.id else f"{_name(who.display_name)} has"
            await interaction.response.send_message(
                f"{whose} no finished rounds or daily answers yet, so there are no stats to show. "
                "Start a round with `/mock start`.",
                ephemeral=True,
            )
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            png: bytes | None = await render_stats_chart(stats)
        except ChartsUnavailable:
            png = None
        embed = stats_embed(stats, chart=png is not None)
        if png is None:
            await interaction.followup.send(embed=embed, ephemeral=True)
        else:
            file = discord.File(io.BytesIO(png), filename=CHART_NAME)
            await interaction.followup.send(embed=embed, file=file, ephemeral=True)


async def setup(bot: MockloopBot) -> None:
    await bot.add_cog(LeaderboardCog(bot))
