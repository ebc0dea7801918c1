"""Benchmark: load and validate 10,000 generated questions.

    .venv/bin/python bench/bench_bank.py [--questions 10000] [--runs 5]

Times `load_bank` without running reference solutions (target: under 1 s for 10k), then once
with solutions (one subprocess per file, files in parallel), and prints a table with machine info.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

from bot.bank.loader import load_bank

KINDS = ("open", "numeric", "choice", "code", "star", "design")
PER_FILE = 100

ANSWERS = {
    "open": "      kind: open\n",
    "numeric": "      kind: numeric\n      value: 0.25\n      rel_tolerance: 0.05\n",
    "choice": (
        '      kind: choice\n      options:\n        - {key: a, text: "first"}\n'
        '        - {key: b, text: "second"}\n      correct: [b]\n'
    ),
    "star": (
        "      kind: star\n      must_show:\n        situation: Context\n        task: Goal\n"
        "        action: Steps\n        result: Outcome\n"
    ),
    "design": "      kind: design\n      phases: [requirements, metrics, model, serving]\n",
    "code": (
        '      kind: code\n      function: add\n      signature: "def add(a: int, b: int) -> int"\n'
        "      starter: |\n        def add(a: int, b: int) -> int:\n            ...\n"
        "      examples:\n        - {id: ex, args: [1, 2], expected: 3}\n      tests:\n"
        + "".join(f"        - {{id: t{i}, args: [{i}, {i}], expected: {2 * i}}}\n" for i in range(8))
        + "      solution: |\n        def add(a: int, b: int) -> int:\n            return a + b\n"
    ),
}

ROUND_FOR_KIND = {"code": "coding", "star": "behavioral", "design": "system_design"}


def question_yaml(n: int, kind: str) -> str:
    return (
        f"  - id: q-{n:05d}\n    title: Generated question {n}\n    difficulty: {('easy', 'medium', 'hard')[n % 3]}\n"
        f"    tags: [gen, k-{kind}]\n    prompt: |\n      Generated prompt number {n} asking about {kind} things.\n"
        "    hints:\n      - A first hint.\n      - A second hint.\n"
        '    rubric:\n      - id: one\n        point: First point\n        weight: 2\n        phrases: ["first", "point one"]\n'
        "      - id: two\n        point: Second point\n        phrases: [\"second\"]\n        patterns: ['sec(ond)?']\n"
        "    reference_answer: A reference answer.\n    answer:\n" + ANSWERS[kind]
    )


def write_bank(root: Path, total: int) -> None:
    n = 0
    file_no = 0
    while n < total:
        kind = KINDS[file_no % len(KINDS)]
        count = min(PER_FILE, total - n)
        body = "".join(question_yaml(n + i, kind) for i in range(count))
        header = (
            f"schema_version: 1\nround_type: {ROUND_FOR_KIND.get(kind, 'ml_theory')}\ntopic: gen-{file_no}\n"
        )
        (root / f"bank_{file_no:03d}.yaml").write_text(header + "questions:\n" + body)
        n += count
        file_no += 1


def timed(root: Path, run_solutions: bool, cache_dir: Path | None = None) -> tuple[float, int]:
    start = time.perf_counter()
    result = load_bank([root], run_solutions=run_solutions, cache_dir=cache_dir)
    elapsed = time.perf_counter() - start
    if result.errors:
        raise SystemExit(f"generated bank has errors, first: {result.errors[0]}")
    return elapsed, len(result.bank)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(
        f"machine: {platform.platform()}, {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs"
    )
    print(f"python {sys.version.split()[0]}, PyYAML {yaml.__version__} (libyaml: {yaml.__with_libyaml__})")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        bank_dir = root / "bank"
        bank_dir.mkdir()
        write_bank(bank_dir, args.questions)
        root = bank_dir
        rows = []
        for label, solutions, runs in (("load+validate", False, args.runs), ("+ run solutions", True, 1)):
            times = []
            for _ in range(runs):
                elapsed, loaded = timed(root, solutions)
                times.append(elapsed)
            rows.append((label, loaded, runs, statistics.median(times), p95(times), max(times)))
        # What the bot does at start: everything checked (solutions too), cached by content hash.
        for label, solutions in (("cache cold (+sol.)", True), ("cache warm (+sol.)", True)):
            cache_dir = Path(tmp) / f"cache-{label.split()[1]}"
            times = []
            if label.startswith("cache cold"):
                for i in range(args.runs if not solutions else 1):
                    elapsed, loaded = timed(root, solutions, cache_dir / str(i))
                    times.append(elapsed)
            else:
                timed(root, solutions, cache_dir)  # fill it
                for _ in range(args.runs):
                    elapsed, loaded = timed(root, solutions, cache_dir)
                    times.append(elapsed)
            rows.append((label, loaded, len(times), statistics.median(times), p95(times), max(times)))
        # The floor for any PyYAML-based loader: parsing alone, no line numbers or validation.
        texts = [p.read_text() for p in sorted(root.glob("*.yaml"))]
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            for text in texts:
                yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
            times.append(time.perf_counter() - start)
        rows.append(
            ("yaml.load only", args.questions, args.runs, statistics.median(times), p95(times), max(times))
        )
    print(f"{'mode':<18}{'questions':>10}{'runs':>6}{'median s':>10}{'p95 s':>8}{'max s':>8}")
    for label, loaded, runs, med, p, mx in rows:
        print(f"{label:<18}{loaded:>10}{runs:>6}{med:>10.3f}{p:>8.3f}{mx:>8.3f}")
    for label, *_rest, med, _p, _mx in rows[:1] + rows[2:4]:
        print(f"{label}: {'meets' if med < 1.0 else 'MISSES'} the 1 s target for {args.questions} questions")


if __name__ == "__main__":
    main()
