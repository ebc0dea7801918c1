"""The sample bot's commands, views, modals and listeners, driven through FakeDiscord helpers."""

from __future__ import annotations

import pytest

from tests.fakediscord import FakeDiscord

from .sample_bot import LEVEL_SELECT, ROUND_NEXT, SampleBot


def assert_clean(fake: FakeDiscord) -> None:
    assert fake.rejected == []
    assert fake.unknown_routes == []


async def test_sync_registers_the_group_with_nested_subcommands(fake: FakeDiscord, bot: SampleBot) -> None:
    (mock,) = fake.commands()
    assert mock["name"] == "mock"
    subs = {option["name"]: option["type"] for option in mock["options"]}
    assert subs["bank"] == 2 and subs["start"] == 1


async def test_slash_reply_has_embed_and_a_working_persistent_button(
    fake: FakeDiscord, bot: SampleBot, alice: dict
) -> None:
    interaction = await fake.slash(alice, "mock start", {"topic": "backprop", "minutes": 10})
    response = await interaction.response()
    assert response["type"] == 4
    (embed,) = response["data"]["embeds"]
    assert embed["title"] == "Round: backprop"
    assert embed["description"].startswith("10 minutes")
    assert not interaction.ephemeral

    message = await interaction.original_message()
    click = await fake.click(alice, message, ROUND_NEXT)
    assert (await click.response())["type"] == 7
    updated = await fake.wait_for_message(message["channel_id"], lambda m: "Next question" in m["content"])
    assert updated["id"] == message["id"]
    assert updated["content"] == "Next question for alice"
    assert_clean(fake)


async def test_button_on_a_message_from_before_the_restart_reaches_the_persistent_view(
    fake: FakeDiscord, bot: SampleBot, alice: dict, channel
) -> None:
    row = {"type": 1, "components": [{"type": 2, "style": 1, "label": "Next", "custom_id": ROUND_NEXT}]}
    old = await fake.create_message(channel["id"], fake.bot_user, {"content": "Q1", "components": [row]})
    click = await fake.click(alice, old, ROUND_NEXT)
    assert (await click.response())["type"] == 7
    assert fake.world.messages[old["id"]]["content"] == "Next question for alice"
    assert_clean(fake)


async def test_permissions_given_to_slash_reach_the_bot_checks(
    fake: FakeDiscord, bot: SampleBot, alice: dict
) -> None:
    denied = await fake.slash(alice, "mock reset", permissions=0)
    assert (await denied.response())["data"]["content"] == "You need Manage Server for that"
    manage_guild = 1 << 5
    allowed = await fake.slash(alice, "mock reset", permissions=manage_guild)
    assert (await allowed.response())["data"]["content"] == "Bank reset"


async def test_select_menu_answers_ephemerally(fake: FakeDiscord, bot: SampleBot, alice: dict) -> None:
    interaction = await fake.slash(alice, "mock start", {"topic": "batch-norm"})
    message = await interaction.original_message()
    chosen = await fake.select(alice, message, LEVEL_SELECT, ["senior"])
    response = await chosen.response()
    assert response["data"]["content"] == "Level set to senior"
    assert chosen.ephemeral
    assert_clean(fake)


async def test_subcommand_group_with_member_option(
    fake: FakeDiscord, bot: SampleBot, alice: dict, guild
) -> None:
    bob = fake.add_user("bob")
    fake.add_member(guild, bob)
    interaction = await fake.slash(alice, "mock bank show", {"question": "What is dropout?", "member": bob})
    response = await interaction.response()
    assert response["data"]["content"] == "What is dropout? for bob"
    assert interaction.ephemeral
    assert_clean(fake)


async def test_unregistered_command_fails_clearly(fake: FakeDiscord, bot: SampleBot, alice: dict) -> None:
    with pytest.raises(LookupError, match="not registered"):
        await fake.slash(alice, "interview start")
    with pytest.raises(LookupError, match="no subcommand 'stop'"):
        await fake.slash(alice, "mock stop")


async def test_autocomplete_returns_filtered_choices(fake: FakeDiscord, bot: SampleBot, alice: dict) -> None:
    choices = await fake.autocomplete(alice, "mock start", {"topic": "ba"}, focused="topic")
    assert [c["value"] for c in choices] == ["backprop", "batch-norm"]
    assert_clean(fake)


async def test_modal_round_trip(fake: FakeDiscord, bot: SampleBot, alice: dict) -> None:
    opened = await fake.slash(alice, "mock answer")
    response = await opened.response()
    assert response["type"] == 9
    assert response["data"]["title"] == "Your answer"
    submitted = await fake.submit_modal(alice, response["data"]["custom_id"], {"answer": "a" * 1234})
    reply = await submitted.response()
    assert reply["data"]["content"] == "Got 1234 characters"
    assert submitted.ephemeral
    assert_clean(fake)


async def test_private_thread_and_followup(fake: FakeDiscord, bot: SampleBot, alice: dict, channel) -> None:
    interaction = await fake.slash(alice, "mock room")
    assert (await interaction.response())["type"] == 5
    (followup,) = await interaction.followups()
    (thread,) = fake.threads(channel)
    assert thread["type"] == 12
    assert followup["content"] == f"Opened <#{thread['id']}>"
    assert followup["flags"] & 64
    assert alice["id"] in fake.world.thread_members[thread["id"]]
    welcome = await fake.wait_for_message(thread["id"])
    assert welcome["content"] == "Welcome to your practice room"
    assert_clean(fake)


async def test_thread_refused_where_threads_are_not_allowed(
    fake: FakeDiscord, bot: SampleBot, alice: dict, guild
) -> None:
    closed = fake.add_channel(guild, "announcements", can_create_threads=False)
    await fake.announce_channel(closed)
    interaction = await fake.slash(alice, "mock room", channel=closed)
    (followup,) = await interaction.followups()
    assert followup["content"] == "I cannot open threads here"
    assert fake.threads(closed) == []
    statuses = [r.status for r in fake.requests if r.path == f"/channels/{closed['id']}/threads"]
    assert statuses == [403]


async def test_deferred_reply_is_filled_in_then_followed_up(
    fake: FakeDiscord, bot: SampleBot, alice: dict
) -> None:
    interaction = await fake.slash(alice, "mock think")
    assert (await interaction.response())["type"] == 5
    (extra,) = await interaction.followups()
    original = await interaction.original_message()
    assert original["content"] == "Thought about it"
    assert not original["flags"] & 128  # no longer "thinking"
    assert extra["content"] == "One more thing" and extra["id"] != original["id"]
    assert_clean(fake)


async def test_first_followup_after_a_public_defer_is_public_whatever_its_flags(
    fake: FakeDiscord, bot: SampleBot, alice: dict, channel
) -> None:
    """Discord's rule: the first follow-up edits the deferred message and keeps its visibility."""
    interaction = await fake.slash(alice, "mock oops", channel=channel)
    assert (await interaction.response())["type"] == 5 and not interaction.ephemeral
    first, second = await interaction.followups(2)
    assert first["id"] == (await interaction.original_message())["id"]
    assert first["content"] == "You have no round open"
    assert not first["flags"] & 64  # shown to everyone in the channel, though sent as ephemeral
    shown = await fake.wait_for_message(channel["id"], lambda m: m["content"] == "You have no round open")
    assert shown["id"] == first["id"]
    assert second["flags"] & 64 and second["id"] != first["id"]  # later follow-ups keep their own flags
    assert_clean(fake)


async def test_slash_command_in_direct_messages(fake: FakeDiscord, bot: SampleBot, alice: dict) -> None:
    dm = fake.dm_channel(alice)
    interaction = await fake.slash(alice, "mock start", {"topic": "model-serving"}, channel=dm)
    assert "user" in interaction.payload and "member" not in interaction.payload
    response = await interaction.response()
    assert response["data"]["embeds"][0]["title"] == "Round: model-serving"
    assert (await interaction.original_message())["channel_id"] == dm["id"]
    assert_clean(fake)


async def test_message_listener_replies(fake: FakeDiscord, bot: SampleBot, alice: dict, channel) -> None:
    await fake.post_message(alice, channel, "ping")
    reply = await fake.wait_for_message(channel["id"], lambda m: m["content"] == "pong")
    assert reply["author"]["id"] == fake.bot_user["id"]
    assert_clean(fake)


async def test_attachment_option_and_file_upload(fake: FakeDiscord, bot: SampleBot, alice: dict) -> None:
    upload = fake.attach_file("answer.txt", b"gradient descent", "text/plain")
    interaction = await fake.slash(alice, "mock echo", {"upload": upload})
    message = await interaction.original_message()
    (attachment,) = message["attachments"]
    assert attachment["filename"] == "echo.txt"
    assert fake.attachment_bytes(attachment) == b"GRADIENT DESCENT"
    assert_clean(fake)


async def test_user_attachment_is_downloadable_by_the_bot(
    fake: FakeDiscord, bot: SampleBot, alice: dict, channel
) -> None:
    upload = fake.attach_file("notes.md", b"12345678")
    await fake.post_message(alice, channel, "size", attachments=[upload])
    reply = await fake.wait_for_message(channel["id"], lambda m: m["content"].endswith("bytes"))
    assert reply["content"] == "8 bytes"


async def test_role_grant_and_direct_message(fake: FakeDiscord, bot: SampleBot, guild, alice: dict) -> None:
    role = fake.add_role(guild, "candidate")
    await fake.announce_guild(guild)  # the bot learns about the new role
    interaction = await fake.slash(alice, "mock welcome")
    assert (await interaction.response())["data"]["content"] == "Welcome aboard"
    assert role["id"] in guild.members[alice["id"]].roles
    hello = await fake.wait_for_message(fake.dm_channel(alice)["id"])
    assert hello["content"] == "Good luck with your mock interview"
    assert_clean(fake)
