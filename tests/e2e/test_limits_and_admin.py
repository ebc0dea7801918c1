"""Discord's limits, faults and admin settings, through the real client and the loopback Discord."""

from __future__ import annotations

import re

from bot.core.bank import QuestionBank
from tests.conftest import make_question
from tests.e2e.conftest import BotRunner, assert_clean, wait_for
from tests.e2e.test_round_flow import GOOD, button, start_round
from tests.fakediscord import FakeDiscord

MANAGE_GUILD = 1 << 5


def long_bank() -> QuestionBank:
    paragraph = "A long scenario paragraph about a streaming feature pipeline and its failure modes. " * 12
    prompt = (
        "\n\n".join([paragraph] * 8)
        + "\n\n```python\n"
        + "events = load()\n" * 200
        + "```\n\nWhat breaks first?"
    )
    rubric = [
        {
            "id": f"p{i}",
            "point": f"Key point number {i} about the pipeline " + "detail " * 20,
            "weight": 1,
            "phrases": [f"point number {i}"],
        }
        for i in range(30)
    ]
    q = make_question("ml-long-0", prompt=prompt, rubric=rubric, follow_ups=[], reference_answer="x " * 3000)
    return QuestionBank([q])


async def test_long_question_is_split_over_embeds_and_accepted(
    fake: FakeDiscord, runner: BotRunner, users
) -> None:
    await runner.start(long_bank())
    alice = users["alice"]
    thread, question = await start_round(fake, alice)
    messages = [m for m in fake.world.messages.values() if m["channel_id"] == thread["id"]]
    text = "".join(e.get("description", "") for m in messages for e in m["embeds"])
    assert text.count("events = load()") == 200 and text.endswith("What breaks first?")
    assert sum(len(m["embeds"]) for m in messages) >= 3  # 4096 characters an embed, 6000 a message
    await fake.post_message(alice, thread, GOOD + " point number 3 and point number 7.")
    db = runner.bot.services.interviews.db
    await wait_for(lambda: db.scalar("SELECT count(*) FROM answer_parts"))
    done = await fake.click(alice, question, button(question, "Done"))
    await fake.wait_for_message(thread["id"], lambda m: "/mock share" in str(m["embeds"]))
    results = [fake.world.messages[i] for i in done.followup_ids]
    assert len(results) >= 2  # more than one message's worth of embeds
    body = "".join(e.get("description", "") for m in results for e in m["embeds"])
    assert body.count("**Key point number") == 30  # every key point is shown, across embeds
    last = results[-1]
    reference = await fake.click(alice, last, button(last, "Reference answer"))
    shown = await reference.followups(count=1, timeout=5)
    await fake.wait_for_message(thread["id"], lambda m: "Rubric" in str(m["embeds"]))
    texts = "".join(
        e.get("description", "") for i in reference.followup_ids for e in fake.world.messages[i]["embeds"]
    )
    assert len(re.findall(r"\bx\b", texts)) == 3000 and shown[0]["embeds"][0]["description"].startswith(
        "**Reference answer**"
    )
    assert_clean(fake)


async def test_history_of_500_rounds_is_paged(fake: FakeDiscord, bot, users) -> None:
    from bot.service import Member

    alice = users["alice"]
    guild_id = int(next(iter(fake.world.guilds)))
    member = Member(guild_id, int(alice["id"]), "alice")
    for _ in range(500):
        await bot.services.interviews.start_round(member, "ml_theory")
        await bot.services.interviews.give_up(member)
    it = await fake.slash(alice, "mock history")
    (page,) = await it.followups()
    assert page["embeds"][0]["footer"]["text"] == "Page 1/50 · 500 rounds"
    nxt = await fake.click(alice, page, button(page, "Older ▶"))
    assert (await nxt.response())["type"] == 7
    updated = await fake.wait_for_message(
        page["channel_id"], lambda m: "Page 2/50" in str(m["embeds"]), from_bot=True
    )
    assert "#490" in updated["embeds"][0]["description"]
    assert_clean(fake)


async def test_rate_limit_on_callback_and_502_on_message_create_still_deliver(
    fake: FakeDiscord, bot, users
) -> None:
    fake.inject("POST", r"/interactions/\d+/[^/]+/callback", 429, times=1, retry_after=0.2)
    fake.inject("POST", r"/channels/\d+/messages$", 502, times=1)
    _thread, question = await start_round(fake, users["alice"])
    assert question["embeds"][0]["title"].startswith("ML theory")
    statuses = [r.status for r in fake.requests if r.method == "POST"]
    assert 429 in statuses and 502 in statuses
    assert fake.rejected == []


async def test_no_thread_permission_falls_back_to_private_controls(
    fake: FakeDiscord, bot, users, guild
) -> None:
    closed = fake.add_channel(guild, "no-threads", can_create_threads=False)
    await fake.announce_channel(closed) if hasattr(fake, "announce_channel") else None
    it = await fake.slash(users["alice"], "mock start", {"round": "coding"}, channel=closed)
    (reply,) = await it.followups()
    assert it.ephemeral and "Threads aren't available here" in reply["content"]
    labels = [c["label"] for row in reply["components"] for c in row["components"]]
    assert labels == ["Answer", "Hint", "Done", "Give up"]


async def test_mockadmin_needs_manage_server_and_changes_settings(fake: FakeDiscord, bot, users) -> None:
    alice = users["alice"]
    denied = await fake.slash(alice, "mockadmin show", permissions=0)
    assert "You need the manage server permission" in (await denied.response())["data"]["content"]
    shown = await fake.slash(alice, "mockadmin show", permissions=MANAGE_GUILD)
    fields = {f["name"]: f["value"] for f in (await shown.response())["data"]["embeds"][0]["fields"]}
    assert fields["Code judge"] == "off: code judging is not configured"  # this test bot has no runner
    (admin_cmd,) = [c for c in fake.commands() if c["name"] == "mockadmin"]
    assert str(admin_cmd["default_member_permissions"]) == str(MANAGE_GUILD)

    set_len = await fake.slash(
        alice, "mockadmin duration", {"round": "coding", "minutes": 35}, permissions=MANAGE_GUILD
    )
    assert "35 minutes" in (await set_len.response())["data"]["content"]
    bad_len = await fake.slash(
        alice, "mockadmin duration", {"round": "coding", "minutes": 50}, permissions=MANAGE_GUILD
    )
    assert "30–45 minutes" in (await bad_len.response())["data"]["content"]
    off = await fake.slash(
        alice, "mockadmin rounds", {"round": "behavioral", "enabled": False}, permissions=MANAGE_GUILD
    )
    assert "now off" in (await off.response())["data"]["content"]

    blocked = await fake.slash(alice, "mock start", {"round": "behavioral"})
    (reply,) = await blocked.followups()
    assert "Behavioral rounds are turned off in this server" in reply["content"]
    _thread, question = await start_round(fake, alice, round="coding")
    time_field = next(f for f in question["embeds"][-1]["fields"] if f["name"] == "Time")
    assert time_field["value"].startswith("35 min")
    assert_clean(fake)


async def test_topic_autocomplete_follows_the_chosen_round(fake: FakeDiscord, bot, users) -> None:
    choices = await fake.autocomplete(
        users["alice"], "mock start", {"round": "coding", "topic": ""}, focused="topic"
    )
    assert [c["value"] for c in choices] == ["arrays"]
    choices = await fake.autocomplete(
        users["alice"], "mock start", {"round": "ml_theory", "topic": "prob"}, focused="topic"
    )
    assert [c["value"] for c in choices] == ["probability"]


async def test_commands_sync_only_when_the_tree_changed(fake: FakeDiscord, runner: BotRunner, bank) -> None:
    bot = await runner.start(bank)
    assert bot.synced is True and {"mock", "mockadmin"} <= {c["name"] for c in fake.commands()}
    await runner.stop()
    bot = await runner.start(bank)
    assert bot.synced is False
    puts = [r for r in fake.requests if r.method == "PUT" and r.path.endswith("/commands")]
    assert len(puts) == 1


async def test_dev_guild_gets_the_commands_instantly(
    fake: FakeDiscord, runner: BotRunner, bank, guild
) -> None:
    await runner.start(bank, dev_guild=int(guild.id))
    names = {c["name"] for c in fake.world.commands.get(guild.id, [])}
    assert {"mock", "mockadmin"} <= names and fake.commands() == []  # nothing global


async def test_everyone_is_never_pinged(fake: FakeDiscord, bot, users) -> None:
    alice = users["alice"]
    thread, _question = await start_round(fake, alice)
    await fake.post_message(alice, thread, "@everyone look " + "@here " * 10 + "x" * 9000)
    await fake.wait_for_message(thread["id"], lambda m: "at most 8,000" in m["content"])
    sent = [
        r for r in fake.requests if r.method == "POST" and "/messages" in r.path and isinstance(r.json, dict)
    ]
    assert sent and all(r.json.get("allowed_mentions", {}).get("parse", []) in ([], ["users"]) for r in sent)
    assert_clean(fake)


async def test_question_id_autocomplete_and_start_by_id(fake: FakeDiscord, bot, users) -> None:
    alice = users["alice"]
    choices = await fake.autocomplete(
        alice, "mock start", {"round": "ml_theory", "question": "test-2"}, focused="question"
    )
    assert [c["value"] for c in choices] == ["ml-test-2"]
    _, question = await start_round(fake, alice, question="ml-test-2")
    assert question["embeds"][0]["title"] == "ML theory · Question ml-test-2"
    await fake.slash(alice, "mock end")
    wrong = await fake.slash(alice, "mock start", {"round": "ml_theory", "question": "ml-test-22"})
    (reply,) = await wrong.followups()
    assert "There is no question with id 'ml-test-22'" in reply["content"]
    assert_clean(fake)


async def test_practice_channel_setting_moves_new_threads_there(fake: FakeDiscord, bot, users, guild) -> None:
    practice = fake.add_channel(guild, "mock-interviews")
    await fake.announce_channel(practice)
    alice = users["alice"]
    it = await fake.slash(alice, "mockadmin channel", {"channel": practice}, permissions=MANAGE_GUILD)
    assert f"<#{practice['id']}>" in (await it.response())["data"]["content"]
    thread, _ = await start_round(fake, alice)  # started from the first channel
    assert thread["parent_id"] == practice["id"]
    ended = await fake.slash(alice, "mock end")
    assert "ended" in (await ended.followups())[0]["content"]
    assert_clean(fake)
