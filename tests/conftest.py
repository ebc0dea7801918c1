"""Shared fixtures: a small synthetic bank, a fake clock and a service on a temporary database."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.core.bank import QuestionBank
from bot.core.clock import FakeClock
from bot.core.questions import Question
from bot.service import InterviewService, Member


def make_question(
    qid: str, round_type: str = "ml_theory", topic: str = "probability", **extra: object
) -> Question:
    data: dict[str, object] = {
        "id": qid,
        "round_type": round_type,
        "topic": topic,
        "title": f"Question {qid}",
        "difficulty": "medium",
        "prompt": "Explain the bias-variance trade-off and how regularisation changes it.",
        "hints": ["Think about model complexity.", "What does a penalty on weights do?"],
        "follow_ups": ["How would you pick the penalty strength?", "What changes with more data?"],
        "rubric": [
            {
                "id": "bias",
                "point": "Defines bias",
                "weight": 2,
                "phrases": ["bias is the error from wrong assumptions"],
            },
            {
                "id": "variance",
                "point": "Defines variance",
                "weight": 2,
                "phrases": ["variance is sensitivity to the training set"],
            },
            {
                "id": "reg",
                "point": "Regularisation lowers variance",
                "weight": 1,
                "phrases": ["regularisation reduces variance"],
            },
        ],
        "reference_answer": "Bias is the error from wrong assumptions; variance is sensitivity to the training set.",
        "answer": {"kind": "open"},
    }
    data.update(extra)
    return Question.model_validate(data)


@pytest.fixture
def bank() -> QuestionBank:
    questions = [make_question(f"ml-test-{i}") for i in range(3)]
    questions.append(make_question("code-test-0", round_type="coding", topic="arrays", follow_ups=[]))
    questions.append(make_question("beh-test-0", round_type="behavioral", topic="impact", hints=[]))
    return QuestionBank(questions)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    return str(tmp_path / "data" / "mockloop.db")


@pytest.fixture
async def service(db_path: str, bank: QuestionBank, clock: FakeClock) -> AsyncIterator[InterviewService]:
    svc = await InterviewService.open(db_path, bank, clock, random.Random(7))
    yield svc
    await svc.close()


@pytest.fixture
def alice() -> Member:
    return Member(guild_id=10, user_id=1001, name="alice")
