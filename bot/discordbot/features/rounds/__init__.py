"""A round in Discord: /mock, its thread, its buttons and form, its timer messages."""

from __future__ import annotations

from bot.discordbot.context import Bot
from bot.discordbot.features.rounds.cog import MockCog


async def setup(bot: Bot) -> None:
    await bot.add_cog(MockCog(bot))
