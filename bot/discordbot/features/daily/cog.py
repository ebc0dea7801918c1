"""The daily question's extension: starts and stops the poster and registers the option buttons.
Its settings are `/mockadmin daily` (features/admin); a change wakes the poster through
StudyService.daily_listeners."""

from __future__ import annotations

from discord.ext import commands

from bot.discordbot.context import Bot
from bot.discordbot.features.daily.components import DailyAnswerButton, DailyRoleToggle
from bot.discordbot.features.daily.poster import DailyPoster


class DailyCog(commands.Cog):
    def __init__(self, bot: Bot) -> None:
        self.bot = bot
        self.poster = DailyPoster(bot.services.study, bot)

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(DailyAnswerButton, DailyRoleToggle)
        self.bot.services.study.daily_listeners.append(self.poster.poke)
        self.poster.start()

    async def cog_unload(self) -> None:
        self.bot.services.study.daily_listeners.remove(self.poster.poke)
        self.bot.remove_dynamic_items(DailyAnswerButton, DailyRoleToggle)
        await self.poster.stop()
