"""Text views of a question and of bank statistics for the `mockloop bank` commands."""

from __future__ import annotations

from collections import Counter
from typing import Any

from bot.core.bank import QuestionBank
from bot.core.models import RoundType
from bot.core.questions import (
    ChoiceAnswer,
    CodeAnswer,
    DesignAnswer,
    NumericAnswer,
    OpenAnswer,
    Question,
    StarAnswer,
)


def member_view(question: Question) -> list[str]:
    """What a member sees when the question is asked."""
    q = question
    minutes = f", {q.time_limit_minutes} min" if q.time_limit_minutes else ""
    lines = [
        f"{q.title}",
        f"{q.round_type.label} · {q.topic} · {q.difficulty.value}{minutes}",
        "",
        q.prompt.rstrip(),
    ]
    answer = q.answer
    if isinstance(answer, ChoiceAnswer):
        lines += ["", *[f"  ({o.key}) {o.text}" for o in answer.options]]
    if isinstance(answer, CodeAnswer):
        lines += ["", "Starter code:", *_indent(answer.starter)]
        lines += ["", "Examples:"]
        lines += [f"  {answer.function}({_args(c.args)}) -> {c.expected!r}" for c in answer.examples]
    return lines


def reviewer_view(question: Question) -> list[tuple[str, list[str]]]:
    """Sections only an author or reviewer sees: rubric, hints, follow-ups, reference, answer kind."""
    q = question
    total = q.total_weight
    rubric = [
        f"  [{k.weight:g}/{total:g}] {k.id}: {k.point}  (phrases: {', '.join(k.phrases)})" for k in q.rubric
    ]
    sections = [
        ("Rubric", rubric),
        ("Hints", [f"  {i}. {h}" for i, h in enumerate(q.hints, 1)] or ["  (none)"]),
        ("Follow-ups", [f"  - {f.prompt}" for f in q.follow_ups] or ["  (none)"]),
        ("Reference answer", _indent(q.reference_answer)),
        (f"Answer: {q.answer.kind}", answer_details(q)),
    ]
    if q.tags:
        sections.append(("Tags", ["  " + ", ".join(q.tags)]))
    return sections


def answer_details(question: Question) -> list[str]:
    a = question.answer
    if isinstance(a, NumericAnswer):
        tol = [
            f"abs ±{a.abs_tolerance:g}" if a.abs_tolerance is not None else "",
            f"rel ±{a.rel_tolerance:g}" if a.rel_tolerance is not None else "",
        ]
        out = [
            f"  value {a.value:g} {a.unit or ''}".rstrip(),
            f"  tolerance: {' '.join(t for t in tol if t)}",
        ]
        if a.percent_equivalent:
            out.append("  a percentage like 16% counts as 0.16")
        return out + [f"  assumes: {x}" for x in a.assumptions]
    if isinstance(a, ChoiceAnswer):
        out = [f"  correct: {', '.join(a.correct)}"]
        return out + ([f"  why: {a.explanation}"] if a.explanation else [])
    if isinstance(a, CodeAnswer):
        return [
            f"  {a.signature}",
            f"  compare: {a.compare} (tolerance {a.tolerance:g}), limits: {a.limits.time_seconds:g} s, {a.limits.memory_mb} MB",
            f"  {len(a.examples)} examples, {len(a.tests)} hidden tests: {', '.join(c.id for c in a.tests)}",
            "  reference solution:",
            *_indent(a.solution, 4),
        ]
    if isinstance(a, StarAnswer):
        m = a.must_show
        out = [
            f"  situation: {m.situation}",
            f"  task: {m.task}",
            f"  action: {m.action}",
            f"  result: {m.result}",
        ]
        out.append(f"  quantified result expected: {'yes' if a.quantified_result else 'no'}")
        return out + [f"  red flag: {r}" for r in a.red_flags]
    if isinstance(a, DesignAnswer):
        out = [f"  phases: {', '.join(a.phases)}"]
        return out + ([f"  scale: {a.scale}"] if a.scale else [])
    assert isinstance(a, OpenAnswer)
    return ["  free-form answer scored against the rubric"]


def _indent(text: str, spaces: int = 2) -> list[str]:
    return [" " * spaces + line for line in text.rstrip().splitlines()]


def _args(args: list[Any]) -> str:
    return ", ".join(repr(a) for a in args)


def bank_stats(bank: QuestionBank) -> dict[str, Any]:
    """{round_type: {total, topics, difficulty, answer_kind}, ..., "totals": {...}}."""
    out: dict[str, Any] = {}
    for round_type in RoundType:
        questions = bank.filter(round_type=round_type)
        out[round_type.value] = {
            "total": len(questions),
            "topics": dict(sorted(Counter(q.topic for q in questions).items())),
            "difficulty": _by_difficulty(questions),
            "answer_kind": dict(sorted(Counter(q.answer.kind for q in questions).items())),
        }
    everything = list(bank)
    out["totals"] = {
        "questions": len(everything),
        "topics": len({(q.round_type, q.topic) for q in everything}),
        "difficulty": _by_difficulty(everything),
        "answer_kind": dict(sorted(Counter(q.answer.kind for q in everything).items())),
    }
    return out


def _by_difficulty(questions: list[Question]) -> dict[str, int]:
    counts = Counter(q.difficulty.value for q in questions)
    return {d: counts.get(d, 0) for d in ("easy", "medium", "hard")}


def stats_lines(stats: dict[str, Any]) -> list[str]:
    lines = []
    for round_type in RoundType:
        s = stats[round_type.value]
        lines.append(
            f"{round_type.label}: {s['total']} questions  {_counts(s['difficulty'])}  kinds: {_counts(s['answer_kind'])}"
        )
        lines += [f"  {topic:<24} {n:>4}" for topic, n in s["topics"].items()]
    t = stats["totals"]
    lines.append(
        f"Total: {t['questions']} questions in {t['topics']} topics  {_counts(t['difficulty'])}  kinds: {_counts(t['answer_kind'])}"
    )
    return lines


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counts.items()) or "-"
