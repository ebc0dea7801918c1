"""Multi-part numeric answers: the value read is the one stated for the asked quantity.

Candidates answer every part of a prompt ("What is the probability ...? Then give the expected
number ..."), compare a bound with a threshold, and write events as "P(>=1)". Each answer below
is one a candidate writes; before these rules the reader took another part's value.
"""

from __future__ import annotations

import pytest

from bot.core.questions import NumericAnswer
from bot.core.scoring.numbers import judge_numeric

CLICK_PROMPT = (
    "A user is shown **10 recommendations**, and each is clicked independently with probability **0.2**. "
    "What is the probability that the user clicks **at least one**? Then give the expected number of clicks "
    "and say which assumption is least realistic."
)
CLICK_NAMES = ["P(at least one)", "probability of at least one click", "at least one click"]
BOUND_PROMPT = (
    "Human raters compared model B and model A on **400 prompts**. B won **232** of them.\n\n"
    "Give a 95% confidence interval for B's true win rate, state its **lower bound**, and say whether B is "
    "better than A at the 5% level."
)
BOUND_NAMES = ["lower bound", "lower limit"]


def _spec(value: float, tolerance: float, names: list[str]) -> NumericAnswer:
    return NumericAnswer(kind="numeric", value=value, abs_tolerance=tolerance, names=names)


@pytest.mark.parametrize("names", [CLICK_NAMES, []], ids=["names", "no-names"])
def test_a_follow_on_part_of_the_prompt_is_not_the_asked_quantity(names: list[str]) -> None:
    # "Then give the expected number of clicks" names the second part, not the answer.
    answer = "P(>=1) = 1 - 0.8^10 = 1 - 0.107 ≈ 0.89\nE[clicks] = 10*0.2 = 2 (binomial, linearity)\n"
    verdict = judge_numeric(_spec(0.893, 0.005, names), answer, CLICK_PROMPT)
    assert verdict.correct, verdict.explanation
    assert "0.89" in verdict.explanation


def test_the_number_inside_an_event_is_not_a_value() -> None:
    # The 1 of "P(>=1)" names the event; read as a value it made this answer state "1".
    answer = "P(>=1) = 1 - 0.8^10 ≈ 0.89. pos correlation -> P(>=1) lower than 0.89 for the same mean"
    verdict = judge_numeric(_spec(0.893, 0.005, []), answer, CLICK_PROMPT)
    assert verdict.correct, verdict.explanation


def test_a_bold_result_of_a_chain_beats_another_bold_quantity() -> None:
    answer = (
        "Use the complement: **P(at least one) = 1 − 0.8¹⁰ ≈ 0.893**, about 89%.\n\n"
        "Expected clicks: E = 10 × 0.2 = **2 clicks** by linearity."
    )
    verdict = judge_numeric(_spec(0.893, 0.005, CLICK_NAMES), answer, CLICK_PROMPT)
    assert verdict.correct, verdict.explanation
    wrong = answer.replace("0.893", "0.107").replace("89%", "11%")
    assert not judge_numeric(_spec(0.893, 0.005, CLICK_NAMES), wrong, CLICK_PROMPT).correct


def test_the_named_value_is_read_not_the_test_statistic_after_it() -> None:
    answer = (
        "CI = 0.58 ± 1.96 × 0.0247 -> [0.532, 0.628].\n"
        "Lower bound ≈ 0.53 > 0.5, so B beats A at the 5% level. z = 32/10 = 3.2, two-sided p ≈ 0.001."
    )
    verdict = judge_numeric(_spec(0.532, 0.004, BOUND_NAMES), answer, BOUND_PROMPT)
    assert verdict.correct, verdict.explanation
    assert "0.53" in verdict.explanation
    # Stating the threshold as the bound is still wrong: the compared-with 0.5 is not read instead.
    wrong = "The lower bound is 0.45 < 0.5, so B is not better at the 5% level; z = 1.2."
    assert not judge_numeric(_spec(0.532, 0.004, BOUND_NAMES), wrong, BOUND_PROMPT).correct


def test_a_bold_answer_line_with_its_unit_beats_a_bold_table_and_a_bold_factor_after_it() -> None:
    # A thorough answer bolds every row of its table, states the asked stage in a bold line whose
    # result is followed by its unit, then bolds a communication factor; the factor was read.
    prompt = "Mixed-precision Adam on a 7B model over 8 GPUs: how much memory per GPU does ZeRO stage 2 need?"
    answer = (
        "| **ZeRO-1** | optimiser states | **38.5 GB** |\n| **ZeRO-2** | + gradients | **26.25 GB** |\n"
        "| **ZeRO-3** | + parameters | **14 GB** |\n\n"
        "**Stage-2 answer: 3.75 B/param × 7e9 ≈ 26.25 GB per GPU** (model states only).\n\n"
        "Stage 3 all-gathers the weights before forward and backward: ≈ 3Ψ, i.e. **~1.5× DP**."
    )
    spec = NumericAnswer(kind="numeric", value=26.25, rel_tolerance=0.03, unit="GB per GPU")
    verdict = judge_numeric(spec, answer, prompt)
    assert verdict.correct and verdict.read == "26.25", verdict.explanation


def test_a_bold_count_beats_bold_memory_sizes_when_a_count_is_asked() -> None:
    prompt = "How many trainable parameters does LoRA with r = 16 on W_q and W_v of 32 layers add?"
    answer = (
        "- 32 layers: 32 × 262,144 = **8,388,608 ≈ 8.4M trainable parameters**, about 0.12% of 7B.\n\n"
        "Full fine-tuning with Adam needs **16 B** per parameter, so **112 GB**. With LoRA the frozen base "
        "takes **14 GB**; with QLoRA a 7B fine-tune fits in roughly **6–10 GB**."
    )
    spec = NumericAnswer(kind="numeric", value=8388608, rel_tolerance=0.02, unit="parameters")
    verdict = judge_numeric(spec, answer, prompt)
    assert verdict.correct, verdict.explanation
