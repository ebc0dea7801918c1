"""The real bot (MockloopBot on a real discord.py client) against the loopback FakeDiscord."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import discord
import pytest
import yarl

from bot.app import bootstrap
from bot.core.bank import QuestionBank
from bot.core.clock import FakeClock
from bot.discordbot.client import MockloopBot
from bot.judge.base import Runner
from bot.settings import Settings
from tests.fakediscord import FakeDiscord


def assert_clean(fake: FakeDiscord) -> None:
    """Discord accepted everything the bot sent, and the bot used no route Discord lacks."""
    assert fake.rejected == [], fake.rejected
    assert fake.unknown_routes == [], fake.unknown_routes


@pytest.fixture
async def fake(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as server:
        guild = server.add_guild("Study Group")
        server.add_channel(guild, "practice")
        monkeypatch.setattr(discord.http.Route, "BASE", server.api_base)
        monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(server.gateway_url))
        yield server


@pytest.fixture
def guild(fake: FakeDiscord) -> Any:
    return next(iter(fake.world.guilds.values()))


@pytest.fixture
def channel(fake: FakeDiscord, guild: Any) -> dict:
    return fake.world.channels[guild.channel_ids[0]]


@pytest.fixture
def users(fake: FakeDiscord, guild: Any) -> dict[str, dict]:
    made = {}
    for name in ("alice", "bob", "carol"):
        made[name] = fake.add_user(name)
        fake.add_member(guild, made[name])
    return made


class BotRunner:
    """Starts and stops MockloopBot instances on one database, as a restart would."""

    def __init__(self, db_path: str, clock: FakeClock) -> None:
        self.db_path = db_path
        self.clock = clock
        self.bot: MockloopBot | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(
        self,
        bank: QuestionBank,
        dev_guild: int | None = None,
        judge_runner: Runner | None = None,
        **settings: Any,
    ) -> MockloopBot:
        services = await bootstrap(
            Settings.model_construct(db_path=Path(self.db_path), **settings),
            "discord",
            bank=bank,
            clock=self.clock,
            rng=random.Random(11),
            runner=judge_runner,
        )
        self.bot = MockloopBot(services, dev_guild=dev_guild, guild_ready_timeout=0.05)
        self._task = asyncio.create_task(self.bot.start("fake-bot-token"))
        await asyncio.wait_for(self.bot.wait_until_ready(), 10)
        return self.bot

    async def stop(self) -> None:
        if self.bot is not None:
            await self.bot.close()
            await self.bot.services.close()
            if self._task is not None:
                await asyncio.wait_for(self._task, 10)
            self.bot = None

    async def advance(self, seconds: float) -> None:
        """Move the fake clock and let the timer dispatcher see it."""
        self.clock.advance(seconds)
        assert self.bot is not None
        self.bot.services.interviews.timers.poke()
        await asyncio.sleep(0.05)


@pytest.fixture
async def runner(tmp_path: Path) -> AsyncIterator[BotRunner]:
    r = BotRunner(str(tmp_path / "bot.db"), FakeClock())
    yield r
    await r.stop()


@pytest.fixture
async def bot(runner: BotRunner, fake: FakeDiscord, bank: QuestionBank) -> MockloopBot:
    return await runner.start(bank)


async def wait_for(predicate: Callable[[], Awaitable[Any]], timeout: float = 5.0) -> Any:  # noqa: ASYNC109
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = await predicate()
        if value:
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)
