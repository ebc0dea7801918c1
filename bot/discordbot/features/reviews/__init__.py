"""Self-review under a result, /mock share, and peer review by study partners."""

from __future__ import annotations

from bot.discordbot.context import Bot
from bot.discordbot.features.reviews.cog import ReviewsCog


async def setup(bot: Bot) -> None:
    await bot.add_cog(ReviewsCog(bot))
