"""Probing follow-ups: the first one asked digs into the weakest key point, and every answer is
graded the same way as the main one (by the rubric, or by a configured model, checked)."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator

import pytest

from bot.core.bank import QuestionBank
from bot.core.clock import FakeClock
from bot.llm.client import ChatModel
from bot.model_grading import ModelGrader
from bot.service import InterviewService, Member
from tests.conftest import make_question
from tests.core.test_follow_up_plan import FOLLOW_UPS
from tests.openai_stub.server import StubModel, reply

MISSES_VARIANCE = "Bias is the error from wrong assumptions in the model. Regularisation reduces variance."
MODEL_QUESTION = "Suppose you refit it on a fresh sample of the data: what would you expect to see?"


@pytest.fixture
def bank() -> QuestionBank:
    return QuestionBank([make_question("ml-test-probe", follow_ups=FOLLOW_UPS)])


async def test_the_first_follow_up_probes_the_missed_point_and_the_order_survives_a_restart(
    db_path: str, bank: QuestionBank, clock: FakeClock, alice: Member
) -> None:
    first = await InterviewService.open(db_path, bank, clock, random.Random(1))
    await first.start_round(alice, "ml_theory")
    await first.add_answer(alice, MISSES_VARIANCE, source="test")
    ack = await first.finish(alice)
    assert ack.next_follow_up == "What happens when you train the same model on another sample?"
    await first.close()

    second = await InterviewService.open(db_path, bank, clock, random.Random(1))
    try:
        view = await second.require_open_round(alice)
        assert view.question.follow_ups[0].prompt == ack.next_follow_up  # the plan is stored
        ack = await second.add_answer(alice, "The fit changes a lot from one sample to the next.", source="test")
        assert ack.next_follow_up == FOLLOW_UPS[0]["prompt"]  # then the rest, in bank order
        await second.finish(alice)
        ack = await second.finish(alice)
        assert ack.result is not None
        follow_ups = ack.result.breakdown["follow_ups"]
        assert [f["prompt"] for f in follow_ups] == [
            FOLLOW_UPS[2]["prompt"], FOLLOW_UPS[0]["prompt"], FOLLOW_UPS[1]["prompt"]
        ]  # fmt: skip
        assert follow_ups[0]["score"] == 100 and follow_ups[0]["points"][0]["grader"] == "rubric"
        assert [f["status"] for f in follow_ups] == ["answered", "skipped", "skipped"]
    finally:
        await second.close()


@pytest.fixture
async def stub() -> AsyncIterator[StubModel]:
    main = {
        "key_points": [
            {"id": "bias", "verdict": "made", "quote": "Bias is the error from wrong assumptions"},
            {"id": "variance", "verdict": "missed", "quote": ""},
            {"id": "reg", "verdict": "made", "quote": "Regularisation reduces variance"},
        ],
        "misconceptions": [],
        "follow_up": MODEL_QUESTION,
    }
    follow_up = {
        "key_points": [{"id": "variance", "verdict": "made", "quote": "the fit would move a lot, that is its variance"}],
        "misconceptions": [],
        "follow_up": "",
    }
    async with StubModel([reply(main), reply(follow_up)]) as server:
        yield server


async def model_service(db_path: str, bank: QuestionBank, clock: FakeClock, stub: StubModel) -> InterviewService:
    plain = await InterviewService.open(db_path, bank, clock, random.Random(1), timer_scope="terminal")
    chat = ChatModel(stub.base_url, "stub-model", api_key=None, timeout=5.0, max_concurrency=2)
    return InterviewService(plain.db, bank, clock, random.Random(1), "terminal", ModelGrader(chat, plain.db, clock))


async def test_the_model_asks_its_own_probing_question_and_grades_the_answer_to_it(
    db_path: str, bank: QuestionBank, clock: FakeClock, alice: Member, stub: StubModel
) -> None:
    service = await model_service(db_path, bank, clock, stub)
    try:
        await service.start_round(alice, "ml_theory", front_end="terminal")
        await service.add_answer(alice, MISSES_VARIANCE, source="test")
        ack = await service.finish(alice)
        assert ack.next_follow_up == MODEL_QUESTION
        assert len(ack.round.follow_up_plan.order) == 3 and ack.round.follow_ups_total == 3
        await service.add_answer(alice, "Between samples the fit would move a lot, that is its variance.", source="test")
        await service.finish(alice)
        ack = await service.finish(alice)
        assert ack.result is not None
        first = ack.result.breakdown["follow_ups"][0]
        assert first["prompt"] == MODEL_QUESTION
        assert [(p["id"], p["hit"], p["grader"]) for p in first["points"]] == [("variance", True, "llm")]
        assert ack.result.breakdown["grader"] == "llm"
        # the main answer was graded once, at Done (the result reused it); one call for the answer
        # to the follow-up; skipped follow-ups cost nothing
        assert len(stub.requests) == 2 and stub.rejected == []
        assert "Follow-up question: " + MODEL_QUESTION in stub.requests[1]["messages"][1]["content"]
    finally:
        await service.grader.close()
        await service.close()


async def test_a_model_question_that_gives_the_rubric_away_is_not_asked(
    db_path: str, bank: QuestionBank, clock: FakeClock, alice: Member
) -> None:
    leaky = {
        "key_points": [
            {"id": "bias", "verdict": "made", "quote": "Bias is the error from wrong assumptions"},
            {"id": "variance", "verdict": "missed", "quote": ""},
            {"id": "reg", "verdict": "made", "quote": "Regularisation reduces variance"},
        ],
        "misconceptions": [],
        "follow_up": "Would you agree that variance is sensitivity to the training set?",
    }
    async with StubModel([reply(leaky)]) as stub:
        service = await model_service(db_path, bank, clock, stub)
        try:
            await service.start_round(alice, "ml_theory", front_end="terminal")
            await service.add_answer(alice, MISSES_VARIANCE, source="test")
            ack = await service.finish(alice)
            assert ack.next_follow_up == "What happens when you train the same model on another sample?"
        finally:
            await service.grader.close()
            await service.close()
