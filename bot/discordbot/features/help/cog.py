"""/help: one private page; command links use the ids Discord gave the synced commands."""

from __future__ import annotations

import asyncio
import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.discordbot.context import Bot, Interaction
from bot.discordbot.features.help.render import CommandLine, help_embeds
from bot.discordbot.messaging import guild_id_of

log = logging.getLogger(__name__)

FETCH_TIMEOUT_S = 1.5  # then the page goes out with plain /names: Discord's 3 s are the limit


class HelpCog(commands.Cog):
    def __init__(self, bot: Bot) -> None:
        self.bot = bot
        self._ids: dict[int | None, dict[str, int]] = {}  # guild (None: global) -> command name -> id

    def command_lines(self) -> list[CommandLine]:
        found = []
        for command in sorted(self.bot.tree.get_commands(), key=lambda c: c.name):
            if isinstance(command, app_commands.Group):
                for sub in command.walk_commands():
                    if isinstance(sub, app_commands.Command):
                        found.append(CommandLine(sub.qualified_name, sub.description))
            else:
                found.append(CommandLine(command.name, command.description))
        return found

    async def command_ids(self, guild_id: int) -> dict[str, int]:
        """Top-level command name -> id (global commands, and the server's own from a dev sync)."""
        ids: dict[str, int] = {}
        for scope in (None, guild_id):
            if scope not in self._ids:
                try:
                    async with asyncio.timeout(FETCH_TIMEOUT_S):
                        fetched = await self.bot.tree.fetch_commands(
                            guild=discord.Object(scope) if scope else None
                        )
                    self._ids[scope] = {c.name: c.id for c in fetched}
                except (discord.HTTPException, TimeoutError):
                    log.warning("could not read the command ids for /help; showing plain names")
                    continue
            ids.update(self._ids[scope])
        return ids

    @app_commands.command(name="help", description="How rounds, scoring and points work, and every command")
    @app_commands.guild_only()
    async def help(self, interaction: Interaction) -> None:
        guild_id = guild_id_of(interaction)
        settings = await self.bot.services.study.settings(guild_id)
        ids = await self.command_ids(guild_id)
        embeds = help_embeds(self.command_lines(), ids, settings.points_cap, settings.streak_freezes)
        await interaction.response.send_message(embeds=embeds, ephemeral=True)
