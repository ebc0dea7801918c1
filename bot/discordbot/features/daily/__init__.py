"""The daily question: a multiple-choice question posted each day, answered with buttons."""

from __future__ import annotations

from bot.discordbot.context import Bot
from bot.discordbot.features.daily.cog import DailyCog


async def setup(bot: Bot) -> None:
    await bot.add_cog(DailyCog(bot))
