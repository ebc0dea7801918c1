"""/leaderboard and /stats."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.discordbot.choices import ROUND_CHOICES
from bot.discordbot.context import Bot, Interaction
from bot.discordbot.features.study.components import (
    LeaderboardPager,
    LeaderboardShare,
    StatsShare,
    leaderboard_controls,
    stats_controls,
)
from bot.discordbot.features.study.flow import stats_message
from bot.discordbot.features.study.poster import WeeklyPoster
from bot.discordbot.features.study.render import (
    leaderboard_embed,
    name,
    no_stats_text,
)
from bot.discordbot.messaging import guild_id_of

PERIOD_CHOICES = [
    app_commands.Choice(name="This week", value="week"),
    app_commands.Choice(name="This month", value="month"),
    app_commands.Choice(name="All time", value="all"),
]


class StudyCog(commands.Cog):
    def __init__(self, bot: Bot) -> None:
        self.bot = bot
        self.study = bot.services.study
        self.weekly = WeeklyPoster(self.study, bot)

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(LeaderboardPager, LeaderboardShare, StatsShare)
        self.study.weekly_listeners.append(self.weekly.poke)  # /mockadmin weekly wakes it
        self.weekly.start()

    async def cog_unload(self) -> None:
        self.study.weekly_listeners.remove(self.weekly.poke)
        self.bot.remove_dynamic_items(LeaderboardPager, LeaderboardShare, StatsShare)
        await self.weekly.stop()

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
        interaction: Interaction,
        group: app_commands.Range[str, 1, 100] | None = None,
        period: app_commands.Choice[str] | None = None,
        round: app_commands.Choice[str] | None = None,
    ) -> None:
        board = await self.study.leaderboard(
            guild_id_of(interaction),
            interaction.user.id,
            group=group,
            period=period.value if period else None,
            round_type=round.value if round else None,
        )
        # Private by default: Share posts it to the channel.
        await interaction.response.send_message(
            embed=leaderboard_embed(board), view=leaderboard_controls(board), ephemeral=True
        )

    @app_commands.command(name="stats", description="Rounds, averages, weakest topics, streak and a chart")
    @app_commands.describe(member="Whose stats (yours if left out)")
    @app_commands.guild_only()
    async def stats(self, interaction: Interaction, member: discord.Member | None = None) -> None:
        who = member or interaction.user
        stats = await self.study.stats(guild_id_of(interaction), who.id)
        if stats is None:
            whose = "You have" if who.id == interaction.user.id else f"{name(who.display_name)} has"
            await interaction.response.send_message(no_stats_text(whose), ephemeral=True)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        embed, file = await stats_message(stats)
        view = stats_controls(who.id)
        if file is None:
            await interaction.followup.send(embed=embed, view=view, ephemeral=True)
        else:
            await interaction.followup.send(embed=embed, file=file, view=view, ephemeral=True)
