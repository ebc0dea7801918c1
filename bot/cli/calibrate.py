"""`mockloop calibrate [FILE] [--json]`: score a labelled answer set and report how well the
scores follow the labels.

FILE is a YAML file or a folder of them (default: the frozen blind set in
tests/calibration/blind/). Each file lists

    - question: <bank question id>
      answers:
        - {kind: strong|terse|partial|fluent_wrong|stuffed|off_topic, grade: 0-100, text: "..."}

Reported: mean score per kind; pairwise ordering accuracy over the orderings below (a tie is
not an ordering); Spearman's rank correlation of scores against grades; false passes
(fluent_wrong, stuffed or off_topic scoring >= 60) and false fails (strong or terse < 50).
Coding answers are scored like a round: the rubric part, then, where the code judge (bwrap) is
available, the hidden tests of the code found in the answer (70% tests, 30% rubric); an answer
with no code passes none. `--no-judge`, or a machine without the sandbox, scores the rubric part
alone, and the report says which was done.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.cli.score import find_question
from bot.core.code_extract import extract_code
from bot.core.errors import MockloopError
from bot.core.questions import CodeAnswer, Question
from bot.core.scoring import combine_with_tests, score_answer

KINDS = ("strong", "terse", "partial", "fluent_wrong", "stuffed", "off_topic")
ORDERINGS = (
    ("strong", "partial"),
    ("partial", "fluent_wrong"),
    ("strong", "fluent_wrong"),
    ("strong", "stuffed"),
    ("strong", "off_topic"),
    ("terse", "partial"),
    ("partial", "off_topic"),
)
WRONG_KINDS = ("fluent_wrong", "stuffed", "off_topic")
RIGHT_KINDS = ("strong", "terse")
PASS_MARK = 60.0
FAIL_MARK = 50.0
DEFAULT_SET = Path(__file__).resolve().parents[2] / "tests" / "calibration" / "blind"


@dataclass
class ScoredAnswer:
    question: str
    round_type: str
    kind: str
    grade: float
    score: float


@dataclass
class Report:
    answers: int
    questions: int
    mean_by_kind: dict[str, float]
    pairwise: float
    pairwise_by_ordering: dict[str, float]
    spearman: float
    fluent_wrong_below_partial: float  # share of questions
    false_passes: float
    false_fails: float
    false_pass_items: list[str] = field(default_factory=list)
    false_fail_items: list[str] = field(default_factory=list)
    misordered: list[str] = field(default_factory=list)
    unknown_questions: list[str] = field(default_factory=list)
    by_round_type: dict[str, dict[str, float]] = field(default_factory=dict)
    code_judged: str = "no coding answers"  # how coding answers were scored
    grader: str = "rubric"  # who decided the key points: the rubric, or the configured model
    model_fallbacks: list[str] = field(default_factory=list)  # answers the model did not grade, and why


def load_set(path: Path) -> list[tuple[str, dict[str, Any]]]:
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    entries = []
    for file in files:
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or []
        for entry in data:
            entries.append((file.stem, entry))
    return entries


def _ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(xs: list[float], ys: list[float]) -> float:
    """Spearman's rho (Pearson on average ranks, so ties are handled)."""
    if len(xs) < 2:
        return 0.0
    rx, ry = _ranks(xs), _ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx) ** 0.5
    vy = sum((b - my) ** 2 for b in ry) ** 0.5
    return cov / (vx * vy) if vx and vy else 0.0


async def _run_tests(jobs: list[tuple[Question, str]]) -> tuple[list[tuple[int, int, int]] | None, str]:
    """(passed, total, wrong values) of the hidden tests per job, or None with the reason the judge is off."""
    from bot.judge.disabled import DisabledRunner
    from bot.judge.engine import prepare_runner
    from bot.judge.judge import judge

    runner = await prepare_runner("bwrap", max_concurrent=2)
    if isinstance(runner, DisabledRunner):
        return None, runner.reason

    async def one(question: Question, text: str) -> tuple[int, int, int]:
        assert isinstance(question.answer, CodeAnswer)
        code = extract_code(text)
        if code is None:
            return 0, len(question.answer.tests), 0
        report = await judge(question, code, "tests", runner)
        if report.disabled_reason is not None:
            raise RuntimeError(report.disabled_reason)
        return report.passed, report.total, report.wrong

    try:
        return list(await asyncio.gather(*(one(q, t) for q, t in jobs))), "hidden tests run"
    except RuntimeError as exc:
        return None, str(exc)


def score_set(
    entries: list[tuple[str, dict[str, Any]]],
    *,
    run_code: bool = True,
    gradings: dict[tuple[str, str], Any] | None = None,
) -> tuple[list[ScoredAnswer], list[str], str]:
    """Scores every answer; `gradings` ((question id, text) -> ModelGrading) lets a model decide
    the key points of the answers it graded (see `model_gradings`)."""
    scored, unknown = [], []
    jobs: list[tuple[int, Question, str]] = []
    for round_type, entry in entries:
        question = find_question(str(entry["question"]))
        if question is None:
            unknown.append(str(entry["question"]))
            continue
        for answer in entry.get("answers", []):
            text = str(answer["text"])
            grading = (gradings or {}).get((question.id, text))
            result = score_answer(question, text, verdicts=grading.reply if grading else None)
            if isinstance(question.answer, CodeAnswer):
                jobs.append((len(scored), question, text))
            scored.append(
                ScoredAnswer(question.id, round_type, answer["kind"], float(answer["grade"]), result.score)
            )
    how = "no coding answers"
    if jobs:
        how = "rubric part only (--no-judge)"
        if run_code:
            tests, how = asyncio.run(_run_tests([(q, t) for _, q, t in jobs]))
            if tests is None:
                how = f"rubric part only: {how}"
            else:
                how = "rubric 30% + hidden tests 70% (bwrap judge)"
                for (at, question, text), (passed, total, wrong) in zip(jobs, tests, strict=True):
                    combined = combine_with_tests(score_answer(question, text), passed, total, wrong)
                    scored[at].score = combined.score
    return scored, unknown, how


def _share(hits: int, total: int) -> float:
    return hits / total if total else 0.0


def build_report(scored: list[ScoredAnswer], unknown: list[str] | None = None) -> Report:
    by_question: dict[str, dict[str, ScoredAnswer]] = {}
    for s in scored:
        by_question.setdefault(s.question, {})[s.kind] = s
    mean_by_kind = {}
    for kind in KINDS:
        values = [s.score for s in scored if s.kind == kind]
        if values:
            mean_by_kind[kind] = round(sum(values) / len(values), 1)
    agreed = total = 0
    per_ordering: dict[str, list[int]] = {}
    misordered = []
    fw_below = fw_total = 0
    for qid, kinds in by_question.items():
        for better, worse in ORDERINGS:
            if better in kinds and worse in kinds:
                ok = kinds[better].score > kinds[worse].score
                total += 1
                agreed += ok
                tally = per_ordering.setdefault(f"{better} > {worse}", [0, 0])
                tally[0] += ok
                tally[1] += 1
                if not ok:
                    misordered.append(
                        f"{qid}: {better} {kinds[better].score:.0f} <= {worse} {kinds[worse].score:.0f}"
                    )
        if "fluent_wrong" in kinds and "partial" in kinds:
            fw_total += 1
            fw_below += kinds["fluent_wrong"].score < kinds["partial"].score
    wrong = [s for s in scored if s.kind in WRONG_KINDS]
    right = [s for s in scored if s.kind in RIGHT_KINDS]
    passes = [s for s in wrong if s.score >= PASS_MARK]
    fails = [s for s in right if s.score < FAIL_MARK]
    by_round: dict[str, dict[str, float]] = {}
    for round_type in sorted({s.round_type for s in scored}):
        subset = [s for s in scored if s.round_type == round_type]
        by_round[round_type] = {
            "spearman": round(spearman([s.score for s in subset], [s.grade for s in subset]), 3),
            **{k: round(sum(s.score for s in subset if s.kind == k) / max(1, sum(s.kind == k for s in subset)), 1)
               for k in KINDS},
        }  # fmt: skip
    return Report(
        answers=len(scored),
        questions=len(by_question),
        mean_by_kind=mean_by_kind,
        pairwise=round(_share(agreed, total), 3),
        pairwise_by_ordering={k: round(_share(a, n), 3) for k, (a, n) in per_ordering.items()},
        spearman=round(spearman([s.score for s in scored], [s.grade for s in scored]), 3),
        fluent_wrong_below_partial=round(_share(fw_below, fw_total), 3),
        false_passes=round(_share(len(passes), len(wrong)), 3),
        false_fails=round(_share(len(fails), len(right)), 3),
        false_pass_items=[f"{s.question} {s.kind} {s.score:.0f}" for s in passes],
        false_fail_items=[f"{s.question} {s.kind} {s.score:.0f}" for s in fails],
        misordered=misordered,
        unknown_questions=unknown or [],
        by_round_type=by_round,
    )


class NoModel(Exception):
    """`--grader llm` without MOCKLOOP_LLM_BASE_URL / MOCKLOOP_LLM_MODEL."""


def model_gradings(entries: list[tuple[str, dict[str, Any]]]) -> dict[tuple[str, str], Any]:
    """Every answer of the set graded once by the configured model (at its concurrency limit)."""
    from bot.model_grading import chat_model, grade_once
    from bot.settings import load_settings

    chat = chat_model(load_settings())
    if chat is None:
        raise NoModel
    jobs = []
    for _, entry in entries:
        question = find_question(str(entry["question"]))
        if question is not None:
            jobs.extend((question, str(a["text"])) for a in entry.get("answers", []))

    async def grade_all() -> list[Any]:
        try:
            return list(await asyncio.gather(*(grade_once(chat, q, t) for q, t in jobs)))
        finally:
            await chat.close()

    return {(q.id, t): g for (q, t), g in zip(jobs, asyncio.run(grade_all()), strict=True)}


def calibrate(path: Path, *, run_code: bool = True, grader: str = "rubric") -> Report:
    entries = load_set(path)
    gradings = model_gradings(entries) if grader == "llm" else None
    scored, unknown, how = score_set(entries, run_code=run_code, gradings=gradings)
    report = build_report(scored, unknown)
    report.code_judged = how
    report.grader = grader
    if gradings is not None:
        report.model_fallbacks = sorted(
            f"{qid}: {g.fallback}" for (qid, _), g in gradings.items() if g.reply is None and g.fallback
        )
    return report


def _print_plain(report: Report, path: Path) -> None:
    print(f"Calibration of {path}: {report.answers} answers to {report.questions} questions")
    print(f"Coding answers: {report.code_judged}")
    if report.grader == "llm":
        print(f"Key points decided by the configured model; {len(report.model_fallbacks)} answers fell back to the rubric")
        for item in report.model_fallbacks[:10]:
            print(f"  {item}")
    print("Mean score per kind:")
    for kind, value in report.mean_by_kind.items():
        print(f"  {kind:<13} {value:5.1f}")
    print(f"Pairwise ordering accuracy: {report.pairwise:.1%}")
    for name, value in report.pairwise_by_ordering.items():
        print(f"  {name:<26} {value:.1%}")
    print(f"Fluent-wrong below partial: {report.fluent_wrong_below_partial:.1%} of questions")
    print(f"Spearman vs grades:         {report.spearman:.3f}")
    print(f"False passes (wrong, stuffed or off-topic >= {PASS_MARK:.0f}): {report.false_passes:.1%}")
    for item in report.false_pass_items:
        print(f"  {item}")
    print(f"False fails (strong or terse < {FAIL_MARK:.0f}): {report.false_fails:.1%}")
    for item in report.false_fail_items:
        print(f"  {item}")
    if report.by_round_type:
        print("By round type (Spearman; mean per kind):")
        for round_type, row in report.by_round_type.items():
            means = " ".join(f"{k}={row[k]:.0f}" for k in KINDS)
            print(f"  {round_type:<14} rho={row['spearman']:.2f} {means}")
    if report.misordered:
        print(f"Misordered ({len(report.misordered)}):")
        for item in report.misordered:
            print(f"  {item}")
    if report.unknown_questions:
        print(f"Unknown question ids (skipped): {', '.join(report.unknown_questions)}")


def run(args: argparse.Namespace) -> int:
    path = Path(args.file) if args.file else DEFAULT_SET
    if not path.exists():
        print(f"No such calibration file or folder: {path}", file=sys.stderr)
        return 1
    try:
        report = calibrate(path, run_code=not args.no_judge, grader=args.grader)
    except NoModel:
        from bot.model_grading import NO_MODEL

        print(NO_MODEL, file=sys.stderr)
        return 2
    except MockloopError as exc:
        print(f"Cannot load the question bank: {exc}", file=sys.stderr)
        return 1
    except (yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        print(f"Cannot read the calibration set {path}: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(asdict(report), indent=2))
    else:
        _print_plain(report, path)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "calibrate", help="score a labelled answer set and report agreement", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    parser.add_argument("file", metavar="FILE", nargs="?", help="YAML file or folder (default: the blind set)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--no-judge", action="store_true", help="score coding answers on the rubric part only")
    parser.add_argument(
        "--grader", choices=("rubric", "llm"), default="rubric",
        help="who decides the key points: the built-in rubric (default) or the configured model",
    )  # fmt: skip
    parser.set_defaults(func=run)
