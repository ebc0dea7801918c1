"""Turn what the harness printed (plus how its process ended) into one RawOutcome per case.

Shared by every runner: the local sandbox, Piston and Judge0 all run the same harness.
"""

from __future__ import annotations

import json
import signal
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bot.judge.base import CaseInput, RawOutcome, RunStatus, SetupProblem

MARK = "@@judge "
MAX_VALUE_DEPTH = 100  # as the harness checks
STDOUT_EXCERPT_CHARS = 2000

SIGNAL_REASONS = {
    signal.SIGSEGV: "the process crashed (SIGSEGV: invalid memory access)",
    signal.SIGBUS: "the process crashed (SIGBUS: bad memory access)",
    signal.SIGABRT: "the process aborted (SIGABRT)",
    signal.SIGFPE: "the process crashed (SIGFPE: arithmetic fault)",
    signal.SIGXFSZ: "the process wrote a file larger than allowed (SIGXFSZ)",
    signal.SIGSYS: "the process made a forbidden system call (SIGSYS)",
}


@dataclass
class HarnessEvents:
    """What one harness run managed to report before it stopped."""

    done: dict[str, RawOutcome] = field(default_factory=dict)
    setup_problem: SetupProblem | None = None
    setup_error: str = ""
    started: list[str] = field(default_factory=list)
    finished: bool = False

    @property
    def unfinished_case(self) -> str | None:
        """The case that was running when the process stopped, if any."""
        for case_id in reversed(self.started):
            if case_id not in self.done:
                return case_id
        return None


def parse_events(stdout: str, wanted: set[str]) -> HarnessEvents:
    """Read `@@judge` lines; anything else (or a forged duplicate) is ignored."""
    events = HarnessEvents()
    for line in stdout.splitlines():
        if not line.startswith(MARK):
            continue
        try:
            event: dict[str, Any] = json.loads(line[len(MARK) :])
        except (ValueError, RecursionError, MemoryError):
            continue
        if not isinstance(event, dict):
            continue
        kind = event.get("event")
        case_id = str(event.get("id", ""))
        if kind == "setup" and event.get("problem") in ("syntax_error", "wrong_signature"):
            events.setup_problem = event["problem"]
            events.setup_error = str(event.get("error", ""))[:2000]
        elif kind == "start" and case_id in wanted:
            events.started.append(case_id)
        elif kind == "done" and case_id in wanted and case_id not in events.done:
            events.done[case_id] = outcome_from_done(case_id, event, 0.0)
        elif kind == "end":
            events.finished = True
    return events


def outcome_from_done(case_id: str, event: dict[str, Any], elapsed: float) -> RawOutcome:
    """A case's outcome from the supervisor's `done` event; `elapsed` is the host's own timing."""
    status = event.get("status")
    error = str(event.get("error", ""))[:2000]
    if status == "signal":
        status, error = signal_outcome(event.get("signal"))
    elif status not in ("ok", "error", "timeout", "memory", "crash"):
        status = "crash"
    value = event.get("value") if status == "ok" else None
    if status == "ok" and too_deep(value, MAX_VALUE_DEPTH):
        status, value, error = "error", None, f"the returned value is nested more than {MAX_VALUE_DEPTH} levels deep"
    return RawOutcome(
        case_id=case_id,
        status=status,
        value=value,
        stdout=str(event.get("stdout", ""))[:4000],
        error=error,
        elapsed=elapsed,
        exc_type=str(event.get("exc_type", ""))[:100],
    )


def signal_outcome(signum: Any) -> tuple[RunStatus, str]:
    """How a test's process that died of signal `signum` is reported."""
    try:
        number = int(signum)
    except (TypeError, ValueError):
        return "crash", "the process was killed"
    if number in (signal.SIGXCPU, signal.SIGKILL):
        return "timeout", "used more CPU time than allowed"
    try:
        return "crash", SIGNAL_REASONS.get(signal.Signals(number), f"the process was killed by signal {number}")
    except ValueError:
        return "crash", f"the process was killed by signal {number}"


def too_deep(value: Any, limit: int) -> bool:
    """True if lists/dicts nest deeper than `limit` (checked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, list | dict):
            if depth > limit:
                return True
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return False


def stop_reason(*, returncode: int | None, timed_out: bool, stderr: str) -> tuple[RunStatus, str]:
    """Why a harness process stopped early, from its exit and the tail of its stderr."""
    if timed_out:
        return "timeout", "took longer than the time limit (the run was stopped)"
    signum = None
    if returncode is not None and returncode < 0:
        signum = -returncode
    elif returncode is not None and returncode > 128:
        signum = returncode - 128  # bwrap reports a child killed by signal N as 128 + N
    if signum == signal.SIGXCPU or signum == signal.SIGKILL:
        return "timeout", "used more CPU time than allowed"
    if "MemoryError" in stderr or "Cannot allocate memory" in stderr:
        return "memory", "ran out of memory"
    if signum is not None:
        try:
            reason = SIGNAL_REASONS.get(signal.Signals(signum), f"the process was killed by signal {signum}")
        except ValueError:
            reason = f"the process was killed by signal {signum}"
        return "crash", reason
    tail = "\n".join(stderr.strip().splitlines()[-4:])
    reason = f"the process stopped unexpectedly (exit code {returncode})"
    return "crash", f"{reason}\n{tail}" if tail else reason


@dataclass(frozen=True, slots=True)
class ProcessResult:
    """How one harness process went, as seen from outside."""

    stdout: str
    stderr: str
    returncode: int | None
    timed_out: bool = False


def build_job(
    code: str, function: str, cases: list[CaseInput], time_seconds: float, wall_seconds: float | None = None
) -> dict[str, Any]:
    """The harness's input: inputs only, never expected values. `time_seconds` is each test's CPU
    limit; `wall_seconds` (default the same) is when the harness stops a test that waits."""
    return {
        "code": code,
        "function": function,
        "cases": [{"id": c.id, "args": c.args} for c in cases],
        "time_seconds": time_seconds,
        "wall_seconds": wall_seconds if wall_seconds is not None else time_seconds,
        "stdout_cap": STDOUT_EXCERPT_CHARS,
    }


async def run_in_batches(
    cases: list[CaseInput], execute: Callable[[list[CaseInput]], Awaitable[ProcessResult]]
) -> list[RawOutcome]:
    """Run all cases, starting a fresh process after one that crashed or hung.

    A case that kills its process is charged with that; the cases after it still get a run.
    """
    outcomes: dict[str, RawOutcome] = {}
    remaining = list(cases)
    while remaining:
        result = await execute(remaining)
        events = parse_events(result.stdout, {c.id for c in remaining})
        if events.setup_problem:
            return [
                RawOutcome(c.id, "error", error=events.setup_error, setup_problem=events.setup_problem)
                for c in cases
            ]
        outcomes.update(events.done)
        if events.finished:
            break
        status, reason = stop_reason(
            returncode=result.returncode, timed_out=result.timed_out, stderr=result.stderr
        )
        broken = events.unfinished_case
        if broken is None:  # died before any case started: every remaining case shares the fate
            for case in remaining:
                outcomes.setdefault(case.id, RawOutcome(case.id, status, error=reason))
            break
        outcomes[broken] = RawOutcome(broken, status, error=reason)
        position = next(i for i, c in enumerate(remaining) if c.id == broken)
        remaining = [c for c in remaining[position + 1 :] if c.id not in outcomes]
    return [
        outcomes.get(c.id, RawOutcome(c.id, "crash", error="no result was reported for this case"))
        for c in cases
    ]
