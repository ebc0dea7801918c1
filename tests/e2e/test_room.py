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
    questions.append(
        make_question(
            "ml-graded",
            topic="regularisation",
            follow_ups=[
                {
                    "prompt": "How would you pick the penalty strength?",
                    "key_points": [
                        {"id": "cv", "point": "Cross-validate the penalty", "phrases": ["cross-validation"]},
                    ],
                },
                {
                    "prompt": "What changes with more data?",
                    "key_points": [
                        {
                            "id": "less-var",
                            "point": "Variance falls with more data",
                            "phrases": ["variance falls"],
                        },
                    ],
                },
            ],
            misconceptions=[
                {
                    "id": "l2-is-dropout",
                    "claim": "L2 regularisation is the same as dropout",
                    "correction": "L2 shrinks weights; dropout zeroes activations at random during training.",
                    "phrases": ["l2 regularisation is the same as dropout"],
                    "penalty": 0.2,
                },
                {
                    "id": "more-bias-better",
                    "claim": "more bias is always better",
                    "correction": "Bias and variance trade off; the best model balances them.",
                    "phrases": ["more bias is always better"],
                },
            ],
        )
    )
    questions.append(
        make_question(
            "ml-numeric",
            topic="regularisation",
            prompt="A covariate with correlation 0.6 is used for CUPED. By what factor does the variance shrink?",
            answer={"kind": "numeric", "value": 0.64, "abs_tolerance": 0.01},
        )
    )
    questions.append(
        make_question(
            "ml-choice",
            topic="evaluation",
            prompt="A fraud model is 99.4% accurate and 0.5% of rows are fraud. What do you check first?",
            answer={
                "kind": "choice",
                "options": [
                    {"key": "a", "text": "Ship it: 99.4% is excellent"},
                    {"key": "b", "text": "Compare with always predicting not fraud"},
                    {"key": "c", "text": "Retrain until accuracy exceeds 99.9%"},
                ],
                "correct": ["b"],
            },
            rubric=[
                {
                    "id": "baseline",
                    "point": "The majority-class baseline is 99.5%",
                    "phrases": ["always predicting not fraud is 99.5% accurate"],
                },
                {"id": "recall", "point": "Checks recall on the fraud class", "phrases": ["recall on fraud"]},
            ],
            misconceptions=[
                {
                    "id": "accuracy-on-rare-class",
                    "claim": "High accuracy means a good model when the positive class is rare",
                    "correction": "Always predicting 'not fraud' is already 99.5% accurate here.",
                    "options": ["a"],
                },
            ],
        )
    )
    questions.append(make_question("beh-test-0", round_type="behavioral", topic="impact", hints=[]))
    questions.append(
        make_question(
            "beh-star",
            round_type="behavioral",
            topic="incident_owned",
            title="A ranking model incident",
            prompt="Tell me about a ranking model incident you handled.",
            hints=[],
            follow_ups=[],
            rubric=[{"id": "rollback", "point": "Rolled back first", "phrases": ["rolled back"]}],
            reference_answer="I rolled back the ranking model within 20 minutes and wrote the postmortem.",
            answer={
                "kind": "star",
                "must_show": {"situation": "the incident", "task": "own role", "action": "rollback", "result": "outcome"},
            },
        )
    )
    return QuestionBank(questions)


def texts(message: dict[str, Any]) -> str:
    parts = [message.get("content") or ""]
    for embed in message.get("embeds") or []:
        parts += [embed.get("title") or "", embed.get("description") or ""]
        parts += [f"{f['name']}\n{f['value']}" for f in embed.get("fields") or []]
        parts.append((embed.get("footer") or {}).get("text") or "")
    return "\n".join(parts)


# ---- 6: plain words -----------------------------------------------------------------------


async def test_status_speaks_plainly_and_counts_right(
    fake: FakeDiscord, bot, users, runner: BotRunner
) -> None:
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


# ---- 5: the result explains itself -------------------------------------------------------


async def answer_and_finish(
    fake: FakeDiscord, user: dict, thread: dict, question: dict, answers: list[str | None], runner: BotRunner
) -> dict:
    """The main answer and each follow-up (None: skipped with Done) as thread messages."""
    db = runner.bot.services.interviews.db
    for i, text in enumerate(answers):
        if text is not None:
            before = await db.scalar("SELECT count(*) FROM answer_parts")
            await fake.post_message(user, thread, text)
            await wait_for(lambda b=before: _more_parts(db, b))
        if i == len(answers) - 1 or text is None or i == 0:
            if await db.scalar("SELECT status FROM rounds ORDER BY id DESC LIMIT 1") not in (
                "done",
                "timed_out",
            ):
                done = await fake.click(user, question, button(question, "Done"))
                await done.followups()
    return await fake.wait_for_message(
        thread["id"], lambda m: any((e.get("title") or "").startswith("Result") for e in m["embeds"])
    )


async def _more_parts(db: Any, before: int) -> bool:
    return await db.scalar("SELECT count(*) FROM answer_parts") > before


def result_text(result: dict) -> str:
    return "\n".join(e.get("description") or "" for e in result["embeds"])


async def test_the_result_explains_points_follow_ups_and_wrong_claims(
    fake: FakeDiscord, bot, users, runner: BotRunner
) -> None:
    alice = users["alice"]
    thread, question = await start_round(fake, alice, question="ml-graded")
    main = GOOD + " Also, L2 regularisation is the same as dropout."
    result = await answer_and_finish(
        fake, alice, thread, question, [main, "I would use cross-validation over a grid.", None], runner
    )
    head = result["embeds"][0]["description"]
    (points,) = [line for line in head.splitlines() if line.startswith("Points:")]
    assert "medium question, base 20: a score of" in points and "on time +10%" in points
    assert f"= **{count_points(head)}** (a study partner's review adds 2)" in points
    body = result_text(result)
    assert "**Follow-up 1** (10% of the round): 100/100" in body
    assert "**Follow-up 2** (10% of the round): skipped, so its share earned nothing" in body
    assert (
        "You said: L2 regularisation is the same as dropout — L2 shrinks weights; dropout zeroes "
        "activations at random during training." in body
    )
    assert "Missed:" not in body and body.count("Variance falls with more data") == 1  # the missed point once
    (study,) = [line for line in body.splitlines() if line.startswith("**Study next:**")]
    assert "Variance falls with more data (regularisation)" in study and "`ml-numeric`" in study

    start = await fake.click(alice, result, button(result, "Start the next question"))
    (reply,) = await start.followups()
    assert start.ephemeral and "round is open in <#" in reply["content"]
    new_thread_id = reply["content"].split("<#", 1)[1].split(">", 1)[0]
    assert new_thread_id != thread["id"]
    opened = await fake.wait_for_message(new_thread_id, lambda m: bool(m.get("components")))
    assert "A covariate with correlation 0.6" in opened["embeds"][0]["description"]
    assert_clean(fake)


def count_points(head: str) -> str:
    return head.split("**Score", 1)[1].split("** · **", 1)[1].split("**", 1)[0]


async def test_the_number_read_and_a_repeat_earning_nothing_are_explained(
    fake: FakeDiscord, bot, users, runner: BotRunner
) -> None:
    alice = users["alice"]
    thread, question = await start_round(fake, alice, question="ml-numeric")
    asked = await fake.click(alice, question, button(question, "Give up"))
    prompt = await asked.original_message()
    await (await fake.click(alice, prompt, button(prompt, "Confirm"))).followups()
    thread, question = await start_round(fake, alice, question="ml-numeric")
    result = await answer_and_finish(
        fake,
        alice,
        thread,
        question,
        ["The variance is multiplied by one minus rho squared. Final answer: 0.64", None, None],
        runner,
    )
    head = result["embeds"][0]["description"]
    assert "**0 points**" in head
    assert "but a question you were given in the last 30 days earns 0" in head
    body = result_text(result)
    assert "✅ **Number:** Read '0.64'" in body
    assert_clean(fake)


# ---- 4: less noise; the room closes ---------------------------------------------------------


def posts(fake: FakeDiscord, thread: dict) -> list[dict]:
    bot_id = fake.world.bot_user["id"]
    return [
        m
        for m in fake.world.messages.values()
        if m["channel_id"] == thread["id"] and m["author"]["id"] == bot_id
    ]


def sent_to(fake: FakeDiscord, thread: dict, text: str) -> list[dict]:
    """The bodies of the bot's new posts in the thread containing `text`."""
    path = f"/channels/{thread['id']}/messages"
    return [
        r.json
        for r in fake.requests
        if r.method == "POST" and r.path == path and text in (r.json.get("content") or "")
    ]


async def skip_follow_ups_to_result(fake: FakeDiscord, user, thread, question) -> dict:
    """Done on both follow-ups, then the result message in the thread."""
    for _ in range(2):
        done = await fake.click(user, question, button(question, "Done"))
        await done.followups()
    return await fake.wait_for_message(
        thread["id"], lambda m: any((e.get("title") or "").startswith("Result") for e in m["embeds"])
    )


async def test_one_status_line_pings_only_near_the_end_and_no_round_tags(
    fake: FakeDiscord, bot, users, runner: BotRunner
) -> None:
    alice = users["alice"]
    thread, question = await start_round(fake, alice, question="ml-test-0")
    mention = f"<@{alice['id']}>"
    (first,) = [
        r.json for r in fake.requests if r.method == "POST" and r.path == f"/channels/{thread['id']}/messages"
    ]
    assert first["allowed_mentions"]["parse"] == [] and not first["allowed_mentions"].get("users")  # no ping
    assert question["content"].startswith(
        f"{mention} · **Waiting for your answer** · hints 0/2 · time ends <t:"
    )

    def status() -> str:
        return fake.world.messages[question["id"]]["content"]

    await fake.post_message(alice, thread, GOOD)
    await wait_for(lambda: _true("**Answering" in status()))
    hint = await fake.click(alice, question, button(question, "Hint"))
    await hint.response()
    await wait_for(lambda: _true("hints 1/2" in status()))
    done = await fake.click(alice, question, button(question, "Done"))
    (follow_up,) = await done.followups()
    assert follow_up["components"] == []  # a plain post, no second row of buttons
    await wait_for(lambda: _true("**On follow-up 1 of 2**" in status()))

    await runner.advance(30 * 60)
    await fake.wait_for_message(thread["id"], lambda m: "Half time" in m["content"])
    (half,) = sent_to(fake, thread, "Half time")
    assert half["allowed_mentions"]["parse"] == [] and not half["allowed_mentions"].get("users")  # no ping
    await runner.advance(25 * 60)
    warning = await fake.wait_for_message(thread["id"], lambda m: "5 minutes left" in m["content"])
    assert mention in warning["content"]
    (body,) = sent_to(fake, thread, "5 minutes left")
    assert "users" in body.get("allowed_mentions", {}).get("parse", ["users"])  # this one pings
    await skip_follow_ups_to_result(fake, alice, thread, question)
    pings = [b for b in sent_to(fake, thread, mention) if (b.get("allowed_mentions") or {}).get("parse") != []]
    assert [b["content"].split(" ", 2)[2][:15] for b in pings] == ["5 minutes left "]  # the one ping
    assert [m["content"] for m in posts(fake, thread) if "round #" in m["content"]] == []  # no tags here
    assert_clean(fake)


async def _true(value: bool) -> bool:
    return value


async def test_the_room_closes_after_the_self_review_and_the_result_reopens(
    fake: FakeDiscord, bot, users, runner: BotRunner
) -> None:
    alice = users["alice"]
    thread, question = await start_round(fake, alice, question="ml-test-0")
    result = await answer_and_finish(fake, alice, thread, question, [GOOD, None, None], runner)
    meta = fake.world.channels[thread["id"]]["thread_metadata"]
    assert not meta["archived"]
    menu = next(c for row in result["components"] for c in row["components"] if c["type"] == 3)
    review = await fake.select(alice, result, menu["custom_id"], ["bias"])
    assert "Self-review saved" in (await review.response())["data"]["content"]
    await wait_for(lambda: _true(meta["archived"] and meta["locked"]))

    again = await fake.slash(alice, "mock result")
    (shown,) = await again.followups()
    assert again.ephemeral and shown["embeds"][0]["title"].startswith("Result · ")
    assert f"<#{thread['id']}>" in shown["content"]
    other = await fake.slash(users["bob"], "mock result", {"round_id": 1})
    assert "belongs to someone else" in (await other.followups())[0]["content"]
    assert_clean(fake)


async def test_an_unreviewed_room_closes_by_its_timer_also_after_a_restart(
    fake: FakeDiscord, bot, users, runner: BotRunner, bank: QuestionBank
) -> None:
    alice = users["alice"]
    thread, question = await start_round(fake, alice, question="ml-test-0")
    await answer_and_finish(fake, alice, thread, question, [GOOD, None, None], runner)
    await runner.stop()
    await runner.start(bank)
    meta = fake.world.channels[thread["id"]]["thread_metadata"]
    await runner.advance(29 * 60)
    assert not meta["archived"]
    await runner.advance(2 * 60)
    await wait_for(lambda: _true(meta["archived"] and meta["locked"]))
    assert await runner.bot.services.interviews.db.scalar("SELECT count(*) FROM timers") == 0
    assert_clean(fake)


# ---- 7: the answer form shows the question --------------------------------------------------


async def test_the_answer_form_shows_the_question_then_the_follow_up(
    fake: FakeDiscord, bot, users, runner: BotRunner
) -> None:
    alice = users["alice"]
    _, question = await start_round(fake, alice, question="ml-wrapped")
    opened = await fake.click(alice, question, button(question, "Answer"))
    form = (await opened.response())["data"]
    shown, box = form["components"]
    assert shown["type"] == 10 and shown["content"].startswith("You train a classifier on a dataset")
    assert "Explain why accuracy misleads here" in shown["content"]  # reflowed, as in the thread
    assert box["type"] == 18 and box["label"] == "Your answer" and box["component"]["custom_id"] == "answer"
    submitted = await fake.submit_modal(alice, form["custom_id"], {"answer": GOOD}, message=question)
    assert "Got it" in (await submitted.followups())[0]["content"]
    parts = await runner.bot.services.interviews.db.fetchall("SELECT content FROM answer_parts")
    assert [p["content"] for p in parts] == [GOOD]

    done = await fake.click(alice, question, button(question, "Done"))
    await done.followups()
    opened = await fake.click(alice, question, button(question, "Answer"))
    form = (await opened.response())["data"]
    assert form["title"] == "Follow-up 1/1"
    assert form["components"][0]["content"] == "Which threshold would you ship, and why?"
    assert_clean(fake)


def test_a_very_long_question_is_shortened_visibly_in_the_form() -> None:
    from bot.discordbot.features.rounds.components import question_display

    long = "A sentence about ranking metrics. " * 200
    shown = question_display(long)
    assert len(shown) <= 4000 and shown.endswith("*(the whole question is in the thread)*")
    assert "…" in shown and long.startswith(shown.split("…")[0])


# ---- 8: peer review ---------------------------------------------------------------------------


async def test_a_peer_reads_the_prompt_and_labelled_parts_and_the_request_shows_who_reviewed(
    fake: FakeDiscord, bot, users, runner: BotRunner, guild: Any
) -> None:
    alice, bob = users["alice"], users["bob"]
    role = fake.add_role(guild, "Owls")
    made = await fake.slash(alice, "group create", {"name": "Night Owls", "role": role}, permissions=1 << 28)
    await made.followups() if (await made.response())["type"] == 5 else None
    thread, question = await start_round(fake, alice, question="ml-graded")
    await answer_and_finish(fake, alice, thread, question, [GOOD, "I would use cross-validation.", None], runner)

    shared = await fake.slash(alice, "mock share", {"group": "night owls"})
    assert "shared for review" in (await shared.followups())[0]["content"]
    request = await fake.wait_for_message(predicate=lambda m: "Review request" in str(m["embeds"]))
    assert request["content"] == f"<@&{role['id']}>"
    (body,) = [r.json for r in fake.requests if r.method == "POST" and "Review request" in str(r.json.get("embeds"))]
    assert [str(r) for r in body["allowed_mentions"]["roles"]] == [role["id"]] and body["allowed_mentions"]["parse"] == []

    opened = await fake.click(bob, request, button(request, "Review"))
    shown = (await opened.followups())[-1]
    text = "\n".join(e["description"] for e in shown["embeds"])
    assert "Explain the bias-variance trade-off and how regularisation changes it." in text  # the prompt
    assert f"__Main answer__\n{GOOD}" in text
    assert "__Follow-up 1: How would you pick the penalty strength?__\nI would use cross-validation." in text
    assert "__Follow-up 2: What changes with more data?__\n(skipped)" in text
    picked = await fake.select(bob, shown, shown["components"][0]["components"][0]["custom_id"], ["bias"])
    modal_id = (await picked.response())["data"]["custom_id"]
    sent = await fake.submit_modal(bob, modal_id, {"comment": "Good definitions."}, message=shown)
    await sent.followups()
    marked = await fake.wait_for_message(
        predicate=lambda m: m["id"] == request["id"] and any(f["name"] == "Reviewed by" for f in m["embeds"][0].get("fields", []))
    )
    (field,) = [f for f in marked["embeds"][0]["fields"] if f["name"] == "Reviewed by"]
    assert field["value"] == f"<@{bob['id']}>"
    assert_clean(fake)


async def test_sharing_with_an_unknown_group_changes_nothing(fake: FakeDiscord, bot, users, runner: BotRunner) -> None:
    alice = users["alice"]
    thread, question = await start_round(fake, alice, question="ml-test-0")
    await answer_and_finish(fake, alice, thread, question, [GOOD, None, None], runner)
    shared = await fake.slash(alice, "mock share", {"group": "nobody"})
    (reply,) = await shared.followups()
    assert shared.ephemeral and "nobody" in reply["content"].lower()
    assert await runner.bot.services.interviews.db.scalar("SELECT count(*) FROM rounds WHERE shared_at IS NOT NULL") == 0
    assert_clean(fake)


# ---- 9: choice questions are answered by picking ---------------------------------------------


async def test_a_choice_question_is_answered_with_its_option_buttons(
    fake: FakeDiscord, bot, users, runner: BotRunner
) -> None:
    alice = users["alice"]
    thread, question = await start_round(fake, alice, question="ml-choice")
    prompt = question["embeds"][0]["description"]
    assert "**A** · Ship it: 99.4% is excellent\n**B** · Compare with always predicting not fraud" in prompt
    rows = [[c["label"] for c in row["components"]] for row in question["components"]]
    assert rows == [["A", "B", "C"], ["Answer", "Hint", "Done", "Give up"]]
    stranger = await fake.click(users["bob"], question, button(question, "B"))
    assert "belongs to someone else" in (await stranger.response())["data"]["content"]

    pick = await fake.click(alice, question, button(question, "B"))
    form = (await pick.response())["data"]  # which one, and why?
    assert form["title"] == "Why B?"
    assert "**B** · Compare with always predicting not fraud" in str(form["components"])
    assert "earns 50% of the score" in str(form["components"])
    reason = "Always predicting not fraud is 99.5% accurate, so 99.4% is worse than nothing; check recall on fraud."
    sent = await fake.submit_modal(alice, form["custom_id"], {"reason": reason}, message=question)
    said, follow_up = await sent.followups(count=2)
    assert said["content"] == "You picked **B**: Compare with always predicting not fraud"
    assert follow_up["embeds"][0]["title"] == "Follow-up 1/2"
    db = runner.bot.services.interviews.db
    assert [r["content"] for r in await db.fetchall("SELECT content FROM answer_parts")] == [
        f"b) Compare with always predicting not fraud\n{reason}"
    ]
    again = await fake.click(alice, question, button(question, "A"))  # the answer is in: no second pick
    refused = await again.response()
    assert again.ephemeral and "follow-up" in refused["data"]["content"]
    twice = await fake.submit_modal(alice, form["custom_id"], {"reason": "again"}, message=question)
    refused = await twice.response()
    assert twice.ephemeral and "follow-up" in refused["data"]["content"]
    result = await skip_follow_ups_to_result(fake, alice, thread, question)
    assert "**Score 100/100**" in result["embeds"][0]["description"]
    assert await db.scalar("SELECT count(*) FROM answer_parts") == 1  # the second form changed nothing
    assert_clean(fake)


async def test_a_button_for_an_option_the_question_no_longer_has_changes_nothing(
    fake: FakeDiscord, bot, users, runner: BotRunner
) -> None:
    """A server's bank edit can drop an option while a round's buttons stay on screen: pressing
    the old button says so privately and stores nothing."""
    alice = users["alice"]
    _, question = await start_round(fake, alice, question="ml-choice")
    # The message as it was posted before the edit: a D button beside A-C (Discord only sends
    # presses of buttons the message holds, and so does discord.py's dispatch).
    row = fake.world.messages[question["id"]]["components"][0]["components"]
    row.append({**row[-1], "label": "D", "custom_id": button(question, "C").rsplit(":", 1)[0] + ":d"})
    pressed = await fake.click(alice, question, button(question, "D"))
    refused = await pressed.response()
    assert pressed.ephemeral and refused["data"]["content"] == "This question has no option D."
    db = runner.bot.services.interviews.db
    assert await db.scalar("SELECT count(*) FROM answer_parts") == 0
    pick = await fake.click(alice, question, button(question, "B"))  # the round is still open
    form = (await pick.response())["data"]
    assert form["title"] == "Why B?"
    assert_clean(fake)


async def test_a_right_pick_without_a_reason_earns_half(fake: FakeDiscord, bot, users, runner: BotRunner) -> None:
    alice = users["alice"]
    thread, question = await start_round(fake, alice, question="ml-choice")
    pick = await fake.click(alice, question, button(question, "B"))
    form = (await pick.response())["data"]
    sent = await fake.submit_modal(alice, form["custom_id"], {"reason": ""}, message=question)
    said, _ = await sent.followups(count=2)
    assert said["content"] == "You picked **B**: Compare with always predicting not fraud (no reason given)"
    result = await skip_follow_ups_to_result(fake, alice, thread, question)
    shown = texts(result)
    assert "**Score 50/100**" in shown
    assert "No reason was given: a right pick earns 50%; say why it is right for the rest." in shown
    assert_clean(fake)


async def test_a_wrong_pick_says_what_its_option_gets_wrong(fake: FakeDiscord, bot, users, runner: BotRunner) -> None:
    alice = users["alice"]
    thread, question = await start_round(fake, alice, question="ml-choice")
    pick = await fake.click(alice, question, button(question, "A"))
    form = (await pick.response())["data"]
    sent = await fake.submit_modal(alice, form["custom_id"], {"reason": "99.4% is excellent."}, message=question)
    await sent.followups(count=2)
    result = await skip_follow_ups_to_result(fake, alice, thread, question)
    shown = texts(result)
    assert "**Score 0/100**" in shown
    assert (
        "⚠️ You picked a) Ship it: 99.4% is excellent: High accuracy means a good model when the positive class "
        "is rare — Always predicting 'not fraud' is already 99.5% accurate here."
    ) in shown
    assert "(−0)" not in shown
    assert_clean(fake)


STORY = (
    "Last year a bad deploy of our ranking model caused an incident: click-through dropped 9% overnight. "
    "I was on call and my task was to stop the damage. I rolled back to the previous model within 20 minutes, "
    "then I traced the cause to a feature that was null after a schema change. "
    "As a result we recovered the 9% the same morning."
)


async def test_a_story_that_hides_the_problem_shows_the_red_flag(fake: FakeDiscord, bot, users, runner: BotRunner) -> None:
    alice = users["alice"]
    thread, question = await start_round(fake, alice, question="beh-star", round="behavioral")
    hidden = STORY + " I didn't tell anyone about the cause, so no one would ask."
    shown = texts(await answer_and_finish(fake, alice, thread, question, [hidden], runner))
    assert "**What to correct**" in shown
    assert (
        "🚩 Red flag: Hides a problem instead of raising it — Say how you raised it: who you told, how fast, and "
        "what you did so it could not recur. (−15)"
    ) in shown
    assert_clean(fake)


def test_the_terminal_letters_and_numbers_the_options_and_reads_a_pick() -> None:
    from bot.terminal import picked_answer, picker_text

    q = QuestionBank([make_question("ml-choice-t", answer={
        "kind": "choice",
        "options": [{"key": "a", "text": "Ship it"}, {"key": "b", "text": "Compare with the baseline"}],
        "correct": ["b"],
    })]).get("ml-choice-t")
    shown = picker_text(q)
    assert "1. **A** · Ship it\n2. **B** · Compare with the baseline" in shown and "(A-B) or number (1-2)" in shown
    assert picked_answer(q, "2") == picked_answer(q, "B)") == "b) Compare with the baseline"
    assert picked_answer(q, "b\nthe baseline tells you what 'good' is") == (
        "b) Compare with the baseline\nthe baseline tells you what 'good' is"
    )
    assert picked_answer(q, "I'd compare with the baseline") == "I'd compare with the baseline"


def test_the_terminal_round_takes_a_numbered_pick(tmp_path) -> None:
    import subprocess
    import sys

    from tests.terminal.pty import env_for, rows

    db = tmp_path / "p.db"
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "practice", "--question", "ml-eval-accuracy-imbalanced"],
        input="2\n.\n",
        env=env_for(db),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    shown = " ".join(proc.stdout.split())
    assert "1 A · Ship it: 99.4% is excellent" in shown and "number (1-4)" in shown, proc.stdout[-2000:]
    parts = [r[0] for r in rows(db, "SELECT content FROM answer_parts WHERE kind = 'answer'")]
    assert parts == ["b) Compare with predicting 'not fraud' always, then check recall and precision"]
    assert "You chose nothing" not in shown
    assert "say why on the lines after it (the reason earns 50% of the score)" in shown
    assert "No reason was given: a right pick earns 50%" in shown  # "2" alone: the pick's half


def test_the_terminal_result_shows_follow_up_shares_wrong_claims_and_the_number_read() -> None:
    from rich.console import Console

    from bot.core.rounds import new_round
    from bot.core.scoring.scorer import score_answer
    from bot.service import RoundResult
    from bot.terminal import render_result

    bank = QuestionBank([make_question("ml-graded-t", follow_ups=[
        {"prompt": "How would you pick the penalty?", "key_points": [
            {"id": "cv", "point": "Cross-validate the penalty", "phrases": ["cross-validation"]}]},
        {"prompt": "What changes with more data?", "key_points": [
            {"id": "v", "point": "Variance falls", "phrases": ["variance falls"]}]},
    ], misconceptions=[{
        "id": "same", "claim": "L2 regularisation is the same as dropout",
        "correction": "L2 shrinks weights; dropout zeroes activations.",
        "phrases": ["l2 regularisation is the same as dropout"],
    }])])  # fmt: skip
    q = bank.get("ml-graded-t")
    scored = score_answer(q, GOOD + " L2 regularisation is the same as dropout.", ["I use cross-validation.", None])
    rnd = new_round(
        guild_id=0, user_id=1, question_id=q.id, round_type=q.round_type, difficulty=q.difficulty,
        topic=q.topic, minutes=10, now=0.0, follow_ups_total=2, hints_total=2,
    )  # fmt: skip
    console = Console(width=200, record=True)
    render_result(console, RoundResult(rnd, q, scored.score, 10, scored.to_dict()), 60.0)
    shown = " ".join(console.export_text().split())
    assert "100/100 · 10.0 of 10" in shown and "skipped · 0 of 10" in shown
    assert "You said: L2 regularisation is the same as dropout — L2 shrinks weights; dropout zeroes activations." in shown
    assert "Misconception:" not in shown and "Missed:" not in shown


def test_the_points_line_names_the_daily_cap_and_a_peer_bonus() -> None:
    from dataclasses import replace as with_

    from bot.core.rounds import RoundStatus, new_round
    from bot.discordbot.features.rounds.render import points_line
    from bot.service import RoundResult

    q = make_question("ml-cap")
    rnd = new_round(
        guild_id=1, user_id=2, question_id=q.id, round_type=q.round_type, difficulty=q.difficulty,
        topic=q.topic, minutes=60, now=0.0, follow_ups_total=2, hints_total=2,
    )  # fmt: skip
    rnd = with_(rnd, status=RoundStatus.DONE, hints_used=1)
    award = {"raw": 12, "awarded": 5, "cap": 150, "earned_today": 145, "on_time": True, "repeated": False}
    capped = points_line(RoundResult(rnd, q, 80.0, 5, {"award": award}))
    assert "1 hint of 2 −25%" in capped and "daily cap of 150: 5 of 12 awarded" in capped
    assert capped.endswith("= **5 points** (a study partner's review adds 2)")
    reviewed = points_line(RoundResult(rnd, q, 80.0, 7, {"award": award}))
    assert "peer review +2" in reviewed and reviewed.endswith("= **7 points**")
