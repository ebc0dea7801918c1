"""A round's own posts (its status line, its buttons) are remembered when they are sent, so the
status edits and the closing edit at the result find them, also after a restart, and a round
opened before they were remembered still closes (through the thread's history), through the
real discord.py client and the loopback Discord."""

from __future__ import annotations

from bot.core.bank import QuestionBank
from tests.e2e.conftest import BotRunner, assert_clean, wait_for
from tests.e2e.test_interview_room import finish_round
from tests.e2e.test_limits_and_admin import long_bank
from tests.e2e.test_round_flow import GOOD, button, start_round
from tests.fakediscord import FakeDiscord


def history_reads(fake: FakeDiscord, channel_id: str) -> int:
    return sum(1 for r in fake.requests if r.method == "GET" and r.path == f"/channels/{channel_id}/messages")


async def restart(runner: BotRunner, bank: QuestionBank) -> None:
    """Stop and start the bot, then wait for its catch-up (which reads each open thread back once)."""
    await runner.stop()
    bot = await runner.start(bank)
    await wait_for(lambda: _caught_up(bot))


async def _caught_up(bot: object) -> bool:
    tasks = [getattr(cog, "catching_up", None) for cog in bot.cogs.values()]  # type: ignore[attr-defined]
    return any(t is not None and t.done() for t in tasks)


async def closed_post(fake: FakeDiscord, thread: dict, message_id: str) -> dict:
    return await fake.wait_for_message(
        thread["id"], lambda m: m["id"] == message_id and "Finished" in (m.get("content") or "")
    )


async def test_after_a_restart_the_status_line_moves_and_the_result_closes_the_question_post(
    fake: FakeDiscord, users, runner: BotRunner, bank: QuestionBank
) -> None:
    await runner.start(bank)
    alice = users["alice"]
    thread, question = await start_round(fake, alice)
    await restart(runner, bank)  # a new process's objects: nothing about the posts is in memory
    reads = history_reads(fake, thread["id"])

    opened = await fake.click(alice, question, button(question, "Answer"))
    form = (await opened.response())["data"]["custom_id"]
    await (await fake.submit_modal(alice, form, {"answer": GOOD}, message=question)).followups()
    done = await fake.click(alice, question, button(question, "Done"))
    await done.followups()
    moved = await fake.wait_for_message(
        thread["id"], lambda m: m["id"] == question["id"] and "On follow-up 1 of 2" in (m.get("content") or "")
    )
    assert moved["components"], "the buttons stay on the question while the round runs"
    for _ in range(2):
        await (await fake.click(alice, question, button(question, "Done"))).followups()
    result = await fake.wait_for_message(
        thread["id"], lambda m: any("Result" in (e.get("title") or "") for e in m["embeds"])
    )

    closed = await closed_post(fake, thread, question["id"])
    assert closed["components"] == []
    status, line = closed["content"].splitlines()
    assert status == f"<@{alice['id']}>"  # the status line gave way to how the round ended
    assert line.startswith("Finished · ") and f"/{result['id']})" in line
    assert history_reads(fake, thread["id"]) == reads  # found from what was stored, not read back
    assert_clean(fake)


async def test_a_round_opened_before_its_posts_were_stored_still_closes_after_a_restart(
    fake: FakeDiscord, users, runner: BotRunner, bank: QuestionBank
) -> None:
    await runner.start(bank)
    alice = users["alice"]
    thread, question = await start_round(fake, alice)
    db = runner.bot.services.interviews.db
    assert await db.scalar("SELECT count(*) FROM round_posts") == 1
    async with db.transaction() as conn:  # as a round from before migration 0012 would be
        await conn.execute("DELETE FROM round_posts")
    await restart(runner, bank)
    reads = history_reads(fake, thread["id"])

    result = await finish_round(fake, alice, thread, question)
    closed = await closed_post(fake, thread, question["id"])
    assert closed["components"] == []
    status, line = closed["content"].splitlines()
    assert status == f"<@{alice['id']}>"
    assert line.startswith("Finished · ") and f"/{result['id']})" in line
    assert history_reads(fake, thread["id"]) > reads  # the old way: the thread's history told which post
    assert_clean(fake)


async def test_a_question_over_several_messages_keeps_its_status_first_and_closes_its_buttons_post(
    fake: FakeDiscord, users, runner: BotRunner
) -> None:
    await runner.start(long_bank())
    alice = users["alice"]
    thread, question = await start_round(fake, alice)  # the message with the buttons: the last one
    posts = sorted(
        (m for m in fake.world.messages.values() if m["channel_id"] == thread["id"]), key=lambda m: int(m["id"])
    )
    first = posts[0]
    assert first["id"] != question["id"] and not first["components"]
    assert first["content"].startswith(f"<@{alice['id']}> · **Waiting for your answer**")
    db = runner.bot.services.interviews.db
    row = await db.fetchone("SELECT status_message_id, controls_message_id FROM round_posts")
    assert (str(row["status_message_id"]), str(row["controls_message_id"])) == (first["id"], question["id"])
    await restart(runner, long_bank())
    reads = history_reads(fake, thread["id"])

    await fake.post_message(alice, thread, GOOD + " point number 3 and point number 7.")
    await wait_for(lambda: db_count(runner))
    await fake.wait_for_message(
        thread["id"], lambda m: m["id"] == question["id"] and "Answering" in (m.get("content") or "")
    )  # the status line is edited onto the buttons' post, as it always was
    await (await fake.click(alice, question, button(question, "Done"))).followups()
    closed = await closed_post(fake, thread, question["id"])
    assert closed["components"] == []
    status, line = closed["content"].splitlines()
    assert status == f"<@{alice['id']}>" and line.startswith("Finished · ")
    assert fake.world.messages[first["id"]]["content"] == first["content"]  # the first post is left alone
    assert history_reads(fake, thread["id"]) == reads
    assert_clean(fake)


async def db_count(runner: BotRunner) -> int:
    assert runner.bot is not None
    return await runner.bot.services.interviews.db.scalar("SELECT count(*) FROM answer_parts")
