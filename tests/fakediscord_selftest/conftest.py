"""Fixtures: a FakeDiscord world and the sample bot connected to it for real."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import discord
import pytest
import yarl

from tests.fakediscord import FakeDiscord

from .sample_bot import SampleBot


@pytest.fixture
async def fake(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as server:
        guild = server.add_guild("Mock Guild")
        server.add_channel(guild, "interviews")
        monkeypatch.setattr(discord.http.Route, "BASE", server.api_base)
        monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(server.gateway_url))
        yield server


@pytest.fixture
async def bot(fake: FakeDiscord) -> AsyncIterator[SampleBot]:
    client = SampleBot()
    task = asyncio.create_task(client.start("fake-token"))
    try:
        await asyncio.wait_for(client.wait_until_ready(), 5)
        yield client
    finally:
        await client.close()
        await asyncio.wait_for(task, 5)


@pytest.fixture
def guild(fake: FakeDiscord):
    return next(iter(fake.world.guilds.values()))


@pytest.fixture
def channel(fake: FakeDiscord, guild) -> dict:
    return fake.world.channels[guild.channel_ids[0]]


@pytest.fixture
def alice(fake: FakeDiscord, guild) -> dict:
    user = fake.add_user("alice")
    fake.add_member(guild, user)
    return user
