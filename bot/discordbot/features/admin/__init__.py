"""/mockadmin: practice channel, default durations, enabled round types, hard or soft time-up."""

from __future__ import annotations

from bot.discordbot.context import Bot
from bot.discordbot.features.admin.cog import AdminCog


async def setup(bot: Bot) -> None:
    await bot.add_cog(AdminCog(bot))
