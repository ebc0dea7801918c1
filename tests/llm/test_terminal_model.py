"""`mockloop practice` with a configured model: the model decides the key points (checked), and a
model that fails leaves the rubric grading with a line saying so."""

from __future__ import annotations

from pathlib import Path

from tests.llm.test_score_cli import ANSWER, KEY, QUESTION, VERDICTS, mockloop, model_env
from tests.openai_stub.server import StubModel, reply, status

STDIN = ANSWER + "\n.\nIt rises to about 68%.\n.\nRetest the positives.\n.\n\n"


async def test_practice_is_graded_by_the_model_with_checked_verdicts(tmp_path: Path) -> None:
    async with StubModel([reply(VERDICTS)]) as stub:
        env = {**model_env(stub.base_url, tmp_path), "COLUMNS": "160"}
        code, out, err = await mockloop(
            "practice", "--round", "ml_theory", "--question", QUESTION, env=env, stdin=STDIN
        )
    assert code == 0, err
    assert "graded by stub-model" in out and "the model's verdict" in out
    # one call for the main answer (made at Done, reused by the result), one per answered follow-up
    assert len(stub.requests) == 3 and stub.rejected == []
    assert all("Follow-up question: " in r["messages"][1]["content"] for r in stub.requests[1:])
    assert KEY not in out + err


async def test_practice_falls_back_to_the_rubric_when_the_model_fails(tmp_path: Path) -> None:
    async with StubModel([status(500)]) as stub:
        env = {**model_env(stub.base_url, tmp_path), "COLUMNS": "160"}
        code, out, err = await mockloop(
            "practice", "--round", "ml_theory", "--question", QUESTION, env=env, stdin=STDIN
        )
    assert code == 0, err
    assert "Graded by the rubric: the model's server failed (HTTP 500)." in out
