"""The round thread as an interview room: old posts never act on the open round, errors stay
private, a finished round's posts say how it ended (issue 16), through the real discord.py client."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import BotRunner, assert_clean
from tests.e2e.test_round_flow import GOOD, button, start_round
from tests.fakediscord import FakeDiscord

EPHEMERAL = 1 << 6


def shown_to_channel(fake: FakeDiscord, channel_id: str, text: str) -> list[dict[str, Any]]:
    """Bot messages in the channel that everyone there sees and that contain `text`."""
    return [
        m
        for m in fake.world.messages.values()
        if m["channel_id"] == channel_id and not m["flags"] & EPHEMERAL and text in (m.get("content") or "")
    ]


async def finish_round(fake: FakeDiscord, user: dict, thread: dict, question: dict) -> dict:
    """Answer through the form, skip both follow-ups with Done, and return the result message."""
    controls = {label: button(question, label) for label in ("Answer", "Done")}
    opened = await fake.click(user, question, controls["Answer"])
    form = (await opened.response())["data"]["custom_id"]
    submitted = await fake.submit_modal(user, form, {"answer": GOOD}, message=question)
    await submitted.followups()
    for _ in range(3):
        done = await fake.click(user, question, controls["Done"])
        await done.followups()
    return await fake.wait_for_message(
        thread["id"], lambda m: any("Result" in (e.get("title") or "") for e in m["embeds"])
    )


async def test_a_finished_rounds_hint_never_touches_the_open_round(fake, bot, users, runner: BotRunner) -> None:
    alice = users["alice"]
    old_thread, old_question = await start_round(fake, alice)
    live = [dict(row) for row in old_question["components"]]
    await finish_round(fake, alice, old_thread, old_question)
    await fake.wait_for_message(old_thread["id"], lambda m: m["id"] == old_question["id"] and not m["components"])
    # A post whose closing edit did not land (deleted thread cache, an outage) keeps live buttons:
    fake.world.messages[old_question["id"]]["components"] = live
    old_hint = button(old_question, "Hint")
    new_thread, _ = await start_round(fake, alice)
    interviews = runner.bot.services.interviews
    (open_round,) = await interviews.db.fetchall("SELECT id, hints_used FROM rounds WHERE status = 'asked'")

    stale = await fake.click(alice, old_question, old_hint)
    reply = await stale.response()
    assert stale.ephemeral and "already finished" in reply["data"]["content"]
    assert shown_to_channel(fake, old_thread["id"], "Hint") == []  # nothing posted in the old thread
    assert shown_to_channel(fake, new_thread["id"], "Hint") == []
    hints = await interviews.db.scalar("SELECT hints_used FROM rounds WHERE id = ?", (open_round["id"],))
    assert hints == 0  # the open round was not charged
    assert_clean(fake)


async def test_a_finished_rounds_posts_lose_their_buttons_and_say_how_it_ended(
    fake, bot, users, runner: BotRunner
) -> None:
    alice = users["alice"]
    thread, question = await start_round(fake, alice)
    result = await finish_round(fake, alice, thread, question)
    closed = await fake.wait_for_message(
        thread["id"], lambda m: m["id"] == question["id"] and "Finished" in (m.get("content") or "")
    )
    assert closed["components"] == [] or all(
        c.get("disabled") for row in closed["components"] for c in row["components"]
    )
    line = next(line for line in closed["content"].splitlines() if "Finished" in line)
    assert "/100" in line and "point" in line
    assert f"/channels/{thread['guild_id']}/{thread['id']}/{result['id']}" in line  # a jump link to the result
    assert_clean(fake)


async def test_errors_after_a_public_defer_stay_private(fake, bot, users, channel) -> None:
    alice = users["alice"]
    run = await fake.slash(alice, "mock run", channel=channel)
    await run.response()
    (reply,) = await run.followups()
    assert "no round open" in reply["content"] and reply["flags"] & EPHEMERAL
    submit = await fake.slash(alice, "mock submit", channel=channel)
    await submit.response()
    (reply,) = await submit.followups()
    assert reply["flags"] & EPHEMERAL
    assert shown_to_channel(fake, channel["id"], "no round open") == []
    assert_clean(fake)


async def test_done_and_give_up_on_a_closed_round_answer_privately(fake, bot, users) -> None:
    alice = users["alice"]
    thread, question = await start_round(fake, alice)
    live = [dict(row) for row in question["components"]]
    stale = {label: button(question, label) for label in ("Done", "Give up")}
    asked = await fake.click(alice, question, stale["Give up"])
    prompt = await asked.original_message()  # Give up asks first (issue 16)
    give_up = await fake.click(alice, prompt, button(prompt, "Confirm"))
    await give_up.followups()
    closed = await fake.wait_for_message(
        thread["id"], lambda m: m["id"] == question["id"] and "Given up" in m["content"]
    )
    assert closed["components"] == []
    fake.world.messages[question["id"]]["components"] = live  # as if the closing edit had not landed
    for label in ("Done", "Give up"):
        again = await fake.click(alice, question, stale[label])
        response = await again.response()
        if response["type"] == 5:  # deferred: the answer is the follow-up, and it must be private
            (reply,) = await again.followups()
            assert reply["flags"] & EPHEMERAL and "gave up this round" in reply["content"]
        else:
            assert again.ephemeral and "gave up this round" in response["data"]["content"]
    assert shown_to_channel(fake, thread["id"], "gave up this round") == []
    assert_clean(fake)
