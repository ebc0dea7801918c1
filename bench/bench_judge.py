"""Benchmark: turnaround of a 10-test submission through the code judge, beside bare python3.

    .venv/bin/python bench/bench_judge.py [--runs 40] [--burst 20]

Turnaround is one `judge()` call of a correct 10-test submission on the local bubblewrap
runner (sandbox start, harness, every test, verdicts), median and p99. The baseline, timed in
the same run, is a bare `python3 -I -S -c` of the same solution calling the function on the
same 10 inputs (no sandbox). Throughput: `--burst` submissions handed to a runner with 2
slots at once, submissions per second until the last verdict. The runner's self-test runs
once before timing and is not counted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import machine_line, summary
from bot.core.questions import Question
from bot.judge.bwrap import BwrapRunner
from bot.judge.judge import judge

SOLUTION = """
def solve(xs):
    best = cur = xs[0]
    for x in xs[1:]:
        cur = max(x, cur + x)
        best = max(best, cur)
    return best
"""


def kadane(xs: list[int]) -> int:
    best = cur = xs[0]
    for x in xs[1:]:
        cur = max(x, cur + x)
        best = max(best, cur)
    return best


def make_question() -> Question:
    inputs = [[((i * 37 + j * 11) % 41) - 20 for j in range(200 + i * 50)] for i in range(10)]
    cases = [{"id": f"t-{i}", "args": [xs], "expected": kadane(xs)} for i, xs in enumerate(inputs)]
    return Question.model_validate(
        {
            "id": "bench-max-subarray",
            "round_type": "coding",
            "topic": "arrays",
            "title": "Benchmark question",
            "difficulty": "easy",
            "prompt": "Largest sum of a contiguous run.",
            "rubric": [{"id": "works", "point": "It works", "phrases": ["works"]}],
            "reference_answer": "Kadane.",
            "answer": {
                "kind": "code",
                "function": "solve",
                "signature": "def solve(xs)",
                "starter": "def solve(xs):\n    ...\n",
                "examples": [{**c, "id": "ex-" + c["id"]} for c in cases[:2]],
                "tests": cases,
                "limits": {"time_seconds": 2.0, "memory_mb": 256},
                "solution": SOLUTION,
            },
        }
    )


def bare_run(question: Question) -> float:
    inputs = [case.args for case in question.answer.tests]
    program = SOLUTION + f"\nimport json\nfor args in json.loads({json.dumps(json.dumps(inputs))}):\n    solve(*args)\n"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-I", "-S", "-c", program], check=True)
    return time.perf_counter() - started


async def sandbox_run(question: Question, runner: BwrapRunner) -> float:
    started = time.perf_counter()
    report = await judge(question, SOLUTION, "tests", runner)
    elapsed = time.perf_counter() - started
    assert report.passed == report.total == 10, report.to_table()
    return elapsed


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--burst", type=int, default=20)
    args = parser.parse_args()
    print(machine_line())
    question = make_question()
    runner = BwrapRunner(max_concurrent=2)
    check = await runner.self_test()
    if not check.ok:
        raise SystemExit(f"the sandbox self-test failed: {check.reasons}")
    await sandbox_run(question, runner)  # warm the page cache
    bare_run(question)
    judged, bare = [], []
    for _ in range(args.runs):  # interleaved, so both see the same machine load
        judged.append(await sandbox_run(question, runner))
        bare.append(bare_run(question))
    started = time.perf_counter()
    await asyncio.gather(*(sandbox_run(question, runner) for _ in range(args.burst)))
    burst_seconds = time.perf_counter() - started

    print(f"\n10-test submission, {args.runs} runs each (seconds)")
    print(f"{'what':<34} {'median':>8} {'p95':>8} {'p99':>8} {'max':>8}")
    for name, samples in (("judged (bwrap sandbox)", judged), ("bare python3 (same code)", bare)):
        med, p95, p99, top = summary(samples)
        print(f"{name:<34} {med:8.3f} {p95:8.3f} {p99:8.3f} {top:8.3f}")
    ratio = summary(judged)[0] / summary(bare)[0]
    print(f"median judged / median bare: {ratio:.1f}x")
    print(
        f"\nthroughput, 2 slots: {args.burst} submissions in {burst_seconds:.2f} s = "
        f"{args.burst / burst_seconds:.1f} submissions/s"
    )


if __name__ == "__main__":
    asyncio.run(main())
