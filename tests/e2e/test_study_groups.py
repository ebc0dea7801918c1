"""Study groups end to end: the real discord.py client against the loopback Discord."""

from __future__ import annotations

import asyncio
import io
from typing import Any

import pytest
from PIL import Image

from bot.core.bank import QuestionBank
from bot.discordbot.client import MockloopBot
from bot.service import Member
from tests.conftest import make_question
from tests.e2e.conftest import BotRunner, assert_clean, wait_for
from tests.e2e.test_round_flow import button, start_round
from tests.fakediscord import FakeDiscord

GOOD = (
    "Bias is the error from wrong assumptions in the model. Variance is sensitivity to the training set. "
    "Regularisation reduces variance at the cost of a little bias."
)
HALF = "Bias is the error from wrong assumptions in the model."
MANAGE_GUILD = 1 << 5
MANAGE_ROLES = 1 << 28


@pytest.fixture
def bank() -> QuestionBank:
    choice = {
        "kind": "choice",
        "options": [{"key": "a", "text": "It rises"}, {"key": "b", "text": "It falls"}],
        "correct": ["b"],
        "explanation": "A weight penalty makes the fit less sensitive to the sample.",
    }
    return QuestionBank(
        [
            make_question("code-test-0", round_type="coding", topic="arrays", follow_ups=[]),
            make_question("ml-test-0"),
            make_question("daily-choice-0", answer=choice),
        ]
    )


async def finish_coding_round(fake: FakeDiscord, user: dict, text: str) -> None:
    thread, question = await start_round(fake, user, round="coding")
    await fake.post_message(user, thread, text)
    await asyncio.sleep(0.1)
    done = await fake.click(user, question, button(question, "Done"))
    (result,) = await done.followups()
    assert "Score" in result["embeds"][0]["description"]


def board_names(message: dict[str, Any]) -> list[str]:
    lines = message["embeds"][0]["description"].splitlines()
    return [line.split("**")[1] for line in lines]


async def test_groups_rounds_and_the_leaderboard_ranking(fake: FakeDiscord, bot, users, guild) -> None:
    role = fake.add_role(guild, "Owls")
    alice, bob, carol = users["alice"], users["bob"], users["carol"]
    created = await fake.slash(
        alice, "group create", {"name": "Night Owls", "role": role}, permissions=MANAGE_ROLES
    )
    assert "Created the study group **Night Owls**" in (await created.response())["data"]["content"]
    clash = await fake.slash(bob, "group create", {"name": "night owls"})
    assert "already exists" in (await clash.response())["data"]["content"]
    bad = await fake.slash(bob, "group create", {"name": "!"})
    assert "2-32 characters" in (await bad.response())["data"]["content"]
    for user in (bob, carol):
        joined = await fake.slash(user, "group join", {"name": "NIGHT OWLS"})
        assert "You joined **Night Owls**" in (await joined.response())["data"]["content"]
    assert all(role["id"] in guild.members[u["id"]].roles for u in (alice, bob, carol))
    listed = await fake.slash(carol, "group list")
    listing = (await listed.response())["data"]
    assert "Night Owls" in str(listing["embeds"]) and "3" in str(listing["embeds"])
    members = await fake.slash(carol, "group members", {"name": "night owls"})
    shown = str((await members.response())["data"])
    assert "Night Owls · 3 members" in shown and all(f"<@{u['id']}>" in shown for u in (alice, bob, carol))

    await finish_coding_round(fake, carol, HALF)  # first to finish, fewest points
    await finish_coding_round(fake, alice, GOOD)
    before = await fake.slash(carol, "leaderboard", {"group": "night owls", "period": "week"})
    assert board_names((await before.response())["data"]) == ["alice", "carol"]
    await finish_coding_round(fake, bob, GOOD)  # same points as alice, but later

    it = await fake.slash(carol, "leaderboard", {"group": "night owls", "period": "week"})
    message = (await it.response())["data"]
    assert board_names(message) == ["alice", "bob", "carol"]
    embed = message["embeds"][0]
    assert embed["title"] == "Leaderboard · Night Owls · This week"
    assert embed["fields"][0]["value"].startswith("#3 of 3")
    assert "repeated question earns 0 within 30 days" in embed["footer"]["text"]

    left = await fake.slash(bob, "group leave", {"name": "night owls"})
    assert "You left" in (await left.response())["data"]["content"]
    assert role["id"] not in guild.members[bob["id"]].roles
    again = await fake.slash(alice, "leaderboard", {"group": "Night Owls"})
    assert board_names((await again.response())["data"]) == ["alice", "carol"]
    assert_clean(fake)


async def test_stats_reply_carries_the_chart_and_empty_stats_are_friendly(
    fake: FakeDiscord, bot, users
) -> None:
    nothing = await fake.slash(users["bob"], "stats")
    reply = await nothing.response()
    assert "no finished rounds" in reply["data"]["content"] and nothing.ephemeral

    await finish_coding_round(fake, users["alice"], GOOD)
    it = await fake.slash(users["alice"], "stats")
    (followup,) = await it.followups()
    (attachment,) = followup["attachments"]
    assert attachment["filename"] == "stats.png"
    with Image.open(io.BytesIO(fake.attachment_bytes(attachment))) as image:
        assert image.format == "PNG" and image.size == (1000, 400)
    embed = followup["embeds"][0]
    assert embed["image"]["url"] == "attachment://stats.png"
    assert "**1** rounds" in embed["description"]
    # Issue 16: "weakest topics" never lists a 100. This round scored 100 on arrays, so arrays is
    # shown per topic but not as a weak spot (the test used to expect it under "Weakest topics").
    assert any(f["name"] == "Average per topic" and "arrays: 100" in f["value"] for f in embed["fields"])
    assert not any(f["name"] == "Weakest topics" for f in embed["fields"])
    assert_clean(fake)


async def test_leaderboard_pages_with_buttons_that_survive_a_restart(
    fake: FakeDiscord, bot: MockloopBot, users, runner: BotRunner, bank
) -> None:
    for uid in range(1, 13):  # twelve members with rounds, alice not among them
        member = Member(int(next(iter(fake.world.guilds))), uid, f"m{uid:02d}")
        await bot.services.interviews.start_round(member, "coding")
        await bot.services.interviews.add_answer(member, GOOD if uid < 12 else HALF, source="test")
        await bot.services.interviews.finish(member)
    it = await fake.slash(users["alice"], "leaderboard", {"period": "all"})
    first = (await it.response())["data"]
    assert len(board_names(first)) == 10
    assert first["embeds"][0]["fields"][0]["value"].startswith("not on this board yet")

    await runner.stop()
    await runner.start(bank)
    stored = fake.world.messages[(await it.original_message())["id"]]
    clicked = await fake.click(users["alice"], stored, button(stored, "Next ▶"))
    page = (await clicked.response())["data"]
    assert board_names(page) == ["m11", "m12"]
    assert "Page 2/2" in page["embeds"][0]["footer"]["text"]
    assert_clean(fake)


async def test_daily_question_posted_once_across_restarts_and_answer_count_shown(
    fake: FakeDiscord, bot, users, channel, runner: BotRunner, bank
) -> None:
    alice, bob = users["alice"], users["bob"]
    it = await fake.slash(
        alice, "mockadmin daily", {"channel": channel["id"], "time": "09:00"}, permissions=MANAGE_GUILD
    )
    assert "every day at 09:00" in (await it.response())["data"]["content"]

    def dailies() -> list[dict]:
        return [
            m
            for m in fake.world.messages.values()
            if m["channel_id"] == channel["id"]
            and any("Question of the day" in (e.get("title") or "") for e in m["embeds"])
        ]

    await runner.stop()
    runner.clock.advance(10 * 3600)  # the bot was down at 09:00
    await runner.start(bank)

    async def posted() -> bool:
        return len(dailies()) >= 1

    await wait_for(posted)
    await runner.stop()
    await runner.start(bank)
    runner.bot.get_cog("DailyCog").poster.poke()  # type: ignore[union-attr]
    await asyncio.sleep(0.3)
    (post,) = dailies()
    assert "Answered by nobody yet" in post["embeds"][-1]["footer"]["text"]

    # issue 16: the buttons carry the letter only (they were "B · It falls"); the text is in the embed
    clicked = await fake.click(bob, post, button(post, "B"))
    reply = await clicked.response()
    assert reply["data"]["content"].startswith("✅ Right") and clicked.ephemeral

    async def counted() -> bool:
        return "Answered by 1 member " in fake.world.messages[post["id"]]["embeds"][-1]["footer"]["text"]

    await wait_for(counted)
    board = await fake.slash(bob, "leaderboard")
    assert board_names((await board.response())["data"]) == ["bob"]

    await runner.advance(24 * 3600)  # the next day: yesterday's buttons answer kindly, not with a failure
    late = await fake.click(users["carol"], post, button(post, "A"))
    assert "has closed" in (await late.response())["data"]["content"] and late.ephemeral
    assert_clean(fake)


async def test_admin_timezone_and_points_cap(fake: FakeDiscord, bot, users) -> None:
    alice = users["alice"]
    bad = await fake.slash(alice, "mockadmin timezone", {"name": "Mars/Base"}, permissions=MANAGE_GUILD)
    assert "Unknown timezone 'Mars/Base'" in (await bad.response())["data"]["content"]
    ok = await fake.slash(alice, "mockadmin timezone", {"name": "Europe/Berlin"}, permissions=MANAGE_GUILD)
    assert "follow Europe/Berlin" in (await ok.response())["data"]["content"]
    cap = await fake.slash(alice, "mockadmin pointscap", {"points": 40}, permissions=MANAGE_GUILD)
    assert "at most 40 points per day" in (await cap.response())["data"]["content"]
    denied = await fake.slash(users["bob"], "mockadmin pointscap", {"points": 9999}, permissions=0)
    assert "permission" in (await denied.response())["data"]["content"]
    board = await fake.slash(users["bob"], "leaderboard")
    assert (
        "at most 40 points per member per day"
        in (await board.response())["data"]["embeds"][0]["footer"]["text"]
    )
    assert_clean(fake)
