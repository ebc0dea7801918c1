"""Scoring one answer: rubric coverage plus the checks its answer kind calls for.

How the 0-100 score is made, per answer kind:
- open:    rubric coverage (weighted share of key points hit).
- numeric: 60% for a correct number, 40% rubric coverage (the working and the interpretation).
- star:    50% rubric, 50% structure (situation, task, action, result 10% each; quantified result
           5% when the question asks for it; speaking for yourself with "I" 5%).
- design:  60% rubric, 40% design dimensions covered; a design with no numbers loses 15% of its score.
- code:    rubric coverage of the explanation; `combine_with_tests` then weighs tests 70 / rubric 30.
- choice:  see `score_choice` (text answers such as "a, c" are read as option keys).
Keyword stuffing halves the final score, whatever the kind.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.core.questions import (
    ChoiceAnswer,
    CodeAnswer,
    DesignAnswer,
    NumericAnswer,
    Question,
    StarAnswer,
)
from bot.core.scoring.design import DIMENSION_LABELS, analyse_design
from bot.core.scoring.numbers import judge_numeric
from bot.core.scoring.results import DesignReport, KeyPointResult, ScoreResult, StarReport
from bot.core.scoring.rubric import rubric_coverage
from bot.core.scoring.star import analyse_star
from bot.core.scoring.stuffing import looks_stuffed

NUMERIC_SHARE = 0.60
STAR_STRUCTURE_SHARE = 0.50
DESIGN_DIMENSION_SHARE = 0.40
DESIGN_NO_NUMBERS_FACTOR = 0.85
STUFFING_FACTOR = 0.5
TESTS_SHARE = 0.70


RUBRIC_ONLY_NOTE = "This is the rubric part only: no code was run against the hidden tests."


def _clamp(score: float) -> float:
    return round(min(max(score, 0.0), 100.0), 1)


def _rubric_feedback(points: list[KeyPointResult]) -> list[str]:
    total = sum(p.weight for p in points) or 1.0
    hit = [p for p in points if p.hit]
    lines = [
        f"Covered {len(hit)} of {len(points)} key points "
        f"({sum(p.weight for p in hit) / total:.0%} of the rubric weight)."
    ]
    for p in sorted((p for p in points if not p.hit), key=lambda p: -p.weight):
        lines.append(f"Missed: {p.point} (worth {p.weight / total:.0%} of the rubric).")
    return lines


def _star_structure(report: StarReport, spec: StarAnswer) -> float:
    share = 0.10 * sum((report.situation, report.task, report.action, report.result))
    if spec.quantified_result:
        share += 0.05 * report.quantified_result + 0.05 * report.uses_i
    else:
        share += 0.10 * report.uses_i
    return share / STAR_STRUCTURE_SHARE  # 0..1


def _star_feedback(report: StarReport, spec: StarAnswer) -> list[str]:
    lines = []
    parts = [p for p in ("situation", "task", "action", "result") if not getattr(report, p)]
    if parts:
        lines.append(f"Your story has no clear {', '.join(parts)}; STAR answers need all four parts.")
    if report.result and not report.quantified_result and spec.quantified_result:
        lines.append("Put a number on the result (%, time saved, money, users) so its size is clear.")
    if not report.uses_i:
        lines.append('Say what *you* did ("I decided...", "I built..."), not only what "we" did.')
    return lines


def _design_feedback(report: DesignReport) -> list[str]:
    lines = []
    if report.missing:
        names = ", ".join(DIMENSION_LABELS.get(d, d) for d in report.missing)
        lines.append(f"Not discussed: {names}.")
    if not report.has_numbers:
        lines.append(
            "The design has no numbers: estimate traffic, data size and a latency budget "
            f"(the score was reduced by {1 - DESIGN_NO_NUMBERS_FACTOR:.0%})."
        )
    return lines


def _choice_keys(question: Question, answer: str) -> list[str]:
    assert isinstance(question.answer, ChoiceAnswer)
    keys = {o.key for o in question.answer.options}
    return [k for k in re.findall(r"\b([a-z])\b", answer.lower()) if k in keys]


def score_answer(question: Question, answer: str) -> ScoreResult:
    """Score a typed answer to `question` (0-100) with a breakdown and feedback."""
    spec = question.answer
    if isinstance(spec, ChoiceAnswer):
        return score_choice(question, _choice_keys(question, answer))
    if not answer.strip():
        points = [KeyPointResult(k.id, k.point, k.weight, False, None) for k in question.rubric]
        return ScoreResult(score=0.0, points=points, feedback=["No answer was given."])

    coverage = rubric_coverage(question.rubric, answer)
    feedback = _rubric_feedback(coverage.points)
    numeric = star = design = None
    score = 100 * coverage.share

    if isinstance(spec, NumericAnswer):
        numeric = judge_numeric(spec, answer)
        score = 100 * (NUMERIC_SHARE * numeric.correct + (1 - NUMERIC_SHARE) * coverage.share)
        feedback.insert(0, ("Correct number: " if numeric.correct else "Number: ") + numeric.explanation)
        feedback.append(
            f"Score: {100 * NUMERIC_SHARE * numeric.correct:.0f}/{100 * NUMERIC_SHARE:.0f} for the number, "
            f"{100 * (1 - NUMERIC_SHARE) * coverage.share:.0f}/{100 * (1 - NUMERIC_SHARE):.0f} for the explanation."
        )
    elif isinstance(spec, StarAnswer):
        star = analyse_star(answer)
        structure = _star_structure(star, spec)
        score = 100 * (STAR_STRUCTURE_SHARE * structure + (1 - STAR_STRUCTURE_SHARE) * coverage.share)
        feedback.extend(_star_feedback(star, spec))
        feedback.append(
            f"Score: {100 * STAR_STRUCTURE_SHARE * structure:.0f}/{100 * STAR_STRUCTURE_SHARE:.0f} for the STAR "
            f"structure, {100 * (1 - STAR_STRUCTURE_SHARE) * coverage.share:.0f}/"
            f"{100 * (1 - STAR_STRUCTURE_SHARE):.0f} for the key points."
        )
    elif isinstance(spec, DesignAnswer):
        design = analyse_design(spec, answer)
        dims = sum(design.covered.values()) / len(design.covered)
        score = 100 * (DESIGN_DIMENSION_SHARE * dims + (1 - DESIGN_DIMENSION_SHARE) * coverage.share)
        if not design.has_numbers:
            score *= DESIGN_NO_NUMBERS_FACTOR
        feedback.extend(_design_feedback(design))
        feedback.append(
            f"Score: {100 * DESIGN_DIMENSION_SHARE * dims:.0f}/{100 * DESIGN_DIMENSION_SHARE:.0f} for the "
            f"design dimensions, {100 * (1 - DESIGN_DIMENSION_SHARE) * coverage.share:.0f}/"
            f"{100 * (1 - DESIGN_DIMENSION_SHARE):.0f} for the key points."
        )
    elif isinstance(spec, CodeAnswer):
        feedback.append(RUBRIC_ONLY_NOTE)

    phrases = [p for k in question.rubric for p in k.phrases]
    stuffing = looks_stuffed(answer, phrases)
    if stuffing:
        score *= STUFFING_FACTOR
        feedback.append(
            "This reads like a list of keywords rather than an explanation, so the score was halved; "
            "say how the ideas connect and why."
        )
    return ScoreResult(
        score=_clamp(score),
        points=coverage.points,
        numeric=numeric,
        star=star,
        design=design,
        stuffing=stuffing,
        feedback=feedback,
    )


def combine_with_tests(result: ScoreResult, passed: int, total: int) -> ScoreResult:
    """Blend hidden-test results (70%) with the rubric score (30%) for a coding answer."""
    if total <= 0:
        return result
    passed = min(max(passed, 0), total)
    score = TESTS_SHARE * 100 * passed / total + (1 - TESTS_SHARE) * result.score
    line = f"Tests: {passed}/{total} passed (70% of the score); rubric {result.score:.0f}/100 (30%)."
    rest = [f for f in result.feedback if f != RUBRIC_ONLY_NOTE]
    return replace(result, score=_clamp(score), feedback=[line, *rest])


def score_choice(question: Question, selected_keys: list[str]) -> ScoreResult:
    """Exact selection scores 100; for several correct options each right pick earns a share and
    each wrong pick takes one away (never below 0)."""
    spec = question.answer
    if not isinstance(spec, ChoiceAnswer):
        raise TypeError(f"question {question.id} is not a multiple-choice question")
    correct, chosen = set(spec.correct), set(selected_keys)
    right, wrong = len(chosen & correct), len(chosen - correct)
    exact = chosen == correct
    score = 100.0 if exact else max(0.0, 100 * (right - wrong) / len(correct))
    labels = {o.key: o.text for o in spec.options}
    feedback = []
    if exact:
        feedback.append("Correct.")
    else:
        wanted = ", ".join(f"{k}) {labels[k]}" for k in spec.correct)
        picked = ", ".join(sorted(chosen)) or "nothing"
        feedback.append(f"You chose {picked}; the correct answer is {wanted}.")
    if spec.explanation:
        feedback.append(spec.explanation)
    points = [KeyPointResult(k.id, k.point, k.weight, exact, None) for k in question.rubric]
    return ScoreResult(score=_clamp(score), points=points, feedback=feedback)
