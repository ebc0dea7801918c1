"""Numbers read from free text, judged against a numeric answer with tolerance."""

from __future__ import annotations

import pytest

from bot.core.questions import NumericAnswer
from bot.core.scoring.numbers import extract_numbers, judge_numeric

PPV = NumericAnswer(kind="numeric", value=0.161, rel_tolerance=0.07, percent_equivalent=True)
PPV_STRICT_UNITS = NumericAnswer(kind="numeric", value=0.161, rel_tolerance=0.07)
LATENCY = NumericAnswer(kind="numeric", value=1200, abs_tolerance=100, unit="ms")
NEGATIVE = NumericAnswer(kind="numeric", value=-0.5, abs_tolerance=0.01)
SMALL = NumericAnswer(kind="numeric", value=1.6e-4, rel_tolerance=0.05)
BIG = NumericAnswer(kind="numeric", value=3_000_000, rel_tolerance=0.1)
PERCENT_VALUE = NumericAnswer(kind="numeric", value=16.1, abs_tolerance=1, percent_equivalent=True, unit="%")

CASES = [
    # right answers, many phrasings
    (PPV, "The probability is about 16%.", True),
    (PPV, "roughly 16 %", True),
    (PPV, "16 percent", True),
    (PPV, "It comes to 16 per cent.", True),
    (PPV, "0.161", True),
    (PPV, "≈ 0.16", True),
    (PPV, "P = .16", True),
    (PPV, "1.6e-1", True),
    (PPV, "1.6E-01", True),
    (PPV, "1.6 x 10^-1", True),
    (PPV, "1.61 × 10^(-1)", True),
    (PPV, "95/590", True),
    (PPV, "95 / (95 + 495)", True),
    (PPV, "95 out of 590 positives are real", True),
    (PPV, "about one in six", True),
    (PPV, "roughly 1 in 6", True),
    (PPV, "sixteen percent", True),
    (PPV, "between 15–17%", True),
    (PPV, "15-17%", True),
    (PPV, "15 to 17 percent", True),
    (PPV, "16.1%", True),
    (PPV, "Out of 10,000 people, 95 true positives and 495 false, so 16%.", True),
    (PPV_STRICT_UNITS, "0.16", True),
    (LATENCY, "p99 is 1,200 ms", True),
    (LATENCY, "about 1.25k ms", True),
    (LATENCY, "1150ms", True),
    (NEGATIVE, "the correlation is -0.5", True),
    (NEGATIVE, "it is −0.50 (unicode minus)", True),
    (SMALL, "1.6e-4", True),
    (SMALL, "0.00016", True),
    (BIG, "about 3 million rows", True),
    (BIG, "3,000,000", True),
    (BIG, "2.9M", True),
    (PERCENT_VALUE, "0.16", True),
    (PERCENT_VALUE, "16%", True),
    # wrong answers
    (PPV, "95%", False),
    (PPV, "The answer is 0.95.", False),
    (PPV, "about 50%", False),
    (PPV, "10-20%", False),
    (PPV, "15-25 percent", False),
    (PPV, "one in two", False),
    (PPV, "5%", False),
    (PPV, "No idea, it depends.", False),
    (PPV, "12%", False),
    (PPV_STRICT_UNITS, "16%", False),
    (LATENCY, "1,500 ms", False),
    (LATENCY, "12 ms", False),
    (NEGATIVE, "0.5", False),
    (NEGATIVE, "the range is 1-0.5", False),
    (SMALL, "1.6e-3", False),
    (BIG, "3 thousand", False),
    (PERCENT_VALUE, "0.95", False),
]


@pytest.mark.parametrize(("spec", "text", "correct"), CASES, ids=[c[1][:30] for c in CASES])
def test_numeric_phrasings(spec: NumericAnswer, text: str, correct: bool) -> None:
    assert judge_numeric(spec, text).correct is correct


def test_table_is_large_enough_and_balanced() -> None:
    assert len(CASES) >= 40
    assert sum(c for *_, c in CASES) >= 15 and sum(not c for *_, c in CASES) >= 15


def test_candidates_are_reported_in_order() -> None:
    verdict = judge_numeric(PPV, "Not 95% but 0.161.")
    assert verdict.found == [95.0, 0.161]
    assert verdict.correct and verdict.matched == "0.161"


def test_no_number_says_so() -> None:
    verdict = judge_numeric(PPV, "It is quite low.")
    assert not verdict.correct
    assert "No number" in verdict.explanation


def test_wrong_number_explanation_names_what_was_given_and_expected() -> None:
    verdict = judge_numeric(PPV, "It is 95%.")
    assert "95%" in verdict.explanation and "0.161" in verdict.explanation


def test_hedging_with_many_guesses_is_not_correct() -> None:
    verdict = judge_numeric(PPV, "It could be 0.1, 0.12, 0.14, 0.16, 0.2 or 0.25.")
    assert not verdict.correct
    assert "commit to a single" in verdict.explanation


def test_list_numbering_is_not_a_number() -> None:
    assert [m.value for m in extract_numbers("1. first\n2) second has 7 items")] == [7.0]


def test_range_is_reported_with_both_ends() -> None:
    (mention,) = extract_numbers("15–17%")
    assert (mention.low, mention.high, mention.percent) == (15.0, 17.0, True)


def test_subtraction_is_not_a_range() -> None:
    values = [m.value for m in extract_numbers("100 - 5 = 95")]
    assert values == [100.0, 5.0, 95.0]


def test_worked_answer_with_intermediate_numbers_is_not_hedging() -> None:
    f1 = NumericAnswer(kind="numeric", value=0.533, abs_tolerance=0.005)
    text = "Precision is 0.8 and recall is 0.4, so F1 = 2PR/(P+R) = 0.64/1.2 = 0.533."
    assert judge_numeric(f1, text).correct


INTERVAL = NumericAnswer(kind="numeric", value=69.3, rel_tolerance=0.05, unit="minutes", names=["checkpoint interval"])


@pytest.mark.parametrize(
    ("answer", "correct"),
    [
        # two values weighed as the subject of their sentence are compared with the answer
        ("T ≈ sqrt(2 · 5 · 480) ≈ 69 minutes. The curve is flat: 45 or 90 minutes costs only about a point more.", True),
        ("So checkpoint about every 70 minutes; 60 to 80 minutes gives nearly the same waste.", True),
        # the same two values as the answer's complement are a hedge
        ("T ≈ 69 minutes, so the checkpoint interval is 45 or 90 minutes.", False),
    ],
)
def test_values_weighed_against_the_answer_are_not_a_hedge(answer: str, correct: bool) -> None:
    assert judge_numeric(INTERVAL, answer).correct is correct
