"""Points and progress in Discord: /leaderboard (paged) and /stats (with a chart)."""

from __future__ import annotations

from bot.discordbot.context import Bot
from bot.discordbot.features.study.cog import StudyCog


async def setup(bot: Bot) -> None:
    await bot.add_cog(StudyCog(bot))
