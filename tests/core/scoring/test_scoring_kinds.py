"""How each answer kind combines its checks into one score."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.core.scoring import combine_with_tests, score_answer, score_choice
from bot.core.scoring.results import MisconceptionResult, NumericVerdict
from bot.core.scoring.scorer import charged_once
from tests.core.scoring.scoring_helpers import make_question, numeric_question

WORKED = (
    "Out of 10,000 people, 95 sick people and 495 healthy people test positive, so by Bayes rule "
    "P(D|+) = 95/590, about {number}. The false positives dominate because the base rate is 1%, "
    "so I would send positives for a second test."
)


def test_numeric_right_number_beats_wrong_number_with_same_reasoning() -> None:
    question = numeric_question()
    right = score_answer(question, WORKED.format(number="16%"))
    wrong = score_answer(question, WORKED.format(number="61%").replace("95/590", "the ratio"))
    assert right.numeric is not None and right.numeric.correct
    assert wrong.numeric is not None and not wrong.numeric.correct
    assert right.score == 100
    assert wrong.score == pytest.approx(40.0)


def test_numeric_bare_number_gets_the_numeric_share_only() -> None:
    result = score_answer(numeric_question(), "16%")
    assert result.score == pytest.approx(60.0)
    assert "Correct number" in result.feedback[0]


DESIGN_RUBRIC = [
    {
        "id": "two-stage",
        "point": "Candidate generation then ranking",
        "phrases": ["candidate generation", "two stage"],
    },
    {"id": "latency", "point": "Sets a latency budget", "phrases": ["latency budget", "p99"]},
]
DESIGN_SPEC = {"kind": "design", "phases": ["requirements", "data", "model", "serving", "monitoring"]}
DESIGN_FULL = (
    "Requirements: 50 million daily users and about 20k requests per second at peak. "
    "Capacity: 200 million items with 128-float embeddings is roughly 100 GB. "
    "Data: impressions and clicks from logs as labels. "
    "Model: a two stage system, candidate generation with ANN then a GBDT ranker. "
    "Serving: p99 latency budget of 80 ms, 20 ms for retrieval. "
    "Monitoring: alert on feature drift and CTR dips, retrain daily."
)


def _design_question():
    return make_question(DESIGN_SPEC, DESIGN_RUBRIC, round_type="system_design", topic="recsys")


def test_a_wrong_value_and_the_misconception_that_states_it_are_charged_once() -> None:
    """The wrong number already costs the number's share; the misconception stating that very
    value is shown with its correction, not charged again. One stated elsewhere still costs."""
    claims = [
        {
            "id": "base-rate-ignored",
            "claim": "The positive test means about a 95% chance of the condition",
            "correction": "With a 1% base rate, most positives are false: about 16%.",
            "phrases": ["95% chance of having it"],
            "penalty": 0.3,
        },
        {
            "id": "no-second-test",
            "claim": "A confirmatory test adds nothing",
            "correction": "A second, independent test raises the posterior sharply.",
            "phrases": ["second test adds nothing"],
            "penalty": 0.2,
        },
    ]
    question = make_question({"kind": "numeric", "value": 0.161, "rel_tolerance": 0.07}, misconceptions=claims)
    text = "I apply Bayes rule to get the posterior; the false positives dominate. So it is a 95% chance of having it."
    wrong = score_answer(question, text)
    (said,) = wrong.misconceptions
    assert said.id == "base-rate-ignored" and said.penalty == 0.0
    assert wrong.score == pytest.approx(24.0)  # 40% for the explanation's two points, no penalty
    assert (
        "Misconception: The positive test means about a 95% chance of the condition. With a 1% base rate, most"
        " positives are false: about 16%. (the wrong number above already cost its share)"
    ) in wrong.feedback
    both = score_answer(question, text + " A second test adds nothing.")
    assert [m.penalty for m in both.misconceptions] == [0.0, 0.2]
    assert both.score == pytest.approx(wrong.score - 20, abs=0.01)


@pytest.mark.parametrize(
    ("read", "clause", "charged"),
    [
        ("65536", "16 × 4096 = 65,536 parameters per projection", False),  # the value, with its commas
        ("150", "so call it 1,500 per arm to be safe", True),  # 150 is not in 1,500
        ("0.5", "about 0.55 of the traffic", True),
    ],
)
def test_only_the_clause_stating_the_value_read_is_the_same_mistake(read: str, clause: str, charged: bool) -> None:
    claim = MisconceptionResult("m", "a claim", "the truth", 0.3, clause)
    (kept,) = charged_once([claim], NumericVerdict(1.0, [], False, "", None, read))
    assert (kept.penalty == 0.3) is charged

def test_design_reports_dimensions_and_numbers() -> None:
    result = score_answer(_design_question(), DESIGN_FULL)
    assert result.design is not None
    assert result.design.has_numbers
    assert all(result.design.covered.values()), result.design.covered
    assert "capacity" in result.design.covered


def test_design_without_numbers_is_told_and_loses_score() -> None:
    no_numbers = (
        "Requirements: many daily users and heavy traffic at peak. Capacity: lots of storage for embeddings. "
        "Data: impressions and clicks from logs as labels. "
        "Model: a two stage system, candidate generation with ANN then a GBDT ranker. "
        "Serving: a tight p99 latency budget, mostly spent on retrieval. "
        "Monitoring: alert on feature drift and CTR dips, retrain daily."
    )
    with_numbers, without = (
        score_answer(_design_question(), DESIGN_FULL),
        score_answer(_design_question(), no_numbers),
    )
    assert without.design is not None and not without.design.has_numbers
    assert without.score < with_numbers.score
    assert any("no numbers" in line for line in without.feedback)


def test_design_missing_dimensions_are_named() -> None:
    result = score_answer(_design_question(), "I would use a two stage model with candidate generation.")
    assert result.design is not None
    assert not result.design.covered["monitoring"]
    assert any("monitoring and drift" in line for line in result.feedback)


CODE_SPEC = {
    "kind": "code",
    "function": "f",
    "signature": "def f(xs: list[int]) -> int",
    "starter": "def f(xs):\n    ...\n",
    "examples": [{"id": "ex", "args": [[1]], "expected": 1}],
    "tests": [{"id": f"t{i}", "args": [[i]], "expected": i} for i in range(8)],
    "solution": "def f(xs):\n    return xs[0]\n",
}
CODE_RUBRIC = [
    {"id": "empty", "point": "Handles the empty list", "phrases": ["empty list", "if not xs"]},
    {"id": "linear", "point": "Runs in linear time", "phrases": ["linear time", "o(n)"]},
]


def test_code_combines_tests_seventy_rubric_thirty() -> None:
    question = make_question(CODE_SPEC, CODE_RUBRIC, round_type="coding", topic="arrays")
    rubric_only = score_answer(question, "if not xs: return 0  # empty list first")
    assert rubric_only.score == pytest.approx(50.0)
    combined = combine_with_tests(rubric_only, passed=6, total=8)
    assert combined.score == pytest.approx(0.7 * 75 / 2 + 0.3 * 50, abs=0.1)  # a failing test: half the share
    assert combined.feedback[0].startswith("Tests: 6/8 passed")
    assert "at most half their share" in combined.feedback[0]
    assert combine_with_tests(rubric_only, passed=8, total=8).score == pytest.approx(0.7 * 100 + 0.3 * 50)


def test_code_returning_wrong_values_earns_a_quarter_of_the_tests_share_a_slow_one_half() -> None:
    question = make_question(CODE_SPEC, CODE_RUBRIC, round_type="coding", topic="arrays")
    rubric_only = score_answer(question, "if not xs: return 0  # empty list first")
    slow = combine_with_tests(rubric_only, passed=6, total=8)  # two tests too slow or crashing
    wrong = combine_with_tests(rubric_only, passed=6, total=8, wrong=1)
    assert wrong.score == pytest.approx(0.7 * 75 / 4 + 0.3 * 50 * 6 / 8, abs=0.1)
    assert slow.score == pytest.approx(0.7 * 75 / 2 + 0.3 * 50, abs=0.1)  # a slow one keeps its explanation
    assert "1 returned a wrong value" in wrong.feedback[0] and "a quarter" in wrong.feedback[0]
    assert "the explanation counts as far as the code works (50 x 6/8 = 38)" in wrong.feedback[0]
    assert combine_with_tests(rubric_only, passed=8, total=8, wrong=3).score == pytest.approx(85.0)  # all passed


def test_a_fluent_explanation_of_wrong_code_does_not_beat_nearly_right_code() -> None:
    """Two Sum as candidates answered it: a confident, complete explanation of code that returns
    wrong values on 4 of 12 tests, against a thinner one of code wrong on 1 (blind set A's
    fluent-wrong and partial answers: rubric 100 and 71)."""
    question = make_question(CODE_SPEC, CODE_RUBRIC, round_type="coding", topic="arrays")
    fluent = replace(score_answer(question, "x"), score=100.0, main_score=100.0)
    nearly = replace(score_answer(question, "x"), score=71.0, main_score=71.0)
    wrong_code = combine_with_tests(fluent, passed=8, total=12, wrong=4)
    nearly_right = combine_with_tests(nearly, passed=11, total=12, wrong=1)
    assert nearly_right.score > wrong_code.score
    assert wrong_code.score == pytest.approx(0.7 * 100 * 8 / 12 / 4 + 0.3 * 100 * 8 / 12, abs=0.1)


def test_code_with_no_tests_keeps_the_rubric_score() -> None:
    question = make_question(CODE_SPEC, CODE_RUBRIC, round_type="coding", topic="arrays")
    result = score_answer(question, "Linear time, O(n).")
    assert combine_with_tests(result, 0, 0).score == result.score


CHOICE = {
    "kind": "choice",
    "options": [{"key": "a", "text": "L1"}, {"key": "b", "text": "L2"}, {"key": "c", "text": "Dropout"}],
    "correct": ["a", "c"],
    "explanation": "L1 and dropout both add sparsity or noise.",
}


@pytest.mark.parametrize(
    ("keys", "expected"),
    [(["a", "c"], 100.0), (["c", "a"], 100.0), (["a"], 50.0), (["a", "b"], 0.0), (["b"], 0.0), ([], 0.0)],
)
def test_choice_scoring(keys: list[str], expected: float) -> None:
    question = make_question(CHOICE)
    assert score_choice(question, keys).score == expected


def test_choice_feedback_gives_correct_answer_and_explanation() -> None:
    result = score_choice(make_question(CHOICE), ["b"])
    assert "a) L1" in result.feedback[0] and "c) Dropout" in result.feedback[0]
    assert result.feedback[-1].startswith("L1 and dropout")


def test_choice_typed_as_text_is_read_as_keys() -> None:
    result = score_answer(make_question(CHOICE), "a, c")  # both right picks, and no reason: half
    assert [o.key for o in result.options if o.chosen] == ["a", "c"] and result.score == 50.0


def test_score_choice_rejects_non_choice_questions() -> None:
    with pytest.raises(TypeError):
        score_choice(numeric_question(), ["a"])


def test_result_to_dict_is_json_ready() -> None:
    import json

    data = score_answer(numeric_question(), WORKED.format(number="16%")).to_dict()
    decoded = json.loads(json.dumps(data))
    assert decoded["numeric"]["correct"] is True
    assert set(decoded["hit"]) == {"bayes", "false-positives", "base-rate", "next-step"}


def test_numeric_feedback_explains_the_split() -> None:
    result = score_answer(numeric_question(), "16%")
    assert "Score: 60/60 for the number, 0/40 for the explanation." in result.feedback
