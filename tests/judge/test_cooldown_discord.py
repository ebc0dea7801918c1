"""The cooldown as a member meets it: a second `/mock run` at once, through the real discord.py
client against the loopback Discord (the e2e fixtures)."""

from __future__ import annotations

import pytest

from bot.bank.loader import load_default_bank
from bot.core.bank import QuestionBank
from bot.judge.engine import prepare_runner
from tests.e2e.conftest import BotRunner, fake, guild, runner, users, wait_for  # noqa: F401
from tests.e2e.test_coding_and_reviews import SOFTMAX_OK
from tests.e2e.test_round_flow import start_round
from tests.fakediscord import FakeDiscord


@pytest.fixture
async def judged_bot(runner: BotRunner, fake: FakeDiscord):  # noqa: F811
    judge = await prepare_runner("bwrap", max_concurrent=2)
    if getattr(judge, "name", "") == "disabled":
        pytest.skip(f"sandbox unavailable here: {judge.reason}")
    bank = QuestionBank([load_default_bank().bank.get("code-stable-softmax")])
    return await runner.start(bank, judge_runner=judge)


def database(bot):
    """The bot's database, before and after main's restructuring (bot.services.interviews)."""
    services = getattr(bot, "services", None)
    return services.interviews.db if services is not None else bot.service.db


async def test_a_second_run_at_once_says_how_long_to_wait(fake, judged_bot, users, runner) -> None:  # noqa: F811
    alice = users["alice"]
    thread, _ = await start_round(fake, alice, round="coding")
    await fake.post_message(alice, thread, SOFTMAX_OK)
    db = database(runner.bot)
    await wait_for(lambda: db.scalar("SELECT count(*) FROM answer_parts"))
    first = await fake.slash(alice, "mock run", channel=thread)
    (report,) = await first.followups(timeout=30)
    assert report["embeds"][0]["title"] == "Examples: 2/2 passed"
    again = await fake.slash(alice, "mock run", channel=thread)
    (reply,) = await again.followups(timeout=10)
    assert reply["content"].startswith("You can run code again in ") and reply["content"].endswith(" seconds.")
    assert await db.scalar("SELECT count(*) FROM code_submissions") == 1  # nothing ran the second time
