"""A fair front for any runner: a queue per server, served in turn, and the member rules.

Whoever calls `run` inside `submitted_by(guild, user, which)` is checked against
bot.core.judge_fairness (cooldown per member and kind, one run at a time each, a cap on a
server's waiting runs); then their run waits in their server's queue. When a slot frees, the
next server in rotation gets it, so one busy server (or one member) cannot starve another.
Runs outside `submitted_by` (the CLI, the self-test) queue as server 0 with no member rules.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from bot.core.clock import Clock, SystemClock
from bot.core.judge_fairness import FairnessRules, JudgeFairness
from bot.core.questions import CodeCase, CodeLimits
from bot.judge.base import RawOutcome, Runner

_submitter: ContextVar[tuple[int, int, str] | None] = ContextVar("mockloop_judge_submitter", default=None)


@contextlib.contextmanager
def submitted_by(guild_id: int, user_id: int, which: str) -> Iterator[None]:
    """Mark the runs made inside as this member's `which` ("examples" or "tests")."""
    token = _submitter.set((guild_id, user_id, which))
    try:
        yield
    finally:
        _submitter.reset(token)


class FairScheduler:
    """Wraps a runner; `slots` runs at once, handed out round-robin across servers."""

    def __init__(
        self, runner: Runner, *, slots: int, clock: Clock | None = None, rules: FairnessRules | None = None
    ) -> None:
        self.inner = runner
        self.name = runner.name
        self.slots = max(1, slots)
        self.fairness = JudgeFairness(clock or SystemClock(), rules or FairnessRules())
        self._running = 0
        self._queues: dict[int, deque[asyncio.Future[None]]] = {}
        self._rotation: deque[int] = deque()

    def __getattr__(self, name: str) -> Any:  # reason, self_test, settings... of the wrapped runner
        return getattr(self.inner, name)

    def waiting(self, guild_id: int) -> int:
        return len(self._queues.get(guild_id, ()))

    async def run(
        self, code: str, function: str, cases: list[CodeCase], limits: CodeLimits
    ) -> list[RawOutcome]:
        who = _submitter.get()
        guild = who[0] if who else 0
        member = (who[0], who[1]) if who else None
        if who is not None and member is not None:
            self.fairness.admit(member, who[2], self.waiting(guild))
        try:
            await self._acquire(guild)
            try:
                return await self.inner.run(code, function, cases, limits)
            finally:
                self._release()
        finally:
            if member is not None:
                self.fairness.release(member)

    async def _acquire(self, guild: int) -> None:
        if self._running < self.slots and not any(self._queues.values()):
            self._running += 1
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queues.setdefault(guild, deque()).append(future)
        if guild not in self._rotation:
            self._rotation.append(guild)
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                self._release()  # the slot was ours already: pass it on
            else:
                with contextlib.suppress(ValueError):
                    self._queues[guild].remove(future)
            raise

    def _release(self) -> None:
        self._running -= 1
        for _ in range(len(self._rotation)):
            guild = self._rotation.popleft()
            queue = self._queues.get(guild)
            while queue and queue[0].done():
                queue.popleft()
            if not queue:
                self._queues.pop(guild, None)
                continue
            future = queue.popleft()
            if queue:
                self._rotation.append(guild)  # its next run waits for the other servers' turn
            else:
                self._queues.pop(guild, None)
            self._running += 1
            future.set_result(None)
            return
