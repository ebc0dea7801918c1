"""The Bot subclass: setup_hook loads the feature extensions, starts timers, syncs commands.

It knows no feature: each extension registers its own commands, persistent components and
modal routes. It receives the services (`bot.app.bootstrap`) and builds nothing.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import discord
import yarl
from discord.ext import commands

from bot.cli.health import heartbeat_path
from bot.discordbot.components import ModalRouter
from bot.discordbot.context import Bot
from bot.discordbot.errors import on_app_command_error
from bot.discordbot.features import EXTENSIONS
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.app import Services

log = logging.getLogger(__name__)


def configure_endpoints(api_base: str | None, gateway_url: str | None) -> None:
    """Point discord.py at another Discord-compatible server (a REST proxy, or the test server)."""
    if api_base:
        discord.http.Route.BASE = api_base.rstrip("/")
    if gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)


class MockloopBot(Bot):
    """Receives every service built by `bot.app.bootstrap` and builds none itself."""

    def __init__(
        self,
        services: Services,
        *,
        dev_guild: int | None = None,
        heartbeat: Path | None = None,
        **client_options: Any,
    ) -> None:
        intents = discord.Intents.default()
        intents.message_content = True  # answers typed in the round's thread
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            help_command=None,
            # No message cache: nothing reads it (answers arrive as events, history is fetched),
            # and 1,000 cached messages were the bulk of what every full GC had to walk.
            max_messages=None,
            allowed_mentions=discord.AllowedMentions(
                everyone=False, roles=False, users=True, replied_user=False
            ),
            **client_options,
        )
        self.services = services
        self.modals = ModalRouter()  # features add their forms' routes in cog_load
        self.dev_guild = dev_guild
        self.synced: bool | None = None  # for tests: whether the last start synced commands
        self.heartbeat = heartbeat
        self._heartbeat_task: asyncio.Task[None] | None = None

    async def setup_hook(self) -> None:
        self.add_listener(self.modals.dispatch, "on_interaction")
        for ext in EXTENSIONS:
            await self.load_extension(ext)
        self.tree.on_error = on_app_command_error
        await self.sync_commands_if_changed()
        self.services.interviews.timers.start()
        if self.heartbeat is not None:
            self._heartbeat_task = asyncio.create_task(self._beat(self.heartbeat), name="mockloop-heartbeat")

    async def _beat(self, path: Path) -> None:
        """Touch a file while connected, so `mockloop health` (the Docker health check) can tell."""
        while True:
            if self.is_ready() and not self.is_closed():
                try:
                    await asyncio.to_thread(path.touch)
                except OSError:
                    log.warning("cannot write heartbeat file %s", path)
            await asyncio.sleep(30)

    async def sync_commands_if_changed(self) -> None:
        """Sync to the dev guild (instant) or globally, only when the command tree changed."""
        guild = discord.Object(self.dev_guild) if self.dev_guild else None
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        payload = [cmd.to_dict(self.tree) for cmd in self.tree.get_commands(guild=guild)]
        digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
        key = f"commands:{self.dev_guild or 'global'}"
        interviews = self.services.interviews
        if await interviews.fact(key) == digest:
            self.synced = False
            log.info("command tree unchanged; not syncing")
            return
        await self.tree.sync(guild=guild)
        await interviews.set_fact(key, digest)
        self.synced = True
        log.info("synced %d commands %s", len(payload), f"to guild {self.dev_guild}" if guild else "globally")

    async def close(self) -> None:
        if self._heartbeat_task is not None:
            self._heartbeat_task.cancel()
        await self.services.interviews.timers.stop()
        await super().close()


async def run_bot(settings: Settings, services: Services) -> None:
    configure_endpoints(settings.api_base, settings.gateway_url)
    assert settings.discord_token is not None
    off = services.coding.disabled_reason
    if off is not None:
        log.warning("code judging is disabled: %s", off)
    bot = MockloopBot(services, dev_guild=settings.dev_guild, heartbeat=heartbeat_path(settings.db_path))
    async with bot:
        await bot.start(settings.discord_token.get_secret_value())
