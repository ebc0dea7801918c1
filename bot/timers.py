"""One persistent timer dispatcher per process.

It sleeps until the earliest due timer in the database, wakes early when told a timer was
added or cancelled (`poke`), fires overdue timers at once after a restart, and deletes a timer
row only after its handler succeeded: a crash mid-handler means the timer fires again on the
next start, never that it is lost. Handlers must therefore be idempotent.

Timers of one round fire in due order; different rounds fire concurrently (bounded).
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable

from bot.core.clock import Clock
from bot.due_loop import DueLoop
from bot.storage.database import Database
from bot.storage.timers import StoredTimer, TimerRepository, TimerScope

log = logging.getLogger(__name__)

Handler = Callable[[StoredTimer], Awaitable[None]]

RETRY_DELAYS = (2.0, 10.0, 60.0, 300.0)
MAX_SLEEP = 300.0  # re-check the table at least this often


class TimerDispatcher:
    def __init__(
        self,
        db: Database,
        scope: TimerScope,
        clock: Clock,
        handler: Handler,
        *,
        concurrency: int = 64,
    ) -> None:
        """`scope` says whose round timers this process fires (see TimerRepository)."""
        self.db = db
        self.repo = TimerRepository(db, scope)  # reads: what is due, and when
        self.clock = clock
        self.handler = handler
        self._loop = DueLoop(
            clock, self.run_due, self.repo.next_due_at, name="mockloop-timers", max_sleep=MAX_SLEEP
        )
        self._limit = asyncio.Semaphore(concurrency)
        self.fired = 0
        self._handled: set[int] = set()  # timers whose handler succeeded but whose row is not deleted yet

    def poke(self) -> None:
        """A timer was added or removed: re-read the earliest due time."""
        self._loop.poke()

    async def run_due(self) -> int:
        """Fire every timer due now; returns how many succeeded."""
        ok = 0
        while True:
            due = await self.repo.due(self.clock.now())
            if not due:
                return ok
            by_round: dict[int | None, list[StoredTimer]] = defaultdict(list)
            for timer in due:
                by_round[timer.round_id].append(timer)
            results = await asyncio.gather(*(self._fire_in_order(ts) for ts in by_round.values()))
            done = [timer_id for ids in results for timer_id in ids]
            if not done:
                return ok  # everything failed and was rescheduled later; don't spin
            # One transaction for the pass: under a burst, a delete per timer was most of the
            # time the write lock was held. If it fails, the ids stay in _handled and the next
            # pass deletes them without running their handlers again.
            await self.delete_done(done)
            self._handled.difference_update(done)
            self.fired += len(done)
            ok += len(done)

    async def _fire_in_order(self, timers: list[StoredTimer]) -> list[int]:
        """Ids of the timers whose handlers succeeded, in order, up to the first failure."""
        async with self._limit:
            done = []
            for timer in timers:
                if not await self._fire(timer):
                    break  # keep order: later timers of this round wait for the failed one
                done.append(timer.id)
            return done

    async def _fire(self, timer: StoredTimer) -> bool:
        if timer.id in self._handled:  # the handler already succeeded; only the delete failed
            return True
        try:
            await self.handler(timer)
        except Exception as exc:
            delay = RETRY_DELAYS[min(timer.attempts, len(RETRY_DELAYS) - 1)]
            log.exception(
                "timer %s (%s, round %s) failed; retrying in %ss", timer.id, timer.kind, timer.round_id, delay
            )
            try:
                await self.reschedule(timer.id, self.clock.now() + delay, f"{type(exc).__name__}: {exc}")
            except Exception:
                log.exception("could not reschedule timer %s; it stays due", timer.id)
            return False
        self._handled.add(timer.id)  # until its row is deleted, a later pass must not post again
        return True

    async def delete_done(self, timer_ids: list[int]) -> None:
        """Delete the rows of timers whose handlers succeeded, in one transaction."""
        async with self.db.unit_of_work() as uow:
            await uow.timers.delete_many(timer_ids)

    async def reschedule(self, timer_id: int, due_at: float, error: str) -> None:
        async with self.db.unit_of_work() as uow:
            await uow.timers.retry_later(timer_id, due_at, error)

    def start(self) -> None:
        self._loop.start()

    async def stop(self) -> None:
        await self._loop.stop()
