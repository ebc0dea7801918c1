"""Small question builders so the scoring tests do not depend on the bank files."""

from __future__ import annotations

from typing import Any

from bot.core.questions import Question

PPV_RUBRIC: list[dict[str, Any]] = [
    {
        "id": "bayes",
        "point": "Applies Bayes' rule to get P(condition | positive)",
        "weight": 3,
        "phrases": ["bayes rule", "posterior", "natural frequencies", "out of 10,000"],
        "patterns": [r"p\(\s*(d|disease|condition)\s*\|\s*(\+|pos)"],
    },
    {
        "id": "false-positives",
        "point": "False positives from the healthy majority dominate",
        "weight": 3,
        "phrases": ["false positives", "healthy people test positive"],
    },
    {
        "id": "base-rate",
        "point": "Names the base rate as the reason",
        "weight": 2,
        "phrases": ["base rate", "prevalence", "rare condition"],
    },
    {
        "id": "next-step",
        "point": "Recommends a confirmatory test",
        "weight": 2,
        "phrases": ["confirmatory test", "second test", "retest"],
    },
]


def make_question(
    answer: dict[str, Any], rubric: list[dict[str, Any]] | None = None, **extra: Any
) -> Question:
    fields: dict[str, Any] = {
        "id": "test-question",
        "round_type": "ml_theory",
        "topic": "probability",
        "title": "A test question",
        "difficulty": "medium",
        "prompt": "Answer the question.",
        "rubric": rubric or PPV_RUBRIC,
        "reference_answer": "A reference answer.",
        "answer": answer,
    }
    fields.update(extra)
    return Question(**fields)


def numeric_question(value: float = 0.161, **spec: Any) -> Question:
    answer = {"kind": "numeric", "value": value, **spec}
    answer.setdefault("rel_tolerance", 0.07)
    answer.setdefault("percent_equivalent", True)
    return make_question(answer)
