"""/group: create, join, leave, list and show study groups (optionally tied to a role)."""

from __future__ import annotations

from bot.discordbot.context import Bot
from bot.discordbot.features.groups.cog import GroupsCog


async def setup(bot: Bot) -> None:
    await bot.add_cog(GroupsCog(bot))
