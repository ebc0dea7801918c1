"""Benchmark: how much room the generated large inputs leave on either side of the time limit.

    .venv/bin/python bench/bench_generated.py [--cap 40] [QUESTION_ID ...]

For every coding question with `generate:` entries: the reference's time on each generated
case, the time limit it sets, and, for every mutant in tests/bank/mutants/<id>/ that runs out
of time there (the slow algorithm the prompt rules out), how long it really takes, stopped at
`--cap` seconds (default 40 s, 20x the 2 s floor). Each run is a fresh child process, as the
bank checks references (bot/bank/solution_runner.py). Prints a table; the baseline in the same
run is the reference's own time.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot.bank.generated import hidden_suite  # noqa: E402
from bot.bank.loader import load_bank  # noqa: E402
from bot.bank.solutions import run_jobs  # noqa: E402
from bot.core.questions import CodeAnswer, CodeCase  # noqa: E402

MUTANTS = REPO / "tests" / "bank" / "mutants"


def seconds(code: str, function: str, case: CodeCase, cap: float) -> tuple[float, str]:
    job = {
        "qid": "bench",
        "solution": code,
        "function": function,
        "time_seconds": cap,
        "cases": [{"id": case.id, "args": case.args}],
    }
    result = run_jobs([job])
    if isinstance(result, str) or result[0]["error"]:
        return float("nan"), "crashed"
    outcome = result[0]["cases"][0]
    if "error" in outcome:
        return outcome["seconds"], "timeout" if "did not finish" in outcome["error"] else "error"
    return outcome["seconds"], "ok"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cap", type=float, default=40.0)
    parser.add_argument("ids", nargs="*")
    args = parser.parse_args()
    bank = load_bank([REPO / "questions" / "coding"], run_solutions=False).bank
    print(f"{'question':38} {'case':22} {'ref s':>7} {'limit':>6}  {'slow mutant':30} {'mutant s':>9} {'x limit':>8}")
    for question in bank:
        answer = question.answer
        if not isinstance(answer, CodeAnswer) or not answer.generate or (args.ids and question.id not in args.ids):
            continue
        suite = hidden_suite(question)
        limit = suite.limits.time_seconds
        generated = [c for c in suite.cases if c.id in {g.id for g in answer.generate}]
        for case in generated:
            ref, _ = seconds(answer.solution, answer.function, case, 5.0)
            slow = []
            for path in sorted((MUTANTS / question.id).glob("*.py")):
                took, status = seconds(path.read_text(encoding="utf-8"), answer.function, case, limit)
                if status == "timeout":
                    slow.append(path.stem)
            print(f"{question.id:38} {case.id:22} {ref:7.3f} {limit:6.1f}", end="")
            if not slow:
                print("  (no mutant runs out of time on this case)")
                continue
            for i, name in enumerate(slow):
                took, status = seconds((MUTANTS / question.id / f"{name}.py").read_text(), answer.function, case, args.cap)
                shown = f">{args.cap:.0f}" if status == "timeout" else f"{took:.1f}"
                ratio = f">{args.cap / limit:.0f}x" if status == "timeout" else f"{took / limit:.0f}x"
                lead = "" if i == 0 else " " * 76
                print(f"{lead}  {name:30} {shown:>9} {ratio:>8}")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
