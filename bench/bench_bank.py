"""Benchmark: load and validate 10,000 generated questions.

    .venv/bin/python bench/bench_bank.py [--questions 10000] [--runs 5]

Times `load_bank` in a fresh interpreter per run, as a start-up is: without running reference
solutions (target: under 1 s for 10k) on every core and in one process, with solutions, and as
the bot's first start (solutions, cache written) and later ones (from the cache). Prints a table
with machine info and PyYAML's own `yaml.load` as the floor.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

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
        "    misconceptions:\n      - id: wrong-one\n        claim: The first point is false\n"
        "        correction: It holds.\n        phrases: [\"first is false\"]\n        penalty: 0.3\n"
        "      - id: wrong-two\n        claim: The second point never matters\n        correction: It does.\n"
        "        phrases: [\"second never matters\"]\n        patterns: ['never\\s+matters']\n"
        "    follow_ups:\n      - prompt: What about the first point?\n        probes: [one]\n"
        "        key_points:\n          - {id: f1, point: Follow-up point, phrases: [\"follow\"]}\n"
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


# Each run is a fresh interpreter, as a start of the bot or of `mockloop bank validate` is: no
# warm heap, no imports left from the run before. The time is taken inside, imports excluded.
_RUN = """
import sys, time, json
from pathlib import Path
from bot.bank.loader import load_bank
root, solutions, cache, workers = sys.argv[1], sys.argv[2] == "1", sys.argv[3], int(sys.argv[4])
t0 = time.perf_counter()
result = load_bank([Path(root)], run_solutions=solutions, cache_dir=Path(cache) if cache else None,
                   workers=workers or None, keep_for_life=True)  # as the bot loads its bank
elapsed = time.perf_counter() - t0
print(json.dumps([elapsed, len(result.bank), [str(e) for e in result.errors[:1]]]))
"""
_YAML_ONLY = """
import sys, time, yaml
from pathlib import Path
texts = [p.read_text() for p in sorted(Path(sys.argv[1]).glob("*.yaml"))]
t0 = time.perf_counter()
for text in texts:
    yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
print(time.perf_counter() - t0)
"""
# The steps of a load without solutions, each over the whole bank in one process (CPU seconds):
# what the parallel mode splits (reading YAML, in the workers and here) and what it adds.
_STEPS = """
import gc, marshal, sys, time, json
from pathlib import Path
from bot.bank import loader, yaml_source
gc.disable()
files = sorted(Path(sys.argv[1]).glob("*.yaml"))
texts = [p.read_text() for p in files]
steps = {}
def step(label, fn):
    t0 = time.process_time()
    out = fn()
    steps[label] = time.process_time() - t0
    return out
step("read YAML, node tree way", lambda: [yaml_source._parse_with_nodes(t) for t in texts])
values = step("read YAML (plain values)", lambda: [yaml_source.plain_values(t) for t in texts])
blobs = step("marshal (worker)", lambda: [marshal.dumps(v) for v in values])
values = step("unmarshal (parent)", lambda: [marshal.loads(b) for b in blobs])
docs = [yaml_source.document_from_values(t, *v) for t, v in zip(texts, values)]
step("check (pydantic etc.)", lambda: [loader._check_document(d, str(f)) for d, f in zip(docs, files)])
print(json.dumps(steps))
"""
REPO = Path(__file__).resolve().parent.parent


def fresh_process(code: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=REPO, capture_output=True, text=True, check=True
    )
    return done.stdout.strip().splitlines()[-1]


def timed(
    root: Path, run_solutions: bool, cache_dir: Path | None = None, workers: int = 0
) -> tuple[float, int]:
    """Seconds for load_bank in a fresh process; workers 0 = the default (one per core for a big bank)."""
    out = fresh_process(_RUN, str(root), "1" if run_solutions else "0", str(cache_dir or ""), str(workers))
    elapsed, loaded, errors = json.loads(out)
    if errors:
        raise SystemExit(f"generated bank has errors, first: {errors[0]}")
    return elapsed, loaded


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
    print(f"load average at start: {load_average()} (a shared host: figures grow with it)")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        bank_dir = root / "bank"
        bank_dir.mkdir()
        write_bank(bank_dir, args.questions)
        root = bank_dir
        rows = []
        for label, solutions, workers, runs in (
            ("load+validate", False, 0, args.runs),
            ("  one process", False, 1, args.runs),
            ("+ run solutions", True, 0, 1),
        ):
            times = []
            for _ in range(runs):
                elapsed, loaded = timed(root, solutions, workers=workers)
                times.append(elapsed)
            rows.append((label, loaded, runs, statistics.median(times), p95(times), max(times)))
        # What the bot does at start: everything checked (solutions too), cached by content hash.
        cold = []
        for i in range(args.runs):
            elapsed, loaded = timed(root, True, Path(tmp) / f"cache-cold-{i}")
            cold.append(elapsed)
        rows.append(("cache cold (+sol.)", loaded, len(cold), statistics.median(cold), p95(cold), max(cold)))
        warm_dir = Path(tmp) / "cache-warm"
        timed(root, True, warm_dir)  # fill it
        warm = []
        for _ in range(args.runs):
            elapsed, loaded = timed(root, True, warm_dir)
            warm.append(elapsed)
        rows.append(("cache warm (+sol.)", loaded, len(warm), statistics.median(warm), p95(warm), max(warm)))
        # The floor for any PyYAML-based loader: parsing alone (one process), no lines, no validation.
        times = [float(fresh_process(_YAML_ONLY, str(root))) for _ in range(args.runs)]
        rows.append(
            ("yaml.load only", args.questions, args.runs, statistics.median(times), p95(times), max(times))
        )
        steps = [json.loads(fresh_process(_STEPS, str(root))) for _ in range(args.runs)]
    print(f"load average at end: {load_average()}")
    print(f"{'mode':<18}{'questions':>10}{'runs':>6}{'median s':>10}{'p95 s':>8}{'max s':>8}")
    for label, loaded, runs, med, p, mx in rows:
        print(f"{label:<18}{loaded:>10}{runs:>6}{med:>10.3f}{p:>8.3f}{mx:>8.3f}")
    for label, *_rest, med, _p, _mx in [rows[0], *rows[3:5]]:
        print(f"{label}: {'meets' if med < 1.0 else 'MISSES'} the 1 s target for {args.questions} questions")
    print(f"steps of load+validate, each over all {args.questions} questions in one process (CPU s, median):")
    for label in steps[0]:
        print(f"  {label:<28}{statistics.median(s[label] for s in steps):>8.3f}")


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


if __name__ == "__main__":
    main()
