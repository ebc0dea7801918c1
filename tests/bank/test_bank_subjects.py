"""The bundled bank covers the subjects of a 2026 ML engineer loop (issue 14), read from tags.

A member who asks for a round on one of these subjects must find more than one or two
questions, and the bank as a whole must be big enough to run every round type without repeats
for weeks: at least 400 questions, at least 70 per round type.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

import pytest

from bot.cli.score import all_questions
from bot.core.models import RoundType
from bot.core.questions import Question

MIN_PER_SUBJECT = 3
MIN_QUESTIONS = 400
MIN_PER_ROUND_TYPE = 70

# The subjects issue 14 asks for, as the tag each question on the subject carries.
ISSUE_14_SUBJECTS = [
    "llm",
    "genai-evaluation",
    "distributed-training",
    "ml-implementation",
    "causal-inference",
    "classical-ml",
    "vector-search",
    "cold-start",
    "bandits",
    "privacy",
    "labelling",
    "forecasting",
    "probability-basics",
    "sequence-models",
    "model-launch",
    "saying-no",
    "incident",
    "mentoring",
    "cross-functional",
]


@cache
def bank() -> tuple[Question, ...]:
    return tuple(all_questions())


@cache
def tag_counts() -> Counter[str]:
    return Counter(tag for q in bank() for tag in set(q.tags))


@pytest.mark.parametrize("subject", ISSUE_14_SUBJECTS)
def test_each_subject_has_at_least_three_questions(subject: str) -> None:
    have = tag_counts()[subject]
    ids = sorted(q.id for q in bank() if subject in q.tags)
    assert have >= MIN_PER_SUBJECT, f"tag {subject!r}: {have} question(s) {ids}, need {MIN_PER_SUBJECT}"


def test_bank_holds_at_least_400_questions() -> None:
    ids = [q.id for q in bank()]
    assert len(set(ids)) == len(ids), "question ids must be unique"
    assert len(ids) >= MIN_QUESTIONS


@pytest.mark.parametrize("round_type", list(RoundType), ids=str)
def test_each_round_type_has_at_least_70_questions(round_type: RoundType) -> None:
    count = sum(1 for q in bank() if q.round_type == round_type)
    assert count >= MIN_PER_ROUND_TYPE, f"{round_type}: {count} questions, need {MIN_PER_ROUND_TYPE}"


def test_every_seed_topic_has_at_least_three_questions() -> None:
    """Every topic a member can ask for (/mock start topic:, --topic) offers a choice of three."""
    per_topic = Counter((q.round_type, q.topic) for q in bank())
    thin = sorted(f"{rt.value}/{topic}: {n}" for (rt, topic), n in per_topic.items() if n < MIN_PER_SUBJECT)
    assert thin == []
