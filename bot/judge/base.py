"""What every execution engine promises: run member code on case inputs, report raw outcomes.

A runner never sees expected values and never decides right or wrong; `bot.judge.judge`
compares the returned values outside the sandbox.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from bot.core.questions import CodeCase, CodeLimits

RunStatus = Literal["ok", "error", "timeout", "memory", "crash"]

# What a runner reports before any case ran: the code does not parse / define the function.
SetupProblem = Literal["syntax_error", "wrong_signature"]


@dataclass(frozen=True, slots=True)
class RawOutcome:
    """How one case went inside the engine.

    `value` is the returned value round-tripped through JSON (None when the case failed);
    `error` is a short, path-free traceback tail or a one-line reason (member-controlled: shown
    for visible examples only); `exc_type` the raised exception's class name (also
    member-controlled: the judge shows it for hidden tests only if it names a builtin);
    `elapsed` is measured by the host, never reported from inside the sandbox.
    """

    case_id: str
    status: RunStatus
    value: Any = None
    stdout: str = ""
    error: str = ""
    elapsed: float = 0.0
    setup_problem: SetupProblem | None = None
    exc_type: str = ""


@dataclass(frozen=True, slots=True)
class CaseInput:
    """The only part of a `CodeCase` that may enter a sandbox."""

    id: str
    args: list[Any] = field(default_factory=list)

    @classmethod
    def of(cls, case: CodeCase) -> CaseInput:
        return cls(id=case.id, args=list(case.args))


class Runner(Protocol):
    """An execution engine (local bubblewrap sandbox, Piston, Judge0, or a disabled stand-in)."""

    name: str

    async def run(
        self, code: str, function: str, cases: list[CodeCase], limits: CodeLimits
    ) -> list[RawOutcome]:
        """One outcome per case, in the order given."""
        ...


class JudgeUnavailable(Exception):
    """Judging is switched off (no sandbox, failed self-test, engine down); `str()` says why."""
