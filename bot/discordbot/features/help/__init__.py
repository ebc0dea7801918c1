"""/help: one page on rounds, scoring, points and every command (with clickable command links)."""

from __future__ import annotations

from bot.discordbot.context import Bot
from bot.discordbot.features.help.cog import HelpCog


async def setup(bot: Bot) -> None:
    await bot.add_cog(HelpCog(bot))
