"""A hard time-up while the member is still typing: the lines typed before the deadline are
scored, nothing typed is lost (in-process, on the fake clock)."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from rich.console import Console

from bot.app import Services, bootstrap
from bot.core.bank import QuestionBank
from bot.core.clock import FakeClock
from bot.settings import load_settings
from bot.terminal import TerminalPractice, local_member


@pytest.fixture
async def services(tmp_path: Path, bank: QuestionBank, clock: FakeClock) -> AsyncIterator[Services]:
    settings = load_settings(MOCKLOOP_DB=str(tmp_path / "terminal.db"))
    built = await bootstrap(settings, "terminal", bank=bank, clock=clock, rng=random.Random(7))
    yield built
    await built.close()


class SteppedInput:
    """Lines fed by the test while the practice loop runs."""

    is_tty = True

    def __init__(self) -> None:
        self.queue: asyncio.Queue = asyncio.Queue()

    def start(self) -> None: ...
    def stop(self) -> None: ...

    async def get(self):
        return await self.queue.get()


async def test_time_up_scores_the_draft_typed_before_the_deadline(
    services: Services, clock: FakeClock
) -> None:
    service = services.interviews
    source = SteppedInput()
    console = Console(record=True, width=120)
    practice = TerminalPractice(services, console, source)
    task = asyncio.create_task(practice.run("ml_theory", None, None, None))
    await source.queue.put("Bias is the error from wrong assumptions.")
    for _ in range(100):
        await asyncio.sleep(0.01)
        if practice.round_id and await service.draft(practice.round_id):
            break
    rnd = (await service.open_round(local_member())).round  # type: ignore[union-attr]
    clock.advance(rnd.deadline - clock.now() + 1)
    await service.timers.run_due()
    assert practice.timed_out is not None
    await source.queue.put("Typed after the deadline.")
    await source.queue.put(".")
    assert await asyncio.wait_for(task, 10) == 0
    parts = [(p.content, p.late) for p in await service.parts(rnd.id or 0)]
    assert parts == [
        ("Bias is the error from wrong assumptions.", False),
        ("Typed after the deadline.", True),
    ]
    result = await service.result(rnd.id or 0)
    assert result is not None and result.points == 0 and result.score > 0
    assert "Time is up" in console.export_text()
    assert await service.draft(rnd.id or 0) == []


async def test_a_round_left_in_scoring_is_scored_on_resume_not_locked(
    services: Services, clock: FakeClock
) -> None:
    service = services.interviews
    me = local_member()
    view = await service.start_round(me, "behavioral", front_end="terminal")
    await service.add_answer(me, "I led the migration and cut latency by 30%.", source="terminal")
    rnd = (await service.open_round(me)).round  # type: ignore[union-attr]
    async with service.db.transaction() as conn:  # as if the process died between the two steps
        await conn.execute("UPDATE rounds SET status = 'scoring' WHERE id = ?", (rnd.id,))
    source = SteppedInput()
    for line in ("", ""):  # resume (Enter), then skip the self-review
        await source.queue.put(line)
    practice = TerminalPractice(services, Console(record=True, width=120), source)
    assert await asyncio.wait_for(practice.run(None, None, None, None), 10) == 0
    assert (await service.find_round(view.round.id or 0)).status.value == "done"  # type: ignore[union-attr]
    assert await service.open_round(me) is None
