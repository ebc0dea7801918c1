"""Study-group fixtures: a bank with multiple-choice questions, a StudyService, and round helpers."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.core.bank import QuestionBank
from bot.core.clock import FakeClock
from bot.core.questions import Question
from bot.service import InterviewService, Member, RoundResult
from bot.study import StudyService
from tests.conftest import make_question

GOOD = (
    "Bias is the error from wrong assumptions in the model. Variance is sensitivity to the training set. "
    "Regularisation reduces variance at the cost of a little bias."
)
HALF = "Bias is the error from wrong assumptions in the model."
MONDAY_2026_01_05 = 1_767_571_200.0  # 2026-01-05T00:00:00Z, a Monday


def choice_question(qid: str, correct: str = "b") -> Question:
    return make_question(
        qid,
        answer={
            "kind": "choice",
            "options": [
                {"key": "a", "text": "Variance goes up"},
                {"key": "b", "text": "Variance goes down"},
                {"key": "c", "text": "Nothing changes"},
            ],
            "correct": [correct],
            "explanation": "A penalty on the weights makes the model less sensitive to the sample.",
        },
    )


@pytest.fixture
def bank() -> QuestionBank:
    questions = [make_question(f"ml-test-{i}") for i in range(6)]
    questions.append(make_question("code-test-0", round_type="coding", topic="arrays", follow_ups=[]))
    questions.append(make_question("beh-test-0", round_type="behavioral", topic="impact", hints=[]))
    questions += [choice_question("daily-choice-0"), choice_question("daily-choice-1", correct="a")]
    return QuestionBank(questions)


@pytest.fixture
def study(service: InterviewService) -> StudyService:
    return StudyService(service)


@dataclass
class Player:
    """Drives whole rounds through the service as one member."""

    service: InterviewService
    clock: FakeClock
    member: Member

    async def round(
        self,
        text: str = GOOD,
        round_type: str = "ml_theory",
        minutes_used: float = 10,
        topic: str | None = None,
    ) -> RoundResult:
        await self.service.start_round(self.member, round_type, topic=topic)
        await self.service.add_answer(self.member, text, source="test")
        self.clock.advance(minutes_used * 60)
        while True:
            ack = await self.service.finish(self.member)
            if ack.result is not None:
                return ack.result

    async def abandon(self, round_type: str = "ml_theory") -> None:
        await self.service.start_round(self.member, round_type)
        await self.service.add_answer(self.member, GOOD, source="test")
        await self.service.give_up(self.member)


@pytest.fixture
def player(service: InterviewService, clock: FakeClock):
    def make(user_id: int, name: str = "", guild_id: int = 10) -> Player:
        return Player(service, clock, Member(guild_id, user_id, name or f"user{user_id}"))

    return make
