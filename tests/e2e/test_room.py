"""The round thread as an interview room (issue 16, "The room"), and issue 13's grading as a
member sees it, through the real discord.py client against the loopback Discord."""

from __future__ import annotations

from typing import Any

import pytest

from bot.core.bank import QuestionBank
from tests.conftest import make_question
from tests.e2e.conftest import BotRunner, assert_clean, wait_for
from tests.e2e.test_round_flow import GOOD, button, start_round
from tests.fakediscord import FakeDiscord

EPHEMERAL = 1 << 6

WRAPPED_PROMPT = (
    "You train a classifier on a dataset where one class is 1% of the rows. Explain why\n"
    "accuracy misleads here and what you would report instead.\n"
    "\n"
    "- precision and recall at a chosen\n"
    "  threshold\n"
    "- the PR curve\n"
)


@pytest.fixture
def bank() -> QuestionBank:
    questions = [make_question(f"ml-test-{i}") for i in range(3)]
    questions.append(
        make_question(
            "ml-wrapped",
            prompt=WRAPPED_PROMPT,
            hints=["Count what a model that always says\n'negative' would score."],
            follow_ups=[
                {"prompt": "Which threshold would you\nship, and why?", "key_points": []},
            ],
            reference_answer="Accuracy is dominated by the\nmajority class.",
        )
    )
    questions.append(make_question("beh-test-0", round_type="behavioral", topic="impact", hints=[]))
    return QuestionBank(questions)


def texts(message: dict[str, Any]) -> str:
    parts = [message.get("content") or ""]
    for embed in message.get("embeds") or []:
        parts += [embed.get("title") or "", embed.get("description") or ""]
        parts += [f"{f['name']}\n{f['value']}" for f in embed.get("fields") or []]
        parts.append((embed.get("footer") or {}).get("text") or "")
    return "\n".join(parts)


# ---- 6: plain words -----------------------------------------------------------------------


async def test_status_speaks_plainly_and_counts_right(fake: FakeDiscord, bot, users, runner: BotRunner) -> None:
    alice = users["alice"]
    thread, question = await start_round(fake, alice, question="ml-test-0")
    status = await fake.slash(alice, "mock status")
    shown = texts((await status.response())["data"])
    assert "Waiting for your answer" in shown and "asked" not in shown
    await fake.post_message(alice, thread, GOOD)
    db = runner.bot.services.interviews.db
    await wait_for(lambda: db.scalar("SELECT count(*) FROM answer_parts"))
    status = await fake.slash(alice, "mock status")
    assert "1 part received" in texts((await status.response())["data"])
    done = await fake.click(alice, question, button(question, "Done"))
    await done.followups()
    status = await fake.slash(alice, "mock status")
    shown = texts((await status.response())["data"])
    assert "On follow-up 1 of 2" in shown and "follow_ups" not in shown and "follow ups" not in shown
    again = await fake.slash(alice, "mock start", {"round": "behavioral"})
    (reply,) = await again.followups()
    assert "You already have an ML theory round open" in reply["content"]
    assert_clean(fake)


# ---- 1: question text reads well --------------------------------------------------------


async def test_bank_text_is_reflowed_in_the_thread(fake: FakeDiscord, bot, users, runner: BotRunner) -> None:
    from bot.core.prose import broken_sentences

    alice = users["alice"]
    thread, question = await start_round(fake, alice, question="ml-wrapped")
    prompt = question["embeds"][0]["description"]
    assert broken_sentences(prompt) == []
    assert "Explain why accuracy misleads here" in prompt
    assert "- precision and recall at a chosen threshold\n- the PR curve" in prompt  # the list is kept
    hint = await fake.click(alice, question, button(question, "Hint"))
    assert "always says 'negative' would score" in (await hint.response())["data"]["content"]
    await fake.post_message(alice, thread, GOOD)
    await wait_for(lambda: runner.bot.services.interviews.db.scalar("SELECT count(*) FROM answer_parts"))
    done = await fake.click(alice, question, button(question, "Done"))
    (follow_up,) = await done.followups()
    assert follow_up["embeds"][0]["description"] == "Which threshold would you ship, and why?"
    done = await fake.click(alice, question, button(question, "Done"))
    (result,) = await done.followups()
    reference = await fake.click(alice, result, button(result, "Reference answer"))
    shown = (await reference.followups())[0]["embeds"][0]["description"]
    assert "Accuracy is dominated by the majority class." in shown
    assert_clean(fake)


def test_the_terminal_shows_the_same_reflowed_text() -> None:
    from bot.terminal import prose_markdown

    shown = prose_markdown(WRAPPED_PROMPT)
    assert "Explain why accuracy misleads here" in shown
    assert shown.endswith("- precision and recall at a chosen threshold\n- the PR curve")


# ---- 2: coding rounds show their examples; a failing run shows input, expected and got ---


@pytest.fixture
async def judged_bot(runner: BotRunner, fake: FakeDiscord):
    from bot.bank.loader import load_default_bank
    from bot.judge.engine import prepare_runner

    judge = await prepare_runner("bwrap", max_concurrent=2)
    if getattr(judge, "name", "") == "disabled":
        pytest.skip(f"sandbox unavailable here: {judge.reason}")
    coding = QuestionBank([load_default_bank().bank.get("code-stable-softmax")])
    return await runner.start(coding, judge_runner=judge)


ALWAYS_FIRST = "def softmax(xs):\n    return [1.0] + [0.0] * (len(xs) - 1)\n"


async def test_a_coding_round_shows_its_examples_and_a_failing_run_shows_what_went_in(
    fake: FakeDiscord, judged_bot, users
) -> None:
    alice = users["alice"]
    thread, question = await start_round(fake, alice, round="coding")
    prompt = "\n".join(e["description"] for e in question["embeds"])
    assert "**Examples**" in prompt
    assert ">>> softmax([0.0, 0.0])\n[0.5, 0.5]" in prompt and ">>> softmax([1000.0, 1000.0])" in prompt
    run = await fake.slash(
        alice, "mock run", {"file": fake.attach_file("s.py", ALWAYS_FIRST.encode())}, channel=thread
    )
    (report,) = await run.followups(timeout=30)
    assert report["embeds"][0]["title"] == "Examples: 0/2 passed"
    text = report["embeds"][0]["description"]
    assert "input    softmax([0.0, 0.0])\nexpected [0.5, 0.5]\ngot      [1.0, 0.0]" in text
    assert "0.000s" not in text and "time" not in text.lower()
    assert_clean(fake)


# ---- 3: Give up asks first ----------------------------------------------------------------


async def test_give_up_asks_privately_and_cancel_keeps_the_round(
    fake: FakeDiscord, bot, users, runner: BotRunner, bank: QuestionBank
) -> None:
    alice = users["alice"]
    _, question = await start_round(fake, alice)
    round_id = await runner.bot.services.interviews.db.scalar("SELECT id FROM rounds")
    asked = await fake.click(alice, question, button(question, "Give up"))
    response = await asked.response()
    assert asked.ephemeral and response["data"]["content"] == f"Give up round #{round_id}? It scores 0."
    prompt = await asked.original_message()
    assert button(prompt, "Confirm") == f"mockloop:giveup-confirm:{round_id}"
    cancel = await fake.click(alice, prompt, button(prompt, "Cancel"))
    assert (await cancel.response())["type"] == 7  # the question is edited away
    db = runner.bot.services.interviews.db
    assert await db.scalar("SELECT status FROM rounds") == "asked"

    asked = await fake.click(alice, question, button(question, "Give up"))
    prompt = await asked.original_message()
    bob_try = await fake.click(users["bob"], prompt, button(prompt, "Confirm"))
    assert "belongs to someone else" in (await bob_try.response())["data"]["content"]
    await runner.stop()  # the Confirm button is persistent: it still works after a restart
    await runner.start(bank)
    assert await runner.bot.services.interviews.db.scalar("SELECT status FROM rounds") == "asked"
    confirm = await fake.click(alice, prompt, button(prompt, "Confirm"))
    (announce,) = await confirm.followups()
    assert "Round given up" in announce["content"] and not announce["flags"] & EPHEMERAL
    assert await runner.bot.services.interviews.db.scalar("SELECT status FROM rounds") == "abandoned"
    assert_clean(fake)
