"""Builders for small, valid bank files used by the bank tests."""

from __future__ import annotations


def open_question(qid: str, difficulty: str | None = "easy", extra: str = "") -> str:
    lines = [
        f"  - id: {qid}",
        f"    title: Question {qid}",
        *([f"    difficulty: {difficulty}"] if difficulty else []),
        "    prompt: Explain something.",
        "    rubric:",
        "      - id: point",
        "        point: Makes the point",
        '        phrases: ["the point"]',
        "    reference_answer: The point.",
        "    answer:",
        "      kind: open",
    ]
    return "\n".join(lines) + "\n" + extra


def bank_file(
    *questions: str, round_type: str = "ml_theory", topic: str = "probability", header: str = ""
) -> str:
    return f"schema_version: 1\nround_type: {round_type}\ntopic: {topic}\n{header}questions:\n" + "".join(
        questions
    )
