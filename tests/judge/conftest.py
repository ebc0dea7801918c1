"""Shared helpers: a small coding question built in code, and a real bubblewrap runner."""

from __future__ import annotations

from typing import Any

import pytest

from bot.core.questions import Question
from bot.judge.bwrap import BwrapRunner


def make_question(
    *,
    function: str = "solve",
    examples: list[tuple[list[Any], Any]],
    tests: list[tuple[list[Any], Any]] | None = None,
    compare: str = "exact",
    tolerance: float = 1e-6,
    time_seconds: float = 1.0,
    memory_mb: int = 64,
) -> Question:
    """A coding question; hidden tests default to eight copies of the first example."""
    hidden = tests or [examples[0]] * 8
    answer = {
        "kind": "code",
        "function": function,
        "signature": f"def {function}(x)",
        "starter": f"def {function}(x):\n    ...\n",
        "examples": [{"id": f"ex-{i}", "args": a, "expected": e} for i, (a, e) in enumerate(examples)],
        "tests": [{"id": f"t-{i}", "args": a, "expected": e} for i, (a, e) in enumerate(hidden)],
        "compare": compare,
        "tolerance": tolerance,
        "limits": {"time_seconds": time_seconds, "memory_mb": memory_mb},
        "solution": "pass",
    }
    return Question.model_validate(
        {
            "id": "code-test-question",
            "round_type": "coding",
            "topic": "arrays",
            "title": "A test question",
            "difficulty": "easy",
            "prompt": "Solve it.",
            "rubric": [{"id": "works", "point": "It works", "phrases": ["works"]}],
            "reference_answer": "It works.",
            "answer": answer,
        }
    )


@pytest.fixture
async def runner() -> BwrapRunner:
    sandbox = BwrapRunner(max_concurrent=2)
    check = await sandbox.self_test()
    assert check.ok, (
        f"the sandbox self-test must pass for these tests (apt-get install bubblewrap): {check.reasons}"
    )
    return sandbox


@pytest.fixture
def question():
    """Factory fixture: `question(examples=[...], ...)` builds a coding question."""
    return make_question
