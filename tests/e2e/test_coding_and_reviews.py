"""Coding rounds judged in the sandbox, and self/peer review, through the real discord.py client."""

from __future__ import annotations

import json
import os

import pytest

from bot.bank.loader import load_default_bank
from bot.core.bank import QuestionBank
from bot.judge.engine import prepare_runner
from tests.e2e.conftest import BotRunner, assert_clean, wait_for
from tests.e2e.test_round_flow import button, start_round, wait_for_post
from tests.fakediscord import FakeDiscord

SOFTMAX_OK = """```python
import math

def softmax(xs):
    if not xs:
        return []
    top = max(xs)
    exps = [math.exp(x - top) for x in xs]
    total = sum(exps)
    return [e / total for e in exps]
```
I subtract the max before exponentiating so nothing overflows, then divide by the sum; an empty list returns an empty list."""

SOFTMAX_WRONG = """import math

def softmax(xs):
    exps = [math.exp(x) for x in xs]
    return [e / sum(exps) for e in exps]
"""

SOFTMAX_UNIFORM = """```python
def softmax(xs):
    if not xs:
        return []
    return [1.0 / len(xs)] * len(xs)
```
Every class gets the same share, so the values always sum to one."""

PARTIAL = (
    "Bias is the error from wrong assumptions in the model. Variance is sensitivity to the training set."
)

HOSTILE = """import os

def softmax(xs):
    secrets = open('/proc/1/environ', 'rb').read() + repr(dict(os.environ)).encode()
    raise RuntimeError(secrets.decode(errors='replace'))
"""


@pytest.fixture
def coding_bank() -> QuestionBank:
    return QuestionBank([load_default_bank().bank.get("code-stable-softmax")])


@pytest.fixture
async def judged_bot(runner: BotRunner, fake: FakeDiscord, coding_bank: QuestionBank):
    judge = await prepare_runner("bwrap", max_concurrent=2)
    if getattr(judge, "name", "") == "disabled":
        pytest.skip(f"sandbox unavailable here: {judge.reason}")  # scripts/test.sh installs bubblewrap
    return await runner.start(coding_bank, judge_runner=judge)


async def coding_round_with(fake: FakeDiscord, user: dict, runner: BotRunner, answer: str) -> dict:
    """A coding round whose thread holds `answer` as a stored message; its thread."""
    thread, _ = await start_round(fake, user, round="coding")
    await fake.post_message(user, thread, answer)
    db = runner.bot.services.interviews.db
    await wait_for(lambda: db.scalar("SELECT count(*) FROM answer_parts"))
    return thread


async def test_correct_submission_passes_hidden_tests_and_scores_high(
    fake, judged_bot, users, runner
) -> None:
    alice = users["alice"]
    thread = await coding_round_with(fake, alice, runner, SOFTMAX_OK)
    db = runner.bot.services.interviews.db
    examples = await fake.slash(alice, "mock run", channel=thread)
    (report,) = await examples.followups(timeout=30)
    assert report["embeds"][0]["title"] == "Examples: 2/2 passed"
    submitted = await fake.slash(alice, "mock submit", channel=thread)
    messages = await submitted.followups(count=2, timeout=30)
    assert messages[0]["embeds"][0]["title"] == "Hidden tests: 8/8 passed"
    follow_up = messages[1]["embeds"][0]
    assert follow_up["title"].startswith("Follow-up 1/")
    row = await db.fetchone("SELECT which, passed, total FROM code_submissions ORDER BY id DESC LIMIT 1")
    assert tuple(row) == ("tests", 8, 8)
    assert_clean(fake)


async def test_wrong_submission_shows_failures_and_a_file_can_be_attached(
    fake, judged_bot, users, runner
) -> None:
    alice = users["alice"]
    thread, _ = await start_round(fake, alice, round="coding")
    wrong = fake.attach_file("solution.py", SOFTMAX_WRONG.encode())
    submitted = await fake.slash(alice, "mock submit", {"file": wrong}, channel=thread)
    report = (await submitted.followups(timeout=30))[0]
    title = report["embeds"][0]["title"]
    assert title.startswith("Hidden tests: ") and not title.endswith("8/8 passed")
    text = report["embeds"][0]["description"]
    assert "huge" in text and ("runtime error" in text or "wrong answer" in text)
    assert "expected" not in text.split("Passed")[0].split("huge")[1][:200]  # hidden tests never show values
    assert_clean(fake)


async def test_code_that_returns_wrong_values_is_marked_down_harder_than_a_failing_test(
    fake, judged_bot, users, runner
) -> None:
    """Wrong values (not too slow, not a crash) earn the tests a quarter of their share and the
    explanation its share only as far as the code works, and the result says so."""
    alice = users["alice"]
    thread = await coding_round_with(fake, alice, runner, SOFTMAX_UNIFORM)
    db = runner.bot.services.interviews.db
    submitted = await fake.slash(alice, "mock submit", channel=thread)
    report, follow_up = await submitted.followups(count=2, timeout=30)
    title = report["embeds"][0]["title"]
    passed, total = (int(n) for n in title.removeprefix("Hidden tests: ").split()[0].split("/"))
    assert 0 < passed < total, title
    assert "wrong answer" in report["embeds"][0]["description"]
    assert follow_up["embeds"][0]["title"] == "Follow-up 1/2"
    await fake.post_message(alice, thread, "I would check it against a reference implementation.")
    await wait_for_post(fake, thread, "Follow-up 2/2")
    await fake.post_message(alice, thread, "I would check it against a reference implementation.")
    result = await wait_for_post(fake, thread, "Result")
    text = "\n".join(e.get("description", "") for e in result["embeds"])
    assert f"Tests: {passed}/{total} passed" in text
    assert "returned a wrong value" in text and "at most a quarter of their share" in text
    rubric = float(text.split("rubric ", 1)[1].split("/100", 1)[0])
    breakdown = json.loads(await db.scalar("SELECT breakdown_json FROM scores"))
    assert "the explanation counts as far as the code works" in text
    # a quarter of the tests' share (not a half), and the explanation times the share passed
    quarter = 70 * 0.25 * passed / total + 0.3 * rubric * passed / total
    assert breakdown["main_score"] == pytest.approx(quarter, abs=0.6)
    assert_clean(fake)


async def test_hostile_submission_is_contained_and_the_bot_keeps_working(
    fake, judged_bot, users, runner
) -> None:
    os.environ["MOCKLOOP_FAKE_SECRET"] = "hunter2-do-not-leak"
    try:
        alice = users["alice"]
        thread, _ = await start_round(fake, alice, round="coding")
        hostile = await fake.slash(
            alice, "mock run", {"file": fake.attach_file("evil.py", HOSTILE.encode())}, channel=thread
        )
        (report,) = await hostile.followups(timeout=30)
        everything = str(report)
        assert "hunter2" not in everything and "fake-bot-token" not in everything
        assert "0/2 passed" in report["embeds"][0]["title"]
        status = await fake.slash(alice, "mock status")
        assert (await status.response())["data"]["embeds"][0]["fields"][0]["value"].startswith(
            ("Waiting for your answer", "Answering")
        )  # the round is still open at the answer: /mock status words it plainly (issue 16)
    finally:
        os.environ.pop("MOCKLOOP_FAKE_SECRET", None)


async def test_run_outside_a_coding_round_is_a_clear_message(fake, bot, users) -> None:
    alice = users["alice"]
    await start_round(fake, alice)
    it = await fake.slash(alice, "mock run")
    (reply,) = await it.followups()
    assert "not a coding round" in reply["content"]


async def test_result_self_review_and_peer_review_are_recorded(fake, bot, users, runner) -> None:
    alice, bob = users["alice"], users["bob"]
    thread, question = await start_round(fake, alice, round="coding")  # the test bank's coding question
    await fake.post_message(alice, thread, PARTIAL)
    db = runner.bot.services.interviews.db
    await wait_for(lambda: db.scalar("SELECT count(*) FROM answer_parts"))
    done = await fake.click(alice, question, button(question, "Done"))
    result = (await done.followups())[-1]
    body = "".join(e.get("description", "") for e in result["embeds"])
    assert "✅ **Defines bias**" in body and "❌ **Regularisation lowers variance**" in body

    select_id = result["components"][0]["components"][0]["custom_id"]
    review = await fake.select(alice, result, select_id, ["bias", "reg"])
    text = (await review.response())["data"]["content"]
    assert "Self-review saved" in text and "Only you ticked:** Regularisation lowers variance" in text

    shared = await fake.slash(alice, "mock share")
    assert "shared for review" in (await shared.followups())[0]["content"]
    request = await fake.wait_for_message(predicate=lambda m: "Review request" in str(m["embeds"]))
    opened = await fake.click(bob, request, button(request, "Review"))
    shown = (await opened.followups())[-1]
    assert "Their answer" in str(shown["embeds"]) and opened.ephemeral
    picked = await fake.select(
        bob, shown, shown["components"][0]["components"][0]["custom_id"], ["bias", "variance"]
    )
    modal_id = (await picked.response())["data"]["custom_id"]
    sent = await fake.submit_modal(
        bob, modal_id, {"comment": "Clear definitions; add how to tune lambda."}, message=shown
    )
    assert "review of round" in (await sent.followups())[0]["content"]
    notice = await fake.wait_for_message(predicate=lambda m: "New peer review" in str(m["embeds"]))
    assert "add how to tune lambda" in notice["embeds"][0]["description"]

    reviews = await db.fetchall("SELECT kind, reviewer_id, points_json, comment FROM reviews ORDER BY id")
    assert [(r["kind"], r["points_json"]) for r in reviews] == [
        ("self", '["bias", "reg"]'),
        ("peer", '["bias", "variance"]'),
    ]
    own = await fake.click(alice, request, button(request, "Review"))
    assert "can't peer-review your own round" in (await own.response())["data"]["content"]
    assert_clean(fake)
