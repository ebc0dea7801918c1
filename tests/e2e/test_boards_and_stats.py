"""Boards and stats people come back for (issue 16), through the real discord.py client:
a private /leaderboard with Share, the weekly winners post, /stats with Share and a weekly
progress line, streak freezes, the daily question's buttons, role, thread and recap, and /help.

Rounds are played through the services (as the paging test does): what is tested here is what
the boards show, not the round room.
"""

from __future__ import annotations

import asyncio
import io
from typing import Any

import pytest
from PIL import Image

from bot.core.bank import QuestionBank
from bot.discordbot.client import MockloopBot
from bot.service import Member, RoundResult
from tests.conftest import make_question
from tests.e2e.conftest import BotRunner, assert_clean, wait_for
from tests.fakediscord import FakeDiscord

GOOD = (
    "Bias is the error from wrong assumptions in the model. Variance is sensitivity to the training set. "
    "Regularisation reduces variance at the cost of a little bias."
)
HALF = "Bias is the error from wrong assumptions in the model."
MANAGE_GUILD = 1 << 5
DAY = 86_400.0


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
            *(make_question(f"ml-test-{i}") for i in range(8)),
            make_question("code-test-0", round_type="coding", topic="arrays", follow_ups=[]),
            make_question("daily-choice-0", answer=choice),
            make_question("daily-choice-1", answer={**choice, "correct": ["a"]}),
        ]
    )


def guild_id(fake: FakeDiscord) -> int:
    return int(next(iter(fake.world.guilds)))


async def play(
    bot: MockloopBot, fake: FakeDiscord, user: dict, text: str = GOOD, round_type: str = "ml_theory"
) -> RoundResult:
    """One finished round for `user`, through the service both front ends call."""
    member = Member(guild_id(fake), int(user["id"]), user["username"])
    await bot.services.interviews.start_round(member, round_type)
    await bot.services.interviews.add_answer(member, text, source="test")
    while (result := (await bot.services.interviews.finish(member)).result) is None:
        pass
    return result


def labels(message: dict[str, Any]) -> list[str]:
    return [c.get("label") for row in message.get("components") or [] for c in row["components"]]


def component(message: dict[str, Any], label: str) -> dict[str, Any]:
    for row in message.get("components") or []:
        for c in row["components"]:
            if c.get("label") == label:
                return c
    raise AssertionError(f"no {label!r} in {labels(message)}")


TITLE_MIN_PX = 20  # the chart titles, top of the tallest glyph to the lowest descender: 12 pt measures 17


def title_height(image: Any) -> int:
    """Rows of the chart's top band (where the titles are) that hold light text pixels."""
    width = image.size[0]
    rows = [y for y in range(0, 45) if any(min(image.getpixel((x, y))) > 200 for x in range(0, width, 2))]
    return rows[-1] - rows[0] + 1 if rows else 0


def board_names(message: dict[str, Any]) -> list[str]:
    return [line.split("**")[1] for line in message["embeds"][0]["description"].splitlines()]


def channel_posts(fake: FakeDiscord, channel: dict, title_part: str) -> list[dict]:
    return [
        m
        for m in fake.world.messages.values()
        if m["channel_id"] == channel["id"]
        and not m["flags"] & (1 << 6)
        and any(title_part in (e.get("title") or "") for e in m["embeds"])
    ]


async def test_leaderboard_is_private_with_a_share_button_and_a_one_line_footer(
    fake: FakeDiscord, bot: MockloopBot, users, channel
) -> None:
    alice, bob = users["alice"], users["bob"]
    await play(bot, fake, alice)
    await play(bot, fake, bob, HALF)
    it = await fake.slash(bob, "leaderboard")
    board = (await it.response())["data"]
    assert it.ephemeral
    assert board_names(board) == ["alice", "bob"]
    footer = board["embeds"][0]["footer"]["text"]
    assert "\n" not in footer and len(footer) <= 120, footer
    assert "repeated question earns 0 within 30 days" in footer and "/help" in footer
    assert channel_posts(fake, channel, "Leaderboard") == []  # nothing public yet

    private = await it.original_message()
    shared = await fake.click(bob, private, component(private, "Share")["custom_id"])
    (post,) = await shared.followups()
    assert not post["flags"] & (1 << 6)  # everyone in the channel sees it
    assert post["channel_id"] == channel["id"]
    assert board_names(post) == ["alice", "bob"]
    assert post["embeds"][0]["fields"][0]["name"] == "Shared by bob"
    assert channel_posts(fake, channel, "Leaderboard") == [fake.world.messages[post["id"]]]
    after = fake.world.messages[private["id"]]  # the private board's button says it was shared
    assert component(after, "Shared")["disabled"] is True
    assert_clean(fake)


async def test_weekly_winners_are_posted_once_across_a_restart_with_gaps_and_the_reset_time(
    fake: FakeDiscord, bot: MockloopBot, users, channel, runner: BotRunner, bank
) -> None:
    alice, bob, carol = users["alice"], users["bob"], users["carol"]
    it = await fake.slash(alice, "mockadmin weekly", {"channel": channel["id"]}, permissions=MANAGE_GUILD)
    reply = await it.response()
    assert "winners will be posted in" in reply["data"]["content"] and it.ephemeral
    shown = await fake.slash(alice, "mockadmin show", permissions=MANAGE_GUILD)
    boards = next(f for f in (await shown.response())["data"]["embeds"][0]["fields"] if f["name"] == "Boards")
    assert f"Weekly winners post: in <#{channel['id']}>" in boards["value"]
    assert "Streak freeze: off" in boards["value"]
    await play(bot, fake, alice)
    await play(bot, fake, bob, HALF)
    await play(bot, fake, carol)  # as many points as alice, but later
    runner.bot.get_cog("StudyCog").weekly.poke()  # type: ignore[union-attr]
    await asyncio.sleep(0.3)
    assert channel_posts(fake, channel, "Winners of the week") == []  # the week is not over

    await runner.stop()
    runner.clock.advance(4 * DAY + 3600)  # Thursday 1 Jan -> Monday 5 Jan 01:00: the bot was down at reset
    await runner.start(bank)

    async def posted() -> list[dict]:
        return channel_posts(fake, channel, "Winners of the week")

    (post,) = await wait_for(posted)
    embed = post["embeds"][0]
    assert embed["title"] == "🏆 Winners of the week · 29 Dec – 04 Jan 2026"
    lines = embed["description"].splitlines()
    assert [line.split("**")[1] for line in lines[:3]] == ["alice", "carol", "bob"]
    assert "behind" not in lines[0] and "level with alice" in lines[1]
    gap = int(lines[0].split(" · ")[1].split()[0]) - int(lines[2].split(" · ")[1].split()[0])
    assert gap > 0 and f"{gap} behind carol" in lines[2]
    next_reset = int(runner.clock.now() - 3600 + 7 * DAY)  # Monday 12 Jan 00:00 UTC
    assert f"resets <t:{next_reset}:R>" in embed["description"]

    await runner.stop()  # a restart in the same week posts nothing more
    await runner.start(bank)
    runner.bot.get_cog("StudyCog").weekly.poke()  # type: ignore[union-attr]
    await asyncio.sleep(0.3)
    assert len(await posted()) == 1

    off = await fake.slash(alice, "mockadmin weekly", {}, permissions=MANAGE_GUILD)
    assert "weekly winners post is off" in (await off.response())["data"]["content"]
    await play(runner.bot, fake, bob)
    runner.clock.advance(7 * DAY)
    runner.bot.get_cog("StudyCog").weekly.poke()  # type: ignore[union-attr]
    await asyncio.sleep(0.3)
    assert len(await posted()) == 1  # turned off: no post for the week of 5 Jan
    assert_clean(fake)


async def test_stats_are_private_with_share_a_weekly_progress_line_a_dark_chart_and_local_times(
    fake: FakeDiscord, bot: MockloopBot, users, channel, runner: BotRunner
) -> None:
    alice, bob = users["alice"], users["bob"]
    tz = await fake.slash(alice, "mockadmin timezone", {"name": "Asia/Tokyo"}, permissions=MANAGE_GUILD)
    assert "Asia/Tokyo" in (await tz.response())["data"]["content"]
    last_week = await play(bot, fake, alice, HALF)  # Thu 1 Jan, 09:00 in Tokyo
    runner.clock.advance(7 * DAY)  # Thu 8 Jan: a new week
    perfect = await play(bot, fake, alice, GOOD, round_type="coding")  # no follow-ups: scores 100
    weak = await play(bot, fake, alice, HALF)
    assert perfect.score == 100 and weak.score < 100

    it = await fake.slash(alice, "stats")
    (reply,) = await it.followups()
    assert it.ephemeral
    embed = reply["embeds"][0]
    this_week = perfect.points + weak.points
    change = this_week - last_week.points
    assert f"This week **{this_week}** points · {change:+d} points vs last week" in embed["description"]
    assert "Last round Thu 08 Jan, 09:00 (Asia/Tokyo)" in embed["description"]
    weakest = next(f for f in embed["fields"] if f["name"] == "Weakest topics")
    assert "probability" in weakest["value"] and "arrays" not in weakest["value"]  # arrays is at 100
    assert ": 100" not in weakest["value"]

    (attachment,) = reply["attachments"]
    with Image.open(io.BytesIO(fake.attachment_bytes(attachment))) as image:
        rgb = image.convert("RGB")
        width, height = rgb.size
        corner = rgb.getpixel((3, 3))
        assert max(corner) < 70, corner  # Discord's dark embed background, not white
        light = sum(1 for x in range(0, width, 2) for y in range(0, height, 2) if min(rgb.getpixel((x, y))) > 200)
        assert light > 300, light  # light text and lines on it
        assert title_height(rgb) >= TITLE_MIN_PX

    shared = await fake.click(alice, reply, component(reply, "Share")["custom_id"])
    (post,) = await shared.followups(timeout=15)
    assert not post["flags"] & (1 << 6) and post["channel_id"] == channel["id"]
    assert post["embeds"][0]["author"]["name"] == "Shared by alice"
    assert post["embeds"][0]["image"]["url"] == "attachment://stats.png" and len(post["attachments"]) == 1
    assert component(fake.world.messages[reply["id"]], "Shared")["disabled"] is True
    other = await fake.slash(bob, "stats", {"member": alice})
    (theirs,) = await other.followups()
    assert other.ephemeral and theirs["embeds"][0]["title"] == "Stats · alice"
    assert_clean(fake)


async def test_a_streak_freeze_keeps_a_streak_through_one_missed_day_and_the_board_shows_it(
    fake: FakeDiscord, bot: MockloopBot, users, runner: BotRunner
) -> None:
    alice = users["alice"]
    runner.clock.advance(4 * DAY + 9 * 3600)  # Monday 5 Jan, 09:00 UTC
    await play(bot, fake, alice)  # Monday
    runner.clock.advance(DAY)
    await play(bot, fake, alice)  # Tuesday; Wednesday is missed
    runner.clock.advance(2 * DAY)
    await play(bot, fake, alice)  # Thursday

    async def board() -> dict[str, Any]:
        it = await fake.slash(alice, "leaderboard")
        return (await it.response())["data"]["embeds"][0]

    off = await board()  # off by default: Wednesday broke the streak
    assert off["description"].endswith("🔥 1") and "streak 1 (best 2)" in off["fields"][0]["value"]

    on = await fake.slash(alice, "mockadmin streakfreeze", {"days": 1}, permissions=MANAGE_GUILD)
    assert "forgives 1 missed day;" in (await on.response())["data"]["content"] and on.ephemeral
    frozen = await board()
    assert frozen["description"].endswith("🔥 3")  # Monday, Tuesday, (frozen Wednesday), Thursday
    assert "streak 3 (best 3)" in frozen["fields"][0]["value"]
    assert "1 missed day a week forgiven" in frozen["fields"][0]["value"]
    stats = await fake.slash(alice, "stats")
    (reply,) = await stats.followups()
    assert "streak **3** (best 3)" in reply["embeds"][0]["description"]

    again_off = await fake.slash(alice, "mockadmin streakfreeze", {"days": 0}, permissions=MANAGE_GUILD)
    assert "Streak freezes are off" in (await again_off.response())["data"]["content"]
    assert (await board())["description"].endswith("🔥 1")
    denied = await fake.slash(users["bob"], "mockadmin streakfreeze", {"days": 3}, permissions=0)
    assert "permission" in (await denied.response())["data"]["content"]
    assert_clean(fake)


async def test_daily_question_letter_buttons_an_opt_in_role_a_thread_and_yesterdays_answer(
    fake: FakeDiscord, bot: MockloopBot, users, guild, channel, runner: BotRunner
) -> None:
    alice, bob, carol = users["alice"], users["bob"], users["carol"]
    role = fake.add_role(guild, "Daily")
    await fake.announce_guild(guild)
    it = await fake.slash(
        alice, "mockadmin daily", {"channel": channel["id"], "time": "09:00", "role": role}, permissions=MANAGE_GUILD
    )
    assert f"pinging <@&{role['id']}>" in (await it.response())["data"]["content"]
    poster = runner.bot.get_cog("DailyCog").poster  # type: ignore[union-attr]
    runner.clock.advance(9 * 3600 + 60)  # 09:01 on Thursday 1 Jan
    poster.poke()

    async def dailies() -> list[dict]:
        return channel_posts(fake, channel, "Question of the day")

    (post,) = await wait_for(dailies)
    assert labels(post) == ["A", "B", "Ping me daily"]
    assert "**A.** It rises" in post["embeds"][0]["description"]
    assert post["content"].startswith(f"<@&{role['id']}>")  # no recap on the first day
    (sent,) = [r for r in fake.requests if r.method == "POST" and r.path == f"/channels/{channel['id']}/messages"
               and "Question of the day" in str(r.json)]
    assert [str(r) for r in sent.json["allowed_mentions"]["roles"]] == [role["id"]]

    async def discussion() -> dict | None:
        return fake.world.channels.get(post["id"])  # a thread started from the post

    # Discord takes the post and its thread in two requests: the thread may come a moment later
    thread = await wait_for(discussion)
    assert thread["parent_id"] == channel["id"] and thread["name"].startswith("Discuss · ")
    assert await fake.wait_for_message(thread["id"], lambda m: "Talk it through" in m["content"])

    opt_in = await fake.click(carol, post, component(post, "Ping me daily")["custom_id"])
    assert "You will be pinged" in (await opt_in.response())["data"]["content"] and opt_in.ephemeral
    assert role["id"] in guild.members[carol["id"]].roles
    opt_in = await fake.click(alice, post, component(post, "Ping me daily")["custom_id"])
    await opt_in.response()
    opt_out = await fake.click(alice, post, component(post, "Ping me daily")["custom_id"])
    assert "no longer be pinged" in (await opt_out.response())["data"]["content"]
    assert role["id"] not in guild.members[alice["id"]].roles
    right = []
    for user, key in ((bob, "B"), (carol, "A"), (alice, "B")):
        answered = await fake.click(user, post, component(post, key)["custom_id"])
        if (await answered.response())["data"]["content"].startswith("✅ Right"):
            right.append(key)
    assert right and len(set(right)) == 1

    runner.clock.advance(DAY)  # Friday 09:01
    poster.poke()

    async def two() -> list[dict] | None:
        found = await dailies()
        return found if len(found) == 2 else None

    _, today = sorted(await wait_for(two), key=lambda m: int(m["id"]))
    first_line = today["content"].splitlines()[0]
    text = {"A": "It rises", "B": "It falls"}[right[0]]
    assert first_line == f"Yesterday's answer: **{right[0]}** ({text}) · {len(right)} of 3 got it right"
    assert f"<@&{role['id']}>" in today["content"]

    no_role = await fake.slash(alice, "mockadmin daily", {"channel": channel["id"]}, permissions=MANAGE_GUILD)
    assert "pinging" not in (await no_role.response())["data"]["content"]
    stale = await fake.click(bob, today, component(today, "Ping me daily")["custom_id"])
    assert "no longer pings that role" in (await stale.response())["data"]["content"] and stale.ephemeral
    assert role["id"] not in guild.members[bob["id"]].roles
    assert_clean(fake)


async def test_help_is_one_private_page_on_rounds_scoring_points_and_every_command_with_links(
    fake: FakeDiscord, bot: MockloopBot, users
) -> None:
    alice = users["alice"]
    cap = await fake.slash(alice, "mockadmin pointscap", {"points": 40}, permissions=MANAGE_GUILD)
    await cap.response()
    it = await fake.slash(alice, "help")
    page = (await it.response())["data"]
    assert it.ephemeral and len(page["embeds"]) == 4  # one message
    titles = [e["title"] for e in page["embeds"]]
    assert titles == ["Help · Rounds", "Help · Scoring", "Help · Points", "Help · Commands"]
    rounds, scoring, points, commands = (e["description"] for e in page["embeds"])
    assert "private thread" in rounds and "Coding 45 min (30–45), ML theory 60 min (45–60)" in rounds
    mock_id = next(c["id"] for c in fake.world.commands[None] if c["name"] == "mock")
    assert f"</mock start:{mock_id}>" in rounds  # the page's commands are links
    assert "0–100" in scoring and "20%" in scoring
    # The README's Points section: bases, difficulty above 50, hints, on time, overtime, peer.
    for fact in ("10 / 20 / 30", "above 50", "50% of the points", "adds 10%", "×0.5", "adds 2", "11 / 22 / 33"):
        assert fact in points, fact
    assert "at most 40 points per member per day" in points and "Ties go to whoever got there first" in points
    registered = {c["name"]: c for c in fake.world.commands[None]}
    for name, command in registered.items():
        subs = [o["name"] for o in command.get("options") or [] if o["type"] == 1]
        for full in [f"{name} {s}" for s in subs] or [name]:
            assert f"</{full}:{command['id']}>" in commands, full  # a clickable link to the command
    assert {"mock", "leaderboard", "stats", "help", "mockadmin"} <= set(registered)
    assert "mockadmin weekly" in commands and "mockadmin streakfreeze" in commands
    assert_clean(fake)
