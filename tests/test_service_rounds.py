"""A round driven through the service with a fake clock: timers, restarts, bad input, scale."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from bot.core.bank import QuestionBank
from bot.core.errors import (
    AnswerTooLong,
    EmptyAnswer,
    IllegalTransition,
    InvalidOption,
    NoQuestionAvailable,
    RoundAlreadyActive,
    RoundNotFound,
)
from bot.core.rounds import RoundStatus, TimerKind
from bot.service import InterviewService, Member, RoundEvent
from bot.storage.database import DatabaseError

GOOD = (
    "Bias is the error from wrong assumptions in the model. Variance is sensitivity to the training set. "
    "Regularisation reduces variance at the cost of a little bias."
)


def record(service: InterviewService) -> list[RoundEvent]:
    events: list[RoundEvent] = []

    async def listener(event: RoundEvent) -> None:
        events.append(event)

    service.listeners.append(listener)
    return events


async def test_full_round_warnings_then_time_up_fire_in_order_once(service, clock, alice) -> None:
    events = record(service)
    view = await service.start_round(alice, "ml_theory", minutes=60)
    await service.add_answer(alice, "Bias is the error from wrong assumptions.", source="test")
    for minute in range(1, 70):
        clock.advance(60)
        await service.timers.run_due()
        if minute == 29:
            assert events == []
    assert [e.kind for e in events] == [TimerKind.HALF_TIME, TimerKind.FIVE_MINUTES, TimerKind.TIME_UP]
    half, _five, up = events
    assert half.round.time_left(view.round.started_at + 1800) == pytest.approx(1800)
    assert up.round.status is RoundStatus.TIMED_OUT and up.result is not None
    assert up.result.points == 0  # a hard time-up earns nothing, but the answer is scored for feedback
    assert up.result.score > 0
    assert await service.pending_timers() == []


async def test_answer_then_follow_ups_then_scored_once(service, clock, alice) -> None:
    await service.start_round(alice, "ml_theory")
    clock.advance(300)
    await service.add_answer(alice, GOOD, source="test")
    ack = await service.finish(alice)
    assert ack.next_follow_up == "How would you pick the penalty strength?"
    ack = await service.add_answer(alice, "Cross-validation over a log grid.", source="test")
    assert ack.next_follow_up == "What changes with more data?"
    ack = await service.add_answer(alice, "Variance falls, so less penalty is needed.", source="test")
    assert ack.result is not None and ack.round.status is RoundStatus.DONE
    assert ack.result.score >= 60 and ack.result.points > 0
    hit = {p["id"] for p in ack.result.breakdown["points"] if p["hit"]}
    assert {"bias", "variance"} <= hit
    # Done pressed again after the round finished: a clear message, nothing scored again.
    with pytest.raises(IllegalTransition, match="already finished and scored"):
        await service.finish(alice, ack.round.id)
    count = await service.db.scalar("SELECT count(*) FROM scores")
    assert count == 1
    assert await service.pending_timers() == []  # timers of a finished round are gone


async def test_double_click_on_done_scores_once(service, alice) -> None:
    import asyncio

    from bot.core.scoring import score_answer  # noqa: F401 - the real scorer runs

    bank_q = service.bank.get("code-test-0")  # no follow-ups: Done goes straight to scoring
    assert not bank_q.follow_ups
    await service.start_round(alice, "coding")
    await service.add_answer(alice, GOOD, source="test")
    first, second = await asyncio.gather(service.finish(alice), service.finish(alice), return_exceptions=True)
    outcomes = [x for x in (first, second) if not isinstance(x, Exception)]
    assert sum(1 for x in outcomes if x.stored) == 1
    assert await service.db.scalar("SELECT count(*) FROM scores") == 1


async def test_same_delivery_twice_is_stored_once(service, alice) -> None:
    view = await service.start_round(alice, "ml_theory")
    first = await service.add_answer(alice, "part one", source="message", external_id="m1")
    second = await service.add_answer(alice, "part one", source="message", external_id="m1")
    assert first.stored and not second.stored
    assert [p.content for p in await service.parts(view.round.id)] == ["part one"]


async def test_answer_after_hard_time_up_is_kept_flagged_late_and_not_scored(service, clock, alice) -> None:
    view = await service.start_round(alice, "behavioral", minutes=20)
    await service.add_answer(alice, GOOD, source="test")
    clock.advance(20 * 60 + 1)
    await service.timers.run_due()
    result_before = await service.result(view.round.id)
    ack = await service.add_answer(alice, "one more thought", source="test", round_id=view.round.id)
    assert ack.late and ack.stored
    parts = await service.parts(view.round.id)
    assert [(p.content, p.late) for p in parts] == [(GOOD, False), ("one more thought", True)]
    assert (await service.result(view.round.id)).score == result_before.score


async def test_soft_time_up_marks_overtime_and_still_scores(service, clock, alice) -> None:
    policy = await service.policy(alice.guild_id)
    from dataclasses import replace

    from bot.core.rounds import TimeUpMode

    await service.save_policy(alice.guild_id, replace(policy, time_up_mode=TimeUpMode.SOFT))
    events = record(service)
    await service.start_round(alice, "coding", minutes=30)
    clock.advance(31 * 60)
    await service.timers.run_due()
    assert events[-1].kind is TimerKind.TIME_UP and events[-1].round.status is RoundStatus.ASKED
    ack = await service.add_answer(alice, GOOD, source="test")
    assert ack.overtime and not ack.late
    done = await service.finish(alice)
    assert done.result is not None and done.round.overtime and done.result.points > 0


async def test_restart_mid_round_keeps_answers_and_timers(db_path, bank, clock, alice) -> None:
    first = await InterviewService.open(db_path, bank, clock, random.Random(1))
    view = await first.start_round(alice, "ml_theory", minutes=45)
    await first.add_answer(alice, "part before the crash", source="message", external_id="m1")
    clock.advance(10 * 60)
    await first.close()  # the process's objects are thrown away

    clock.advance(40 * 60)  # the deadline passed while the bot was down
    second = await InterviewService.open(db_path, bank, clock, random.Random(1))
    events = record(second)
    try:
        assert (await second.open_round(alice)).round.id == view.round.id
        assert [p.content for p in await second.parts(view.round.id)] == ["part before the crash"]
        assert {t.kind for t in await second.pending_timers()} == {"half_time", "five_minutes", "time_up"}
        await second.timers.run_due()  # overdue timers fire at once, in order
        assert [e.kind for e in events] == [TimerKind.HALF_TIME, TimerKind.FIVE_MINUTES, TimerKind.TIME_UP]
        assert (await second.find_round(view.round.id)).status is RoundStatus.TIMED_OUT
    finally:
        await second.close()


async def test_restart_before_deadline_fires_time_up_on_schedule(db_path, bank, clock, alice) -> None:
    first = await InterviewService.open(db_path, bank, clock)
    await first.start_round(alice, "coding", minutes=30)
    await first.close()
    second = await InterviewService.open(db_path, bank, clock)
    events = record(second)
    try:
        clock.advance(29 * 60)
        await second.timers.run_due()
        assert [e.kind for e in events] == [TimerKind.HALF_TIME, TimerKind.FIVE_MINUTES]
        clock.advance(60)
        await second.timers.run_due()
        assert events[-1].kind is TimerKind.TIME_UP
    finally:
        await second.close()


async def test_failed_timer_handler_keeps_the_timer_and_retries(service, clock, alice) -> None:
    calls: list[TimerKind] = []

    async def flaky(event: RoundEvent) -> None:
        calls.append(event.kind)
        if len(calls) == 1:
            raise ConnectionError("discord is down")

    service.listeners.append(flaky)
    await service.start_round(alice, "coding", minutes=30)
    clock.advance(15 * 60)
    await service.timers.run_due()
    assert calls == [TimerKind.HALF_TIME]
    assert "half_time" in {t.kind for t in await service.pending_timers()}
    clock.advance(5)
    await service.timers.run_due()
    assert calls == [TimerKind.HALF_TIME, TimerKind.HALF_TIME]
    assert "half_time" not in {t.kind for t in await service.pending_timers()}


async def test_thousand_rounds_each_time_up_fires_exactly_once(db_path, clock) -> None:
    from tests.conftest import make_question

    bank = QuestionBank([make_question(f"ml-scale-{i}") for i in range(5)])
    service = await InterviewService.open(db_path, bank, clock, random.Random(3))
    fired: dict[int, int] = {}

    async def count(event: RoundEvent) -> None:
        if event.kind is TimerKind.TIME_UP:
            fired[event.round.id] = fired.get(event.round.id, 0) + 1

    service.listeners.append(count)
    try:
        ids = []
        for i in range(1000):
            view = await service.start_round(Member(1, i, f"m{i}"), "ml_theory", minutes=45 + (i % 16))
            ids.append(view.round.id)
            clock.advance(0.5)
        for _ in range(70):
            clock.advance(60)
            await service.timers.run_due()
        assert len(fired) == 1000 and set(fired.values()) == {1}
        assert await service.pending_timers() == []
    finally:
        await service.close()


async def test_bad_input_is_a_clear_message_and_writes_nothing(service, alice) -> None:
    with pytest.raises(InvalidOption, match="Unknown round type 'cooking'"):
        await service.start_round(alice, "cooking")
    with pytest.raises(InvalidOption, match="Coding rounds run 30–45 minutes; 90 is outside"):
        await service.start_round(alice, "coding", minutes=90)
    with pytest.raises(InvalidOption, match=r"no topic 'astrology'.*Topics: probability"):
        await service.start_round(alice, "ml_theory", topic="astrology")
    with pytest.raises(NoQuestionAvailable, match="no hard"):
        await service.start_round(alice, "ml_theory", difficulty="hard")
    with pytest.raises(RoundNotFound, match="no round open"):
        await service.add_answer(alice, "hello", source="test")
    assert await service.db.scalar("SELECT count(*) FROM rounds") == 0
    await service.start_round(alice, "ml_theory")
    with pytest.raises(EmptyAnswer):
        await service.add_answer(alice, "   \n ", source="test")
    with pytest.raises(AnswerTooLong, match="at most 8,000"):
        await service.add_answer(alice, "x" * 8001, source="test")
    with pytest.raises(IllegalTransition, match="haven't answered"):
        await service.finish(alice)
    with pytest.raises(RoundAlreadyActive, match="already have a ml theory round open"):
        await service.start_round(alice, "coding")
    assert await service.db.scalar("SELECT count(*) FROM answer_parts") == 0
    assert await service.db.scalar("SELECT count(*) FROM rounds") == 1


async def test_selection_avoids_repeats_until_the_pool_is_used_up(service, clock, alice) -> None:
    asked = []
    for _ in range(3):
        view = await service.start_round(alice, "ml_theory")
        asked.append(view.question.id)
        await service.give_up(alice)
        clock.advance(10)
    assert sorted(asked) == ["ml-test-0", "ml-test-1", "ml-test-2"]
    view = await service.start_round(alice, "ml_theory")  # pool used up: not the most recent one
    assert view.question.id != asked[-1]


async def test_corrupt_database_file_is_a_clear_error(tmp_path: Path, bank, clock) -> None:
    path = tmp_path / "broken.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(DatabaseError, match="not usable"):
        await InterviewService.open(str(path), bank, clock)


async def test_read_only_database_refuses_writes_with_try_again(db_path, bank, clock, alice) -> None:
    from bot.core.errors import StorageUnavailable

    svc = await InterviewService.open(db_path, bank, clock)
    await svc.close()
    ro = await InterviewService.open(db_path, bank, clock)
    await ro.db.conn.execute("PRAGMA query_only = ON")  # what a read-only file looks like to SQLite writers
    try:
        with pytest.raises(StorageUnavailable, match="try again"):
            await ro.start_round(alice, "ml_theory")
        assert await ro.db.scalar("SELECT count(*) FROM rounds") == 0
    finally:
        await ro.close()
    assert sqlite3.connect(db_path).execute("SELECT count(*) FROM rounds").fetchone() == (0,)


async def test_migrations_record_their_version(service) -> None:
    from bot.storage.migrations import available_migrations, current_version

    assert await current_version(service.db) == len(available_migrations()) >= 2


async def test_terminal_and_bot_processes_only_fire_their_own_round_timers(db_path, bank, clock) -> None:
    """Both front ends share one database; a practice session must not take a Discord round's time-up."""
    bot_side = await InterviewService.open(db_path, bank, clock, timer_scope="discord")
    terminal = await InterviewService.open(db_path, bank, clock, timer_scope="terminal")
    fired: dict[str, list[int]] = {"bot": [], "terminal": []}

    def listener(name: str):
        async def on(event: RoundEvent) -> None:
            fired[name].append(event.round.guild_id)

        return on

    bot_side.listeners.append(listener("bot"))
    terminal.listeners.append(listener("terminal"))
    try:
        await bot_side.start_round(Member(10, 1, "a"), "coding", minutes=30)
        await terminal.start_round(Member(0, 0, "me"), "coding", minutes=30, front_end="terminal")
        clock.advance(31 * 60)
        await terminal.timers.run_due()
        assert fired["terminal"] and set(fired["terminal"]) == {0}
        assert {t.round_id for t in await bot_side.pending_timers()} == {
            1
        }  # the bot's timers wait for the bot
        await bot_side.timers.run_due()
        assert set(fired["bot"]) == {10}
        assert await bot_side.pending_timers() == []
    finally:
        await terminal.close()
        await bot_side.close()
