"""Limits, interaction deadlines, rate limits and server errors, seen through real discord.py."""

from __future__ import annotations

import asyncio

import aiohttp
import discord

from tests.fakediscord import FakeDiscord

from .sample_bot import SampleBot


async def test_oversized_embed_is_rejected_and_discord_py_raises(
    fake: FakeDiscord, bot: SampleBot, alice: dict
) -> None:
    interaction = await fake.slash(alice, "mock huge")
    await asyncio.wait_for(bot.error_seen.wait(), 5)
    (error,) = bot.errors
    assert isinstance(error, discord.HTTPException)
    assert error.status == 400 and error.code == 50035
    (rejection,) = fake.rejected
    assert "description" in rejection.errors["data"]["embeds"]["0"]
    assert not interaction.acknowledged


async def test_late_callback_is_unknown_interaction(fake: FakeDiscord, bot: SampleBot, alice: dict) -> None:
    fake.interaction_deadline = 0.0  # every callback is now "too late"; no need to wait 3 s
    interaction = await fake.slash(alice, "mock late")
    await asyncio.wait_for(bot.error_seen.wait(), 5)
    (error,) = bot.errors
    assert isinstance(error, discord.NotFound)
    assert error.code == 10062
    assert not interaction.acknowledged


async def test_second_initial_callback_is_already_acknowledged(
    fake: FakeDiscord, bot: SampleBot, alice: dict
) -> None:
    interaction = await fake.slash(alice, "mock start", {"topic": "backprop"})
    await interaction.response()
    url = f"{fake.api_base}/interactions/{interaction.id}/{interaction.token}/callback"
    async with aiohttp.ClientSession() as session:
        async with session.post(url, json={"type": 4, "data": {"content": "again"}}) as response:
            assert response.status == 400
            assert (await response.json())["code"] == 40060


async def test_schema_violation_outside_hand_written_limits_is_rejected(fake: FakeDiscord, channel) -> None:
    url = f"{fake.api_base}/channels/{channel['id']}/messages"
    async with aiohttp.ClientSession() as session:
        async with session.post(url, json={"content": 5}) as response:
            assert response.status == 400
            body = await response.json()
    assert body["code"] == 50035
    assert "content" in body["errors"]
    assert [r.path for r in fake.rejected] == [f"/channels/{channel['id']}/messages"]


async def test_rate_limited_send_is_retried(fake: FakeDiscord, bot: SampleBot, alice: dict, channel) -> None:
    fault = fake.inject("POST", r"^/channels/\d+/messages$", 429, retry_after=0.05)
    await fake.post_message(alice, channel, "ping")
    reply = await fake.wait_for_message(channel["id"], lambda m: m["content"] == "pong")
    assert reply["author"]["id"] == fake.bot_user["id"]
    assert fault.fired == 1
    sends = [
        r for r in fake.requests if r.method == "POST" and r.path == f"/channels/{channel['id']}/messages"
    ]
    assert [r.status for r in sends] == [429, 200]


async def test_bad_gateway_on_interaction_callback_is_retried(
    fake: FakeDiscord, bot: SampleBot, alice: dict
) -> None:
    fault = fake.inject("POST", r"^/interactions/\d+/[^/]+/callback$", 502)
    interaction = await fake.slash(alice, "mock start", {"topic": "backprop"})
    response = await interaction.response(timeout=5)
    assert response["data"]["embeds"][0]["title"] == "Round: backprop"
    assert fault.fired == 1
    assert fake.rejected == []


async def test_unknown_route_answers_404_and_is_recorded(fake: FakeDiscord) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{fake.api_base}/guilds/1/audit-logs") as response:
            assert response.status == 404
            assert response.headers["Content-Type"] == "application/json"
            assert (await response.json())["message"] == "404: Not Found"
    assert [(r.method, r.path) for r in fake.unknown_routes] == [("GET", "/guilds/1/audit-logs")]
