"""Gateway behaviour: compressed stream, abrupt drops and op-7 reconnects end in a RESUME."""

from __future__ import annotations

import asyncio

from tests.fakediscord import FakeDiscord

from .sample_bot import SampleBot


async def test_client_negotiates_compressed_stream(fake: FakeDiscord, bot: SampleBot) -> None:
    assert fake.gateway.compressions == ["zlib-stream"]
    assert bot.guilds[0].name == "Mock Guild"
    assert {c.name for c in bot.guilds[0].text_channels} == {"interviews"}


async def test_dropped_connection_resumes_and_replays_missed_events(
    fake: FakeDiscord, bot: SampleBot, alice: dict, channel
) -> None:
    fake.drop_gateway()
    # Sent while the client is away: must arrive through the RESUME replay.
    await fake.post_message(alice, channel, "ping")
    await fake.wait_resumed(timeout=10)
    reply = await fake.wait_for_message(channel["id"], lambda m: m["content"] == "pong")
    assert reply["author"]["id"] == fake.bot_user["id"]
    assert fake.gateway.identifies == 1
    assert fake.gateway.resumes == 1

    interaction = await fake.slash(alice, "mock start", {"topic": "backprop"})
    assert (await interaction.response())["type"] == 4


async def test_reconnect_opcode_leads_to_resume(
    fake: FakeDiscord, bot: SampleBot, alice: dict, channel
) -> None:
    await fake.request_reconnect()
    await fake.wait_resumed(timeout=10)
    assert fake.gateway.identifies == 1
    await fake.post_message(alice, channel, "ping")
    await fake.wait_for_message(channel["id"], lambda m: m["content"] == "pong")


async def test_each_dispatch_gets_the_next_sequence_number(fake: FakeDiscord, bot: SampleBot) -> None:
    before = fake.gateway.seq
    seen = asyncio.ensure_future(bot.wait_for("socket_event_type", check=lambda t: t == "WEBHOOKS_UPDATE"))
    await fake.dispatch("TYPING_START", {"channel_id": "1", "user_id": "2", "timestamp": 0})
    await fake.dispatch("WEBHOOKS_UPDATE", {"channel_id": "1", "guild_id": "2"})
    assert [p["s"] for p in fake.gateway.sent[-2:]] == [before + 1, before + 2]
    await asyncio.wait_for(seen, 5)
    assert bot.ws.sequence == before + 2
