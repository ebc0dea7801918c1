"""The main answer is scored once per round: the follow-up plan's score at Done is reused by the
result, which is exactly what scoring everything afresh gives; a new process (after a restart)
scores it again, the same way."""

from __future__ import annotations

import random
from typing import Any

import pytest

from bot.core.bank import QuestionBank
from bot.core.clock import FakeClock
from bot.core.scoring import scorer
from bot.service import InterviewService, Member
from tests.conftest import make_question
from tests.core.test_follow_up_plan import FOLLOW_UPS
from tests.test_service_follow_ups import MISSES_VARIANCE

FOLLOW_UP_ANSWER = "The fit changes a lot from one sample to the next."


@pytest.fixture
def bank() -> QuestionBank:
    return QuestionBank([make_question("ml-test-probe", follow_ups=FOLLOW_UPS)])


@pytest.fixture
def main_scorings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every main-answer scoring (the expensive part), by the answer it scored."""
    seen: list[str] = []
    real = scorer._score_main

    def counted(question: Any, answer: str, verdicts: Any = None) -> Any:
        seen.append(answer)
        return real(question, answer, verdicts)

    monkeypatch.setattr(scorer, "_score_main", counted)
    return seen


async def test_a_rubric_round_scores_its_main_answer_once_and_the_result_is_a_fresh_scorings(
    db_path: str, bank: QuestionBank, clock: FakeClock, alice: Member, main_scorings: list[str]
) -> None:
    service = await InterviewService.open(db_path, bank, clock, random.Random(1))
    try:
        await service.start_round(alice, "ml_theory")
        await service.add_answer(alice, MISSES_VARIANCE, source="test")
        await service.finish(alice)  # the plan scores the main answer to pick the first follow-up
        view = await service.require_open_round(alice)
        assert view.question is service.question_of(view.round)  # the reordered question, built once
        await service.add_answer(alice, FOLLOW_UP_ANSWER, source="test")
        await service.finish(alice)
        ack = await service.finish(alice)
        assert ack.result is not None
        assert main_scorings == [MISSES_VARIANCE]

        fresh = scorer.score_answer(view.question, MISSES_VARIANCE, [FOLLOW_UP_ANSWER, None, None])
        assert main_scorings == [MISSES_VARIANCE, MISSES_VARIANCE]
        shown = {k: v for k, v in ack.result.breakdown.items() if k != "award"}
        assert ack.result.score == fresh.score and shown == fresh.to_dict()
    finally:
        await service.close()


async def test_after_a_restart_the_result_scores_the_main_answer_itself(
    db_path: str, bank: QuestionBank, clock: FakeClock, alice: Member, main_scorings: list[str]
) -> None:
    first = await InterviewService.open(db_path, bank, clock, random.Random(1))
    await first.start_round(alice, "ml_theory")
    await first.add_answer(alice, MISSES_VARIANCE, source="test")
    await first.finish(alice)
    planned = await first.require_open_round(alice)
    await first.close()

    second = await InterviewService.open(db_path, bank, clock, random.Random(1))
    try:
        for _ in range(3):
            ack = await second.finish(alice)
        assert ack.result is not None
        assert main_scorings == [MISSES_VARIANCE, MISSES_VARIANCE]  # nothing kept across processes
        fresh = scorer.score_answer(planned.question, MISSES_VARIANCE, [None, None, None])
        assert ack.result.score == fresh.score
    finally:
        await second.close()
