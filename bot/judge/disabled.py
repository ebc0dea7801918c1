"""The runner used when no safe engine is available: it runs nothing and says why."""

from __future__ import annotations

from bot.core.questions import CodeCase, CodeLimits
from bot.judge.base import JudgeUnavailable, RawOutcome


class DisabledRunner:
    name = "disabled"

    def __init__(self, reason: str) -> None:
        self.reason = reason

    async def run(
        self, code: str, function: str, cases: list[CodeCase], limits: CodeLimits
    ) -> list[RawOutcome]:
        raise JudgeUnavailable(self.reason)
