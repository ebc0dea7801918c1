"""A member's whole round through the real discord.py client and the loopback Discord."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import BotRunner, assert_clean, wait_for
from tests.fakediscord import FakeDiscord

GOOD = (
    "Bias is the error from wrong assumptions in the model. Variance is sensitivity to the training set. "
    "Regularisation reduces variance at the cost of a little bias."
)


async def start_round(fake: FakeDiscord, user: dict, **options: Any) -> tuple[dict, dict]:
    """Run /mock start; return (thread, question message)."""
    it = await fake.slash(user, "mock start", {"round": "ml_theory", **options})
    assert (await it.response())["type"] == 5  # deferred: slow work comes after the ack
    (reply,) = await it.followups()
    assert it.ephemeral
    thread_id = reply["content"].split("<#", 1)[1].split(">", 1)[0]
    thread = fake.world.channels[thread_id]
    question = await fake.wait_for_message(thread_id, lambda m: bool(m.get("components")))
    return thread, question


async def wait_for_post(fake: FakeDiscord, thread: dict, title: str) -> dict:
    """The thread's post with an embed whose title starts with `title` ("Follow-up 2/2", "Result")."""
    return await fake.wait_for_message(
        thread["id"], lambda m: any((e.get("title") or "").startswith(title) for e in m["embeds"])
    )


def button(message: dict, label: str) -> str:
    for row in message["components"]:
        for component in row["components"]:
            if component.get("label") == label:
                return component["custom_id"]
    raise AssertionError(f"no {label!r} button in {message['components']}")


async def test_start_opens_a_private_thread_with_the_question_and_controls(fake, bot, users) -> None:
    thread, question = await start_round(fake, users["alice"])
    assert thread["type"] == 12  # a private thread
    (create,) = [r for r in fake.requests if r.method == "POST" and r.path.endswith("/threads")]
    assert create.json["invitable"] is False
    assert users["alice"]["id"] in {
        r.path.rsplit("/", 1)[1] for r in fake.requests if "/thread-members/" in r.path
    }
    (embed,) = question["embeds"]
    assert embed["title"].startswith("ML theory · Question ml-test-")
    assert "bias-variance" in embed["description"]
    time_field = next(f for f in embed["fields"] if f["name"] == "Time")
    assert time_field["value"].startswith("60 min · ends <t:") and time_field["value"].endswith(":R>")
    labels = [c["label"] for row in question["components"] for c in row["components"]]
    assert labels == ["Answer", "Hint", "Done", "Give up"]
    assert f"<@{users['alice']['id']}>" in question["content"]
    assert_clean(fake)


async def test_whole_round_modal_and_thread_messages_then_follow_ups_then_result(
    fake, bot, users, runner: BotRunner
) -> None:
    alice = users["alice"]
    thread, question = await start_round(fake, alice)

    opened = await fake.click(alice, question, button(question, "Answer"))
    assert (await opened.response())["type"] == 9  # the modal
    modal_id = (await opened.response())["data"]["custom_id"]
    submitted = await fake.submit_modal(alice, modal_id, {"answer": GOOD}, message=question)
    (ack,) = await submitted.followups()
    assert "Got it" in ack["content"]

    await fake.post_message(alice, thread, "Also:\n```python\nlam = 0.1  # penalty\n```")
    await runner.advance(120)

    done = await fake.click(alice, question, button(question, "Done"))
    (follow_up,) = await done.followups()
    assert follow_up["embeds"][0]["title"] == "Follow-up 1/2"
    assert follow_up["embeds"][0]["description"] == "How would you pick the penalty strength?"

    await fake.post_message(alice, thread, "Cross-validation over a log-spaced grid.")
    second = await fake.wait_for_message(
        thread["id"], lambda m: any(e.get("title") == "Follow-up 2/2" for e in m["embeds"])
    )
    assert not second.get("components")  # a follow-up is a plain post: the controls stay on the question
    opened = await fake.click(alice, question, button(question, "Answer"))
    modal_id = (await opened.response())["data"]["custom_id"]
    final = await fake.submit_modal(
        alice, modal_id, {"answer": "With more data variance falls."}, message=second
    )
    result = (await final.followups())[0]
    head = result["embeds"][0]
    assert head["title"].startswith("Result · Question ml-test-")
    assert "/100" in head["description"] and "points" in head["description"]
    body = "\n".join(e.get("description", "") for e in result["embeds"][1:])
    assert "✅ **Defines bias**" in body and "✅ **Defines variance**" in body

    db = runner.bot.services.interviews.db
    parts = await db.fetchall("SELECT kind, source, content FROM answer_parts ORDER BY id")
    assert [(p["kind"], p["source"]) for p in parts] == [
        ("answer", "modal"),
        ("answer", "message"),
        ("follow_up", "message"),
        ("follow_up", "modal"),
    ]
    assert "```python" in parts[1]["content"]  # code blocks kept as code
    assert await db.scalar("SELECT count(*) FROM scores") == 1
    assert await db.scalar("SELECT status FROM rounds") == "done"
    assert_clean(fake)


async def test_second_start_names_the_open_round_and_links_it(fake, bot, users) -> None:
    thread, _ = await start_round(fake, users["alice"])
    again = await fake.slash(users["alice"], "mock start", {"round": "coding"})
    (reply,) = await again.followups()
    assert again.ephemeral
    assert (
        "already have an ML theory round open" in reply["content"] and f"<#{thread['id']}>" in reply["content"]
    )
    assert_clean(fake)


async def test_member_mistakes_get_short_private_messages(fake, bot, users) -> None:
    alice = users["alice"]
    hint = await fake.slash(alice, "mock hint")
    assert (await hint.response())["data"]["content"] == "You have no round open. Start one with /mock start."
    assert hint.ephemeral
    bad_topic = await fake.slash(alice, "mock start", {"round": "ml_theory", "topic": "astrology"})
    (reply,) = await bad_topic.followups()
    assert "no topic 'astrology'" in reply["content"] and "probability" in reply["content"]
    too_long = await fake.slash(alice, "mock start", {"round": "coding", "minutes": 90})
    (reply,) = await too_long.followups()
    assert "Coding rounds run 30–45 minutes" in reply["content"]
    assert_clean(fake)


async def test_other_members_cannot_use_someone_elses_buttons(fake, bot, users) -> None:
    _, question = await start_round(fake, users["alice"])
    click = await fake.click(users["bob"], question, button(question, "Hint"))
    response = await click.response()
    assert "belongs to someone else" in response["data"]["content"] and click.ephemeral


async def test_hint_button_and_give_up(fake, bot, users) -> None:
    alice = users["alice"]
    _, question = await start_round(fake, alice)
    hint = await fake.click(alice, question, button(question, "Hint"))
    assert (await hint.response())["data"]["content"] == "💡 **Hint 1/2:** Think about model complexity."
    asked = await fake.click(alice, question, button(question, "Give up"))
    prompt = await asked.original_message()  # Give up asks first (issue 16)
    give_up = await fake.click(alice, prompt, button(prompt, "Confirm"))
    (reply,) = await give_up.followups()
    assert "given up" in reply["content"]
    status = await fake.slash(alice, "mock status")
    assert "no round open" in (await status.response())["data"]["content"]
    assert_clean(fake)


async def test_warnings_and_time_up_arrive_in_the_thread_and_late_answers_are_not_scored(
    fake, bot, users, runner: BotRunner
) -> None:
    alice = users["alice"]
    thread, _ = await start_round(fake, alice)
    await fake.post_message(alice, thread, GOOD)
    await runner.advance(30 * 60)
    await fake.wait_for_message(thread["id"], lambda m: "Half time" in m["content"])
    await runner.advance(25 * 60)
    await fake.wait_for_message(thread["id"], lambda m: "5 minutes left" in m["content"])
    await runner.advance(5 * 60 + 1)
    await fake.wait_for_message(thread["id"], lambda m: "Time is up" in m["content"])
    result = await fake.wait_for_message(
        thread["id"], lambda m: any("Result" in (e.get("title") or "") for e in m["embeds"])
    )
    assert "no points" in result["embeds"][0]["description"]
    await fake.post_message(alice, thread, "one more thought")
    await fake.wait_for_message(thread["id"], lambda m: "saved but not scored" in m["content"])
    late = await runner.bot.services.interviews.db.fetchall("SELECT late FROM answer_parts ORDER BY id")
    assert [r["late"] for r in late] == [0, 1]
    assert_clean(fake)


async def test_restart_mid_round_buttons_and_timers_still_work(fake, users, runner: BotRunner, bank) -> None:
    await runner.start(bank)
    alice = users["alice"]
    thread, question = await start_round(fake, alice)
    await fake.post_message(alice, thread, GOOD)
    db = runner.bot.services.interviews.db
    await wait_for(lambda: db.scalar("SELECT count(*) FROM answer_parts"))
    await runner.stop()

    await runner.start(bank)  # a new process's objects on the same database
    hint = await fake.click(alice, question, button(question, "Hint"))
    assert "Hint 1/2" in (await hint.response())["data"]["content"]
    await runner.advance(30 * 60)
    await fake.wait_for_message(thread["id"], lambda m: "Half time" in m["content"])
    await runner.advance(30 * 60 + 1)
    await fake.wait_for_message(thread["id"], lambda m: "Time is up" in m["content"])
    parts = await runner.bot.services.interviews.db.fetchall("SELECT content FROM answer_parts")
    assert [p["content"] for p in parts] == [GOOD]
    assert_clean(fake)


async def test_a_round_finished_by_a_typed_message_gets_the_same_result_controls(
    fake, bot, users, runner: BotRunner
) -> None:
    """Whatever ends the round (here a thread message answering the last follow-up), the result
    comes with the self-review menu and the Reference answer button, and both work."""
    alice = users["alice"]
    thread, question = await start_round(fake, alice)
    await fake.post_message(alice, thread, GOOD)
    db = runner.bot.services.interviews.db
    await wait_for(lambda: db.scalar("SELECT count(*) FROM answer_parts"))
    done = await fake.click(alice, question, button(question, "Done"))
    assert (await done.followups())[0]["embeds"][0]["title"] == "Follow-up 1/2"
    await fake.post_message(alice, thread, "Cross-validation over a log-spaced grid.")
    await wait_for_post(fake, thread, "Follow-up 2/2")
    await fake.post_message(alice, thread, "With more data the variance falls.")
    result = await wait_for_post(fake, thread, "Result")
    controls = [c for row in result.get("components") or [] for c in row["components"]]
    menus = [c for c in controls if c["type"] == 3]
    assert len(menus) == 1, "the result has no self-review menu"
    (menu,) = menus
    assert menu["custom_id"].startswith("mockloop:selfrev:")
    assert [o["value"] for o in menu["options"]] == ["bias", "variance", "reg"]
    assert button(result, "Reference answer").startswith("mockloop:reference:")

    review = await fake.select(alice, result, menu["custom_id"], ["bias"])
    assert "Self-review saved" in (await review.response())["data"]["content"]
    reference = await fake.click(alice, result, button(result, "Reference answer"))
    shown = (await reference.followups())[0]
    assert "Reference answer" in shown["embeds"][0]["description"] and reference.ephemeral
    assert await db.scalar("SELECT kind FROM reviews") == "self"
    assert_clean(fake)
