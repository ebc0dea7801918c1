"""/mockadmin: practice channel, default durations, enabled round types, hard or soft time-up,
study settings, and the optional model grader."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.models import DURATIONS, RoundType
from bot.core.policy import GuildPolicy, check_minutes, parse_round_type
from bot.core.rounds import TimeUpMode
from bot.discordbot import limits
from bot.discordbot.choices import ROUND_CHOICES
from bot.discordbot.context import Bot, Interaction
from bot.discordbot.deferral import send, within_deadline
from bot.discordbot.messaging import guild_id_of
from bot.model_grading import MAX_DAILY_CAP
from bot.study import StudySettings


def study_lines(study: StudySettings, timezone: str) -> str:
    """The study settings in /mockadmin show: time zone, cap, streak freeze, daily and weekly posts."""
    if study.daily_enabled and study.daily_minute is not None:
        at = f"{study.daily_minute // 60:02d}:{study.daily_minute % 60:02d}"
        role = f", pings <@&{study.daily_role_id}>" if study.daily_role_id else ""
        daily = f"in <#{study.daily_channel_id}> at {at}{role}"
    else:
        daily = "off"
    weekly = f"in <#{study.weekly_channel_id}>" if study.weekly_channel_id else "off"
    freeze = f"{study.streak_freezes} missed day(s) a week" if study.streak_freezes else "off"
    return (
        f"Time zone: {timezone} · points cap: {study.points_cap} a day\n"
        f"Streak freeze: {freeze}\nDaily question: {daily}\nWeekly winners post: {weekly}"
    )


class AdminCog(commands.Cog):
    def __init__(self, bot: Bot) -> None:
        self.bot = bot
        self.services = bot.services

    admin = app_commands.Group(
        name="mockadmin",
        description="Server settings for mock interviews",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )

    async def interaction_check(self, interaction: Interaction) -> bool:  # type: ignore[override]
        perms = interaction.permissions
        if not (perms.manage_guild or perms.administrator):
            raise app_commands.MissingPermissions(["manage_guild"])
        return True

    async def _update(self, interaction: Interaction, change: Callable[[GuildPolicy], GuildPolicy]) -> None:
        """Read, change and save the server's policy; defer if the database is slow to answer."""
        work = self.services.interviews.change_policy(guild_id_of(interaction), change)
        await within_deadline(interaction, work, ephemeral=True)

    @admin.command(name="show", description="Show this server's mock interview settings")
    async def show(self, interaction: Interaction) -> None:
        policy = await self.services.interviews.policy(guild_id_of(interaction))
        embed = discord.Embed(title="Mock interview settings", colour=discord.Colour.blurple())
        embed.add_field(
            name="Practice channel",
            value=f"<#{policy.practice_channel_id}>"
            if policy.practice_channel_id
            else "where /mock start is used",
        )
        embed.add_field(name="Time-up", value=policy.time_up_mode.value)
        lines = []
        for r in RoundType:
            d = DURATIONS[r]
            state = "off" if r in policy.disabled else f"{policy.default_minutes(r)} min"
            lines.append(f"{r.label}: {state} (allowed {d.minimum}-{d.maximum})")
        embed.add_field(name="Rounds", value="\n".join(lines), inline=False)
        off = self.services.coding.disabled_reason
        judge = f"off: {off}" if off else f"on ({self.services.coding.engine})"
        embed.add_field(name="Code judge", value=limits.shorten(judge, 1024), inline=False)
        study = await self.services.study.settings(guild_id_of(interaction))
        embed.add_field(name="Boards", value=study_lines(study, policy.timezone), inline=False)
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @admin.command(name="channel", description="Set the channel where round threads are opened")
    @app_commands.describe(channel="The practice channel")
    async def channel(self, interaction: Interaction, channel: discord.TextChannel) -> None:
        await self._update(interaction, lambda p: replace(p, practice_channel_id=channel.id))
        await send(interaction, f"Rounds will open in {channel.mention}.", ephemeral=True)

    @admin.command(name="duration", description="Set the default length of a round type")
    @app_commands.describe(
        round="Round type", minutes="Default minutes (within the round type's allowed range)"
    )
    @app_commands.choices(round=ROUND_CHOICES)
    async def duration(self, interaction: Interaction, round: app_commands.Choice[str], minutes: int) -> None:
        rtype = parse_round_type(round.value)
        check_minutes(rtype, minutes)
        await self._update(interaction, lambda p: replace(p, durations={**p.durations, rtype: minutes}))
        await send(interaction, f"{rtype.label} rounds now default to {minutes} minutes.", ephemeral=True)

    @admin.command(name="rounds", description="Turn a round type on or off")
    @app_commands.describe(round="Round type", enabled="On or off")
    @app_commands.choices(round=ROUND_CHOICES)
    async def rounds(self, interaction: Interaction, round: app_commands.Choice[str], enabled: bool) -> None:
        rtype = parse_round_type(round.value)

        def toggle(policy: GuildPolicy) -> GuildPolicy:
            disabled = set(policy.disabled)
            (disabled.discard if enabled else disabled.add)(rtype)
            return replace(policy, disabled=frozenset(disabled))

        await self._update(interaction, toggle)
        await send(interaction, f"{rtype.label} rounds are now {'on' if enabled else 'off'}.", ephemeral=True)

    @admin.command(
        name="timeup", description="Hard time-up closes the round; soft lets members finish (overtime)"
    )
    @app_commands.choices(
        mode=[
            app_commands.Choice(name="Hard (close at the deadline)", value="hard"),
            app_commands.Choice(name="Soft (allow overtime)", value="soft"),
        ]
    )
    async def timeup(self, interaction: Interaction, mode: app_commands.Choice[str]) -> None:
        await self._update(interaction, lambda p: replace(p, time_up_mode=TimeUpMode(mode.value)))
        await send(interaction, f"Time-up is now {mode.value}.", ephemeral=True)

    # ---- study settings (bot/study.py) -----------------------------------------------------

    @admin.command(name="timezone", description="The server's timezone for days, weeks and streaks")
    @app_commands.describe(name="An IANA timezone, e.g. UTC, Europe/Berlin, America/New_York")
    async def timezone(self, interaction: Interaction, name: str) -> None:
        work = self.services.study.set_timezone(guild_id_of(interaction), name)
        tz = await within_deadline(interaction, work, ephemeral=True)
        await send(
            interaction, f"Days, weeks (from Monday 00:00) and streaks now follow {tz}.", ephemeral=True
        )

    @admin.command(name="daily", description="Post a daily question (leave out the channel to stop)")
    @app_commands.describe(
        channel="Where to post (leave out to turn the daily question off)",
        time="Local time of day, HH:MM (24-hour); default 09:00",
        round="Round type of the question; default ML theory",
        role="A role each post pings (members opt in with the post's 🔔 button)",
    )
    @app_commands.choices(round=ROUND_CHOICES)
    async def daily(
        self,
        interaction: Interaction,
        channel: discord.TextChannel | None = None,
        time: str | None = None,
        round: app_commands.Choice[str] | None = None,
        role: discord.Role | None = None,
    ) -> None:
        work = self.services.study.set_daily(
            guild_id_of(interaction),
            channel.id if channel else None,
            time,
            round.value if round else None,
            role.id if role else None,
        )
        settings = await within_deadline(interaction, work, ephemeral=True)  # wakes the daily poster
        if channel is None or settings.daily_minute is None or settings.daily_round_type is None:
            await send(interaction, "The daily question is off.", ephemeral=True)
            return
        at = f"{settings.daily_minute // 60:02d}:{settings.daily_minute % 60:02d}"
        await send(
            interaction,
            f"A {settings.daily_round_type.label.lower()} question will be posted in {channel.mention} "
            f"every day at {at} server time"
            + (f", pinging {role.mention} (members opt in with the post's 🔔 button)." if role else "."),
            ephemeral=True,
            allowed_mentions=discord.AllowedMentions.none(),
        )

    @admin.command(name="weekly", description="Post the week's winners when the week resets (leave out to stop)")
    @app_commands.describe(channel="Where to post (leave out to turn the weekly post off)")
    async def weekly(self, interaction: Interaction, channel: discord.TextChannel | None = None) -> None:
        work = self.services.study.set_weekly(guild_id_of(interaction), channel.id if channel else None)
        await within_deadline(interaction, work, ephemeral=True)  # wakes the weekly poster
        if channel is None:
            await send(interaction, "The weekly winners post is off.", ephemeral=True)
            return
        await send(
            interaction,
            f"Each week's winners will be posted in {channel.mention} when the week resets "
            "(Monday 00:00 server time).",
            ephemeral=True,
        )

    @admin.command(name="streakfreeze", description="Missed days per week that don't break a streak (0 = off)")
    @app_commands.describe(days="Missed days forgiven each week (Monday to Sunday); 0 turns it off")
    async def streakfreeze(self, interaction: Interaction, days: app_commands.Range[int, 0, 3]) -> None:
        work = self.services.study.set_streak_freezes(guild_id_of(interaction), days)
        per_week = await within_deadline(interaction, work, ephemeral=True)
        if per_week == 0:
            text = "Streak freezes are off: every missed day breaks a streak."
        else:
            text = (
                f"Streak freeze on: each week (Monday to Sunday) forgives {per_week} missed "
                f"day{'s' if per_week > 1 else ''}; a frozen day keeps a streak alive but does not add to it."
            )
        await send(interaction, text, ephemeral=True)

    @admin.command(name="pointscap", description="Most points one member can earn per day")
    @app_commands.describe(points="Daily cap per member")
    async def pointscap(self, interaction: Interaction, points: app_commands.Range[int, 1, 10000]) -> None:
        work = self.services.study.set_points_cap(guild_id_of(interaction), points)
        cap = await within_deadline(interaction, work, ephemeral=True)
        await send(interaction, f"Members can now earn at most {cap} points per day.", ephemeral=True)

    # ---- the optional model grader (bot/model_grading.py) ----------------------------------

    @admin.command(name="llm", description="Grade answers with the configured model (off by default)")
    @app_commands.describe(
        enabled="On: answers are sent to the configured model for grading; off: the rubric grades",
        daily_cap="Most model gradings per day for this server (past it the rubric grades)",
    )
    async def llm(
        self,
        interaction: Interaction,
        enabled: bool | None = None,
        daily_cap: app_commands.Range[int, 1, MAX_DAILY_CAP] | None = None,
    ) -> None:
        grader = self.services.grader
        guild_id = guild_id_of(interaction)
        if not grader.configured:
            await interaction.response.send_message(
                "No model is configured for this bot, so the rubric grades every answer. The bot's "
                "operator sets MOCKLOOP_LLM_BASE_URL and MOCKLOOP_LLM_MODEL (see the README).",
                ephemeral=True,
            )
            return
        notice = False
        if daily_cap is not None:
            await within_deadline(interaction, grader.set_daily_cap(guild_id, daily_cap), ephemeral=True)
        if enabled is not None:
            notice = await within_deadline(interaction, grader.switch(guild_id, enabled), ephemeral=True)
        status = await grader.status(guild_id)
        lines = [
            f"Model grading is **{'on' if status.enabled else 'off'}** (model `{status.model}`); "
            f"{status.calls_today} of {status.daily_cap} gradings used today."
        ]
        if notice:
            lines.append(
                f"⚠️ From now on members' answers are sent to {status.endpoint} to be graded. Every "
                "verdict is checked against the answer's own words, and the rubric grades whenever the "
                "model fails, is slow or the daily cap is reached."
            )
        await send(interaction, "\n".join(lines), ephemeral=True)
