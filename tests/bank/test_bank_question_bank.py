from __future__ import annotations

import pytest

from bot.bank.loader import parse_bank_text
from bot.core.bank import QuestionBank
from bot.core.errors import UnknownQuestion
from tests.bank.bank_text import bank_file, open_question


@pytest.fixture
def bank() -> QuestionBank:
    prob, _ = parse_bank_text(
        bank_file(open_question("prob-bayes", "easy"), open_question("prob-priors", "hard")), "a.yaml"
    )
    evals, _ = parse_bank_text(bank_file(open_question("eval-auc", "easy"), topic="evaluation"), "b.yaml")
    star, _ = parse_bank_text(
        bank_file(open_question("beh-conflict"), round_type="behavioral", topic="conflict"), "c.yaml"
    )
    return QuestionBank([*prob, *evals, *star])


def test_get_and_contains(bank: QuestionBank) -> None:
    assert bank.get("eval-auc").topic == "evaluation"
    assert "prob-bayes" in bank and "prob-nothing" not in bank
    assert len(bank) == 4


def test_unknown_id_suggests_close_ids(bank: QuestionBank) -> None:
    with pytest.raises(UnknownQuestion) as info:
        bank.get("prob-bayse")
    assert str(info.value) == "There is no question with id 'prob-bayse'. Did you mean 'prob-bayes'?"
    with pytest.raises(UnknownQuestion, match=r"^There is no question with id 'zzzzzz'\.$"):
        bank.get("zzzzzz")


def test_filter_and_topics(bank: QuestionBank) -> None:
    assert [q.id for q in bank.filter(round_type="ml_theory", difficulty="easy")] == [
        "prob-bayes",
        "eval-auc",
    ]
    assert [q.id for q in bank.filter(topic="probability", difficulty="hard")] == ["prob-priors"]
    assert bank.topics() == ["conflict", "evaluation", "probability"]
    assert bank.topics(round_type="behavioral") == ["conflict"]


def test_with_extra_adds_guild_questions_without_replacing_bundled(bank: QuestionBank) -> None:
    extra, _ = parse_bank_text(
        bank_file(open_question("guild-own"), open_question("eval-auc", "hard")), "g.yaml"
    )
    mixed = bank.with_extra(extra)
    assert len(mixed) == 5 and "guild-own" in mixed
    assert mixed.get("eval-auc").topic == "evaluation"  # the bundled one
    assert "guild-own" not in bank  # the original is unchanged
