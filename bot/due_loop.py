"""A background loop that does what is due, then sleeps until the next due time or a poke.

The timer dispatcher and the daily-question poster both run on it, so the sleeping, waking
and clean shutdown live in one place.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from bot.core.clock import Clock

log = logging.getLogger(__name__)


class DueLoop:
    def __init__(
        self,
        clock: Clock,
        run_due: Callable[[], Awaitable[Any]],
        next_due: Callable[[], Awaitable[float | None]],
        *,
        name: str,
        max_sleep: float,
        min_sleep: float = 0.0,
        retry_after: float = 2.0,
        before: Callable[[], Awaitable[Any]] | None = None,
    ) -> None:
        self.clock = clock
        self._run_due = run_due
        self._next_due = next_due
        self.name = name
        self.max_sleep = max_sleep
        self.min_sleep = min_sleep
        self.retry_after = retry_after
        self._before = before
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def poke(self) -> None:
        """Something due changed (added, removed, moved): look again now."""
        self._wake.set()

    async def run_forever(self) -> None:
        if self._before is not None:
            await self._before()
        while True:
            self._wake.clear()  # before reading, so a poke during the pass is not lost
            try:
                await self._run_due()
                next_due = await self._next_due()
            except Exception:
                log.exception("%s: pass failed; retrying in %ss", self.name, self.retry_after)
                next_due = self.clock.now() + self.retry_after
            if next_due is None:
                delay = self.max_sleep
            else:
                delay = min(self.max_sleep, max(self.min_sleep, next_due - self.clock.now()))
            if delay > 0:
                try:
                    # asyncio.timeout, not wait_for: 3.11's wait_for can swallow a cancel that
                    # arrives together with a poke, and stop() then waits forever.
                    async with asyncio.timeout(delay):
                        await self._wake.wait()
                except TimeoutError:
                    pass

    def start(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self.run_forever(), name=self.name)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None
