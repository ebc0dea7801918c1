"""Judge a submission: run the inputs in a runner, then compare OUTSIDE the sandbox.

Expected values never leave this module. For hidden tests the report names only the test id
and the verdict, so a member cannot read the hidden inputs or answers back out of it.
"""

from __future__ import annotations

import asyncio
import builtins
import logging
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from bot.bank.generated import hidden_suite
from bot.core.compare import outputs_match
from bot.core.errors import MockloopError
from bot.core.questions import CodeAnswer, CodeCase, Question
from bot.judge.base import JudgeUnavailable, RawOutcome, Runner

Verdict = Literal[
    "accepted",
    "wrong_answer",
    "time_limit",
    "memory_limit",
    "runtime_error",
    "syntax_error",
    "wrong_signature",
]
Which = Literal["examples", "tests"]

VERDICT_LABELS: dict[str, str] = {
    "accepted": "accepted",
    "wrong_answer": "wrong answer",
    "time_limit": "time limit exceeded",
    "memory_limit": "memory limit exceeded",
    "runtime_error": "runtime error",
    "syntax_error": "syntax error",
    "wrong_signature": "wrong function name/signature",
}
SHOWN_VALUE_CHARS = 80
# The only exception names a hidden test's report may carry: a fixed list, never member text.
BUILTIN_EXCEPTIONS = frozenset(
    name for name, obj in vars(builtins).items() if isinstance(obj, type) and issubclass(obj, BaseException)
)
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CaseVerdict:
    case_id: str
    verdict: Verdict
    visible: bool
    elapsed: float = 0.0
    detail: str = ""
    expected: Any = None  # set only for visible examples
    got: Any = None  # set only for visible examples
    stdout: str = ""  # set only for visible examples

    @property
    def passed(self) -> bool:
        return self.verdict == "accepted"


@dataclass(frozen=True, slots=True)
class JudgeReport:
    question_id: str
    which: Which
    verdicts: list[CaseVerdict] = field(default_factory=list)
    disabled_reason: str | None = None

    @property
    def passed(self) -> int:
        return sum(v.passed for v in self.verdicts)

    @property
    def total(self) -> int:
        return len(self.verdicts)

    @property
    def wrong(self) -> int:
        """Tests that returned a wrong value (not too slow, not an error): they cost the score
        more (bot.core.scoring.combine_with_tests)."""
        return sum(v.verdict == "wrong_answer" for v in self.verdicts)

    @property
    def all_passed(self) -> bool:
        return self.disabled_reason is None and self.total > 0 and self.passed == self.total

    def to_dict(self) -> dict[str, Any]:
        return {
            "question_id": self.question_id,
            "which": self.which,
            "disabled_reason": self.disabled_reason,
            "passed": self.passed,
            "total": self.total,
            "verdicts": [asdict(v) for v in self.verdicts],
        }

    def to_table(self) -> str:
        """A plain-text table, one line per test plus indented details, then the total."""
        if self.disabled_reason is not None:
            return f"Code judging is disabled: {self.disabled_reason}"
        width = max([len("test"), *(len(v.case_id) for v in self.verdicts)])
        lines = [f"{'test':<{width}}  {'result':<29}  time", f"{'-' * width}  {'-' * 29}  ------"]
        for v in self.verdicts:
            shown = f"{v.elapsed:5.3f}s" if v.visible else "     -"
            lines.append(f"{v.case_id:<{width}}  {VERDICT_LABELS[v.verdict]:<29}  {shown}")
            if v.visible and v.verdict == "wrong_answer":
                lines.append(f"{'':<{width}}    expected {_short(v.expected)}")
                lines.append(f"{'':<{width}}    got      {_short(v.got)}")
            for detail_line in v.detail.splitlines()[-6:]:
                lines.append(f"{'':<{width}}    {detail_line}")
        kind = "examples" if self.which == "examples" else "hidden tests"
        lines.append(f"Passed {self.passed}/{self.total} {kind}")
        return "\n".join(lines)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= SHOWN_VALUE_CHARS else text[: SHOWN_VALUE_CHARS - 3] + "..."


def _hidden_setup_detail(answer: CodeAnswer, case: CodeCase, outcome: RawOutcome) -> str:
    """A setup problem on hidden tests, in words the host chooses (the syntax error is the compiler's)."""
    if outcome.setup_problem == "syntax_error":
        return outcome.error  # from compile() in the supervisor, before any input is touched
    return f"`{answer.function}` is not defined or cannot be called with {len(case.args)} positional argument(s)"


def _verdict_for(answer: CodeAnswer, case: CodeCase, outcome: RawOutcome, visible: bool) -> CaseVerdict:
    """For hidden tests only host-determined facts: the verdict and at most a builtin exception name."""
    # A hidden test's duration is the member's to choose (sleep longer for some inputs), so it
    # could spell the input out: only visible examples show one.
    common: dict[str, Any] = {"case_id": case.id, "visible": visible, "elapsed": outcome.elapsed if visible else 0.0}
    if visible:
        common["stdout"] = outcome.stdout
    if outcome.setup_problem is not None:
        detail = outcome.error if visible else _hidden_setup_detail(answer, case, outcome)
        return CaseVerdict(verdict=outcome.setup_problem, detail=detail, **common)
    if outcome.status == "timeout":
        return CaseVerdict(verdict="time_limit", **common)
    if outcome.status == "memory":
        return CaseVerdict(verdict="memory_limit", **common)
    if outcome.status in ("error", "crash"):
        # A hidden test names at most a builtin exception type: anything else could carry the input.
        if visible:
            detail = outcome.error
        else:
            detail = outcome.exc_type if outcome.exc_type in BUILTIN_EXCEPTIONS else ""
        return CaseVerdict(verdict="runtime_error", detail=detail, **common)
    try:
        matched = outputs_match(case.expected, outcome.value, answer.compare, answer.tolerance)
    except (RecursionError, MemoryError, TypeError, ValueError):
        return CaseVerdict(
            verdict="runtime_error", detail="the returned value cannot be compared" if visible else "", **common
        )
    if matched:
        return CaseVerdict(verdict="accepted", **common)
    if visible:
        return CaseVerdict(verdict="wrong_answer", expected=case.expected, got=outcome.value, **common)
    return CaseVerdict(verdict="wrong_answer", **common)


async def judge(question: Question, code: str, which: Which, runner: Runner) -> JudgeReport:
    """Run `code` against the question's examples (shown in full) or hidden tests (ids only)."""
    answer = question.answer
    if not isinstance(answer, CodeAnswer):
        raise ValueError(f"question {question.id} is not a coding question")
    visible = which == "examples"
    cases, limits = list(answer.examples), answer.limits
    if not visible:  # the fixed tests plus any generated large inputs, with the limit they set
        suite = await asyncio.to_thread(hidden_suite, question) if answer.generate else None
        cases, limits = (suite.cases, suite.limits) if suite else (list(answer.tests), answer.limits)
    try:
        outcomes = await runner.run(code, answer.function, cases, limits)
    except JudgeUnavailable as exc:
        return JudgeReport(question.id, which, disabled_reason=str(exc))
    except MockloopError:
        raise  # the member's own doing (a cooldown, a busy queue): their message, not a verdict
    except Exception as exc:
        # A failure of the judge itself still ends as a verdict, never as a crash of the bot.
        log.exception("the judge failed on question %s", question.id)
        outcomes = [RawOutcome(c.id, "crash", error=f"the judge failed ({type(exc).__name__})") for c in cases]
    by_id = {o.case_id: o for o in outcomes}
    verdicts = []
    for case in cases:
        outcome = by_id.get(case.id) or RawOutcome(case.id, "crash", error="no result for this case")
        verdicts.append(_verdict_for(answer, case, outcome, visible))
    return JudgeReport(question.id, which, verdicts)
