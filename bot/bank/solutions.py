"""Check that each `code` question's reference solution passes its own examples and tests.

Solutions run in separate Python processes (one per core), so a crash, an endless loop or a
stray `sys.exit` in bank content cannot take the validator down.
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
from typing import Any

from bot.bank.generated import (
    REFERENCE_MAX_SECONDS,
    generated_inputs,
    generated_problem,
    total_output_problem,
)
from bot.bank.solution_runner import WALL_FACTOR
from bot.core.compare import outputs_match
from bot.core.questions import CodeAnswer, CodeCase, Question

_RUNNER = Path(__file__).with_name("solution_runner.py")


@dataclass(frozen=True, slots=True)
class SolutionFailure:
    question_id: str
    field: tuple[str | int, ...]  # path inside the question, e.g. ("answer", "tests", 3)
    message: str


def check_batches(batches: Sequence[Sequence[Question]]) -> list[list[SolutionFailure]]:
    """Failures per batch (a bank file's questions), in the same order.

    Starting an interpreter was most of the cost with one process per file, so the code questions
    of all batches share one checker process per core. If such a process crashes or overruns its
    budget, each of its batches is checked again in a process of its own, so the blame lands on
    the right file's questions."""
    with_code = [i for i, batch in enumerate(batches) if any(isinstance(q.answer, CodeAnswer) for q in batch)]
    results: list[list[SolutionFailure]] = [[] for _ in batches]
    if not with_code:
        return results
    workers = max(1, min(len(with_code), os.cpu_count() or 2))
    groups = [with_code[k::workers] for k in range(workers)]

    def check_group(group: list[int]) -> None:
        if len(group) > 1:
            owned = [(i, q) for i in group for q in batches[i] if isinstance(q.answer, CodeAnswer)]
            outcome = run_checker([q for _, q in owned])
            if not isinstance(outcome, str):
                for (i, question), result in zip(owned, outcome, strict=True):
                    results[i].extend(_failures(question, result))
                return
        for i in group:
            results[i] = check_solutions(batches[i])

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(check_group, groups))
    return results


def check_solutions(questions: Sequence[Question]) -> list[SolutionFailure]:
    code = [q for q in questions if isinstance(q.answer, CodeAnswer)]
    if not code:
        return []
    outcome = run_checker(code)
    if isinstance(outcome, str):
        return [SolutionFailure(q.id, ("answer", "solution"), outcome) for q in code]
    return _all_failures(code, outcome)


def run_checker(code: list[Question]) -> list[dict] | str:
    """The checker's result per question, or why there is none (it crashed or overran)."""
    return run_jobs([_job(q) for q in code])


def run_jobs(jobs: list[dict[str, Any]]) -> list[dict] | str:
    """Run reference-solution jobs in one child process: its results, or why there are none.

    The child stops each case itself (a CPU deadline, and WALL_FACTOR times it on the wall
    clock), so the budget here only catches a child that hangs outside any case. It allows each
    case its full wall backstop: on a busy host a 0.1 s reference with a big input (copying and
    decoding 200,000 operations) took 7 s of wall time, and a tighter budget threw away results
    that were correct."""
    budget = 5.0 + sum(
        WALL_FACTOR * (float(case.get("time_seconds", job["time_seconds"])) + 0.5)
        for job in jobs
        for case in job["cases"]
    )
    try:
        proc = subprocess.run(
            [sys.executable, "-I", str(_RUNNER), str(os.getpid())],  # it exits when we die
            input=json.dumps(jobs, default=str),
            capture_output=True,
            text=True,
            timeout=budget,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"checking the solution took over {budget:.0f} s"
    try:
        results = json.loads(proc.stdout)
    except json.JSONDecodeError:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return f"the solution checker crashed: {tail}"
    return results  # type: ignore[no-any-return]


def _all_failures(code: list[Question], results: list[dict]) -> list[SolutionFailure]:
    failures: list[SolutionFailure] = []
    for question, result in zip(code, results, strict=True):
        failures.extend(_failures(question, result))
    return failures


def _job(question: Question) -> dict[str, Any]:
    answer = question.answer
    assert isinstance(answer, CodeAnswer)
    cases: list[dict[str, Any]] = [{"id": c.id, "args": c.args} for c in [*answer.examples, *answer.tests]]
    for made in generated_inputs(answer):
        if made.problem:  # the runner hands it back as this case's outcome
            cases.append({"id": made.id, "skipped": made.problem})
        else:
            cases.append({"id": made.id, "args": made.args, "time_seconds": REFERENCE_MAX_SECONDS})
    return {
        "qid": question.id,
        "solution": answer.solution,
        "function": answer.function,
        "time_seconds": answer.limits.time_seconds,
        "cases": cases,
    }


def _failures(question: Question, result: dict) -> list[SolutionFailure]:
    answer = question.answer
    assert isinstance(answer, CodeAnswer)
    if result["error"]:
        return [SolutionFailure(question.id, ("answer", "solution"), result["error"])]
    outcomes = {o["id"]: o for o in result["cases"]}
    where: list[tuple[str, int, CodeCase]] = [
        *(("examples", i, c) for i, c in enumerate(answer.examples)),
        *(("tests", i, c) for i, c in enumerate(answer.tests)),
    ]
    limit = answer.limits.time_seconds
    out = []
    for group, index, case in where:
        outcome = outcomes[case.id]
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
    for index, spec in enumerate(answer.generate):
        problem = generated_problem(outcomes[spec.id])
        if problem:
            out.append(
                SolutionFailure(question.id, ("answer", "generate", index), f"generated case '{spec.id}': {problem}")
            )
    total = total_output_problem([outcomes[spec.id] for spec in answer.generate])
    if total:
        out.append(SolutionFailure(question.id, ("answer", "generate"), total))
    return out
