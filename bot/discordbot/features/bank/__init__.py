"""/bank: a server's own questions (import a YAML file, export, list, disable, enable). Admins only."""

from __future__ import annotations

from bot.discordbot.context import Bot
from bot.discordbot.features.bank.cog import BankCog


async def setup(bot: Bot) -> None:
    await bot.add_cog(BankCog(bot))
