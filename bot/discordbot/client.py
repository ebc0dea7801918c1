"""The Bot subclass: setup_hook loads extensions, registers persistent components, starts timers, syncs."""

from __future__ import annotations

import hashlib
import json
import logging

import discord
import yarl
from discord.ext import commands

from bot.discordbot.cogs import EXTENSIONS
from bot.discordbot.errors import on_app_command_error
from bot.discordbot.flow import RoundFlow
from bot.discordbot.views import HistoryPager, RoundButton
from bot.service import InterviewService
from bot.settings import Settings
from bot.storage.meta import MetaRepository

log = logging.getLogger(__name__)


def configure_endpoints(api_base: str | None, gateway_url: str | None) -> None:
    """Point discord.py at another Discord-compatible server (a REST proxy, or the test server)."""
    if api_base:
        discord.http.Route.BASE = api_base.rstrip("/")
    if gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)


class MockloopBot(commands.Bot):
    def __init__(self, service: InterviewService, *, dev_guild: int | None = None) -> None:
        intents = discord.Intents.default()
        intents.message_content = True  # answers typed in the round's thread
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            help_command=None,
            allowed_mentions=discord.AllowedMentions(
                everyone=False, roles=False, users=True, replied_user=False
            ),
        )
        self.service = service
        self.dev_guild = dev_guild
        self.flow = RoundFlow(self, service)
        self.meta = MetaRepository(service.db)
        self.synced: bool | None = None  # for tests: whether the last start synced commands

    async def setup_hook(self) -> None:
        self.add_dynamic_items(RoundButton, HistoryPager)
        for ext in EXTENSIONS:
            await self.load_extension(ext)
        self.tree.on_error = on_app_command_error
        self.service.listeners.append(self.flow.on_round_event)
        await self.sync_commands_if_changed()
        self.service.timers.start()

    async def sync_commands_if_changed(self) -> None:
        """Sync to the dev guild (instant) or globally, only when the command tree changed."""
        guild = discord.Object(self.dev_guild) if self.dev_guild else None
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        payload = [cmd.to_dict(self.tree) for cmd in self.tree.get_commands(guild=guild)]
        digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
        key = f"commands:{self.dev_guild or 'global'}"
        if await self.meta.get(key) == digest:
            self.synced = False
            log.info("command tree unchanged; not syncing")
            return
        await self.tree.sync(guild=guild)
        await self.meta.set(key, digest)
        self.synced = True
        log.info("synced %d commands %s", len(payload), f"to guild {self.dev_guild}" if guild else "globally")

    async def close(self) -> None:
        await self.service.timers.stop()
        await super().close()


async def run_bot(settings: Settings, service: InterviewService) -> None:
    configure_endpoints(settings.api_base, settings.gateway_url)
    assert settings.discord_token is not None
    bot = MockloopBot(service, dev_guild=settings.dev_guild)
    async with bot:
        await bot.start(settings.discord_token.get_secret_value())
