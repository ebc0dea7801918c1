"""Members sending what breaks naive bots: huge answers, mass mentions, broken Markdown, odd unicode."""

from __future__ import annotations

from typing import Any

import pytest

from bot.discordbot.client import MockloopBot
from tests.e2e.conftest import BotRunner, assert_clean
from tests.fakediscord import FakeDiscord
from tests.faults.helpers import button, open_form, reply_text, start_round

BIAS = "Bias is the error from wrong assumptions. Variance is sensitivity to the training set. "


async def finish(fake: FakeDiscord, user: dict, question: dict) -> list[dict[str, Any]]:
    """Press Done until the result arrives (skipping follow-ups); returns the result messages."""
    for _ in range(4):
        done = await fake.click(user, question, button(question, "Done"))
        replies = await done.followups()
        if any(e.get("title", "").startswith("Result") for e in replies[0].get("embeds", [])):
            return replies
    raise AssertionError("no result after pressing Done")


def sent_by_bot(fake: FakeDiscord) -> list[Any]:
    return [
        r
        for r in fake.requests
        if r.method in ("POST", "PATCH") and ("/messages" in r.path or r.path.startswith("/webhooks/"))
    ]


async def test_4000_character_answers_by_form_and_message_are_kept_whole_and_scored(
    fake: FakeDiscord, bot: MockloopBot, users: dict, runner: BotRunner
) -> None:
    alice = users["alice"]
    thread, question = await start_round(fake, alice)
    long_answer = (BIAS * 60)[:4000]
    form = await open_form(fake, alice, question)
    it = await fake.submit_modal(alice, form, {"answer": long_answer})
    assert "Got it (4,000 characters)" in reply_text((await it.followups())[0])
    await fake.post_message(alice, thread, long_answer)  # Nitro members may post 4000 characters
    result = await finish(fake, alice, question)
    assert "/100" in result[0]["embeds"][0]["description"]
    assert runner.bot is not None
    lengths = await runner.bot.services.interviews.db.fetchall(
        "SELECT length(content) AS n FROM answer_parts"
    )
    assert sorted(r["n"] for r in lengths) == [4000, 4000]
    assert_clean(fake)


async def test_mentions_in_answers_never_ping_everyone_or_roles(
    fake: FakeDiscord, bot: MockloopBot, users: dict
) -> None:
    alice, bob = users["alice"], users["bob"]
    thread, question = await start_round(fake, alice)
    pings = f"@everyone @here <@&123456789012345678> <@{bob['id']}> " * 40
    form = await open_form(fake, alice, question)
    await (await fake.submit_modal(alice, form, {"answer": BIAS + pings})).followups()
    await fake.post_message(alice, thread, pings + BIAS)
    await finish(fake, alice, question)
    for request in sent_by_bot(fake):
        allowed = (request.json or {}).get("allowed_mentions")
        assert allowed is not None, request.path  # never left to Discord's default (which pings all)
        assert "everyone" not in allowed.get("parse", []) and "roles" not in allowed.get("parse", [])
    assert_clean(fake)


BROKEN_MARKDOWN = [
    "```python\ndef f(:\n    return ```` ** __ ~~ || unclosed",
    "> quote\n# Heading\n" + "*" * 500 + "`" * 301,
    "[link](javascript:alert(1)) <t:99999999999999:R> <:emoji:1> ||spoiler",
]
UNICODE = [
    "Bias\u200b is\u200d the\u2060 error\ufeff from wrong assumptions.",  # zero-width characters
    "Variance مرحبا 方差 🤖🧠 e\u0301\u0301\u0301 \u202eRTL override\u202c is sensitivity.",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466" * 300,  # family emoji: many code points
]


@pytest.mark.parametrize("text", BROKEN_MARKDOWN + UNICODE)
async def test_markdown_fences_and_unicode_leave_every_message_valid(
    fake: FakeDiscord, bot: MockloopBot, users: dict, runner: BotRunner, text: str
) -> None:
    alice = users["alice"]
    thread, question = await start_round(fake, alice)
    form = await open_form(fake, alice, question)
    it = await fake.submit_modal(alice, form, {"answer": text[:4000]})
    assert "Got it" in reply_text((await it.followups())[0])
    await fake.post_message(alice, thread, text[:4000])
    await fake.post_message(alice, thread, BIAS)
    result = await finish(fake, alice, question)
    assert result[0]["embeds"][0]["title"].startswith("Result")
    assert runner.bot is not None
    stored = await runner.bot.services.interviews.db.fetchall("SELECT content FROM answer_parts ORDER BY id")
    assert stored[0]["content"] == text[:4000].strip()  # kept exactly as written
    assert_clean(fake)


async def test_an_answer_of_only_invisible_characters_is_refused_as_empty(
    fake: FakeDiscord, bot: MockloopBot, users: dict, runner: BotRunner
) -> None:
    alice = users["alice"]
    _, question = await start_round(fake, alice)
    form = await open_form(fake, alice, question)
    it = await fake.submit_modal(alice, form, {"answer": "\u200b\u200d\u2060\ufeff \u200b"})
    assert "empty" in reply_text((await it.followups())[0])
    assert runner.bot is not None
    assert await runner.bot.services.interviews.db.scalar("SELECT count(*) FROM answer_parts") == 0
    assert_clean(fake)


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"round": "coding", "minutes": 120}, "Coding rounds run 30–45 minutes"),
        ({"round": "behavioral", "minutes": 5}, "Behavioral rounds run 20–45 minutes"),
        ({"round": "ml_theory", "topic": "💥" * 50}, "There is no topic"),
        ({"round": "ml_theory", "question": "no-such-question"}, "no-such-question"),
        ({"round": "coding", "question": "ml-test-0"}, "not coding"),
    ],
)
async def test_options_outside_the_allowed_ranges_get_a_clear_message_and_open_nothing(
    fake: FakeDiscord, bot: MockloopBot, users: dict, runner: BotRunner, options: dict, expected: str
) -> None:
    it = await fake.slash(users["alice"], "mock start", options)
    (reply,) = await it.followups()
    assert expected in reply["content"] and it.ephemeral, reply["content"]
    assert runner.bot is not None
    assert await runner.bot.services.interviews.db.scalar("SELECT count(*) FROM rounds") == 0
    assert_clean(fake)
