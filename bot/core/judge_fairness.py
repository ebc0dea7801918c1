"""Who may run code now: a cooldown per member and kind of run, and one run at a time each.

Pure rules with an injected clock (bot.core.clock); the queue that applies them lives in
bot.judge.scheduler. One member can never hold more than one judge slot, and a burst of
`/mock run` from one member waits out the cooldown instead of filling the server's queue.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core.clock import Clock
from bot.core.errors import JudgeBusy, JudgeCooldown

MemberKey = tuple[int, int]  # (guild id, user id)
WHAT = {"examples": "run", "tests": "submit"}


@dataclass(frozen=True, slots=True)
class FairnessRules:
    examples_cooldown: float = 5.0  # seconds from one `/mock run` to the next
    tests_cooldown: float = 15.0  # seconds from one `/mock submit` to the next
    max_waiting_per_guild: int = 20


@dataclass
class JudgeFairness:
    clock: Clock
    rules: FairnessRules = field(default_factory=FairnessRules)
    _last: dict[tuple[MemberKey, str], float] = field(default_factory=dict)
    _active: set[MemberKey] = field(default_factory=set)

    def cooldown(self, which: str) -> float:
        return self.rules.tests_cooldown if which == "tests" else self.rules.examples_cooldown

    def wait_for(self, member: MemberKey, which: str) -> float:
        """Seconds until `member` may start a run of this kind (0 when they may now)."""
        last = self._last.get((member, which))
        if last is None:
            return 0.0
        return max(0.0, last + self.cooldown(which) - self.clock.now())

    def admit(self, member: MemberKey, which: str, waiting_in_guild: int) -> None:
        """Record a run that may start (or queue); raise the reason it may not."""
        if member in self._active:
            raise JudgeBusy("Your previous code is still being judged; its result comes first.")
        wait = self.wait_for(member, which)
        if wait > 0:
            raise JudgeCooldown(wait, WHAT.get(which, "run"))
        if waiting_in_guild >= self.rules.max_waiting_per_guild:
            raise JudgeBusy("The code judge is busy with this server's runs; try again in a minute.")
        self._active.add(member)
        self._last[(member, which)] = self.clock.now()

    def release(self, member: MemberKey) -> None:
        self._active.discard(member)
