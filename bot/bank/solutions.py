"""Check that each `code` question's reference solution passes its own examples and tests.

Solutions run in a separate Python process (one per bank file, several files in parallel), so a
crash, an endless loop or a stray `sys.exit` in bank content cannot take the validator down.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from bot.core.compare import outputs_match
from bot.core.questions import CodeAnswer, CodeCase, Question

_RUNNER = Path(__file__).with_name("solution_runner.py")


@dataclass(frozen=True, slots=True)
class SolutionFailure:
    question_id: str
    field: tuple[str | int, ...]  # path inside the question, e.g. ("answer", "tests", 3)
    message: str


def check_batches(batches: Sequence[Sequence[Question]]) -> list[list[SolutionFailure]]:
    """Failures per batch (same order). Batches with no code questions start no process."""
    workers = max(1, min(len(batches), os.cpu_count() or 2))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(check_solutions, batches))


def check_solutions(questions: Sequence[Question]) -> list[SolutionFailure]:
    code = [q for q in questions if isinstance(q.answer, CodeAnswer)]
    if not code:
        return []
    jobs = [_job(q) for q in code]
    budget = 5.0 + sum(
        (q.answer.limits.time_seconds + 0.5) * len(job["cases"]) for q, job in zip(code, jobs, strict=True)
    )
    try:
        proc = subprocess.run(
            [sys.executable, "-I", str(_RUNNER)],
            input=json.dumps(jobs, default=str),
            capture_output=True,
            text=True,
            timeout=budget,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return [
            SolutionFailure(q.id, ("answer", "solution"), f"checking the solution took over {budget:.0f} s")
            for q in code
        ]
    try:
        results = json.loads(proc.stdout)
    except json.JSONDecodeError:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return [
            SolutionFailure(q.id, ("answer", "solution"), f"the solution checker crashed: {tail}")
            for q in code
        ]
    failures: list[SolutionFailure] = []
    for question, result in zip(code, results, strict=True):
        failures.extend(_failures(question, result))
    return failures


def _job(question: Question) -> dict[str, object]:
    answer = question.answer
    assert isinstance(answer, CodeAnswer)
    return {
        "qid": question.id,
        "solution": answer.solution,
        "function": answer.function,
        "time_seconds": answer.limits.time_seconds,
        "cases": [{"id": c.id, "args": c.args} for c in [*answer.examples, *answer.tests]],
    }


def _failures(question: Question, result: dict) -> list[SolutionFailure]:
    answer = question.answer
    assert isinstance(answer, CodeAnswer)
    if result["error"]:
        return [SolutionFailure(question.id, ("answer", "solution"), result["error"])]
    where: list[tuple[str, int, CodeCase]] = [
        *(("examples", i, c) for i, c in enumerate(answer.examples)),
        *(("tests", i, c) for i, c in enumerate(answer.tests)),
    ]
    limit = answer.limits.time_seconds
    out = []
    for (group, index, case), outcome in zip(where, result["cases"], strict=True):
        path = ("answer", group, index)
        prefix = f"reference solution fails {group[:-1]} '{case.id}'"
        if "error" in outcome:
            out.append(SolutionFailure(question.id, path, f"{prefix}: it {outcome['error']}"))
        elif outcome["seconds"] > limit:
            out.append(
                SolutionFailure(
                    question.id, path, f"{prefix}: took {outcome['seconds']:.2f} s, limit is {limit:g} s"
                )
            )
        elif not outputs_match(case.expected, outcome["value"], answer.compare, answer.tolerance):
            out.append(
                SolutionFailure(
                    question.id,
                    path,
                    f"{prefix}: expected {case.expected!r}, got {outcome['value']!r} (compare: {answer.compare})",
                )
            )
    return out
