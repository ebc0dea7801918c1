"""`NumericAnswer.names`: an answer that calls the asked quantity by another name is read right.

Candidates rarely use the prompt's own words: a learning rate becomes "step size" or "eta", a
split's gain "the decrease in impurity", a sample size "users per group". Each sentence below is
one a candidate would write; without the names the reader takes another stated quantity.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.bank.loader import load_bank
from bot.cli.score import find_question
from bot.core.questions import NumericAnswer
from bot.core.scoring.numbers import judge_numeric

LR_PROMPT = (
    "Gradient descent runs on a quadratic whose Hessian has eigenvalues 1 and 100. What is the largest "
    "learning rate for which it converges from any start?"
)
LR_NAMES = ["learning rate", "lr", "step size", "eta", "η"]
GAIN_PROMPT = (
    "A node with 10 positives and 10 negatives is split into children (8+, 2-) and (2+, 8-). Compute the "
    "Gini impurity of the parent and of each child. Give the gain as your answer."
)
GAIN_NAMES = ["gain", "impurity decrease", "decrease in impurity"]
SIZE_PROMPT = "Baseline conversion is 10% and you want to detect a 1-point lift at 80% power. How many users per arm?"
SIZE_NAMES = ["sample size", "users per arm", "users per group"]


def _spec(value: float, names: list[str]) -> NumericAnswer:
    tolerance = {"abs_tolerance": 0.00005} if value < 1 else {"rel_tolerance": 0.02}
    return NumericAnswer(kind="numeric", value=value, names=names, **tolerance)


@pytest.mark.parametrize(
    ("value", "names", "prompt", "answer"),
    [
        (0.02, LR_NAMES, LR_PROMPT,
         "eta < 2/L with L = 100 the top eigenvalue, so the step size goes up to 0.02. The condition number is 100."),
        (0.02, LR_NAMES, LR_PROMPT, "eta must satisfy eta * 100 < 2, so eta up to 0.02; the condition number = 100."),
        (0.18, GAIN_NAMES, GAIN_PROMPT,
         "Each child has Gini 1 - 0.64 - 0.04 = 0.32, so the decrease in impurity is 0.18. The parent impurity is 0.5."),
        (14700, SIZE_NAMES, SIZE_PROMPT,
         "The sample size is about 14,700 per group, and the pooled standard deviation comes to about 0.3."),
    ],
)  # fmt: skip
def test_a_synonym_of_the_asked_quantity_is_read_as_it(value: float, names: list[str], prompt: str, answer: str) -> None:
    named = judge_numeric(_spec(value, names), answer, prompt)
    assert named.correct, named.explanation
    unnamed = judge_numeric(_spec(value, []), answer, prompt)
    assert not unnamed.correct  # the same sentence without the names: another quantity is read


def test_a_name_is_a_phrase_not_a_bag_of_its_words() -> None:
    # "decrease in impurity" names the gain; "the parent's impurity" shares a word but is not it.
    spec = _spec(0.18, GAIN_NAMES)
    verdict = judge_numeric(spec, "The decrease in impurity is 0.18, and the parent's impurity is 0.5.", GAIN_PROMPT)
    assert verdict.correct and verdict.read == "0.18"


def test_a_contrasting_modifier_still_sets_a_named_value_aside() -> None:
    # The fastest (optimal) step size is another quantity than the largest stable one.
    spec = _spec(0.02, LR_NAMES)
    text = "The step size can go up to 0.02. The best step size is 2/(1 + 100) ≈ 0.0198."
    verdict = judge_numeric(spec, text, LR_PROMPT)
    assert verdict.correct and verdict.read == "0.02"


def test_the_bundled_learning_rate_question_reads_eta_and_step_size() -> None:
    question = find_question("ml-la-max-stable-learning-rate")
    assert isinstance(question.answer, NumericAnswer) and "step size" in question.answer.names
    text = "L = 100 is the largest eigenvalue, so eta < 2/L and the step size is up to 0.02; the condition number is 100."
    assert judge_numeric(question.answer, text, question.prompt).correct


BANK = """schema_version: 1
round_type: ml_theory
topic: optimisation
questions:
  - id: bv-sample
    title: Largest stable learning rate
    difficulty: easy
    prompt: What is the largest stable learning rate?
    rubric:
      - id: bound
        point: Bound 2/L
        phrases: ["2/l"]
    reference_answer: 2/L.
    answer:
      kind: numeric
      value: 0.02
      abs_tolerance: 0.001
      names: NAMES
"""


@pytest.mark.parametrize(
    ("names", "message"),
    [
        ('["step size", "Step Size"]', "names: name 'Step Size' is listed twice"),
        ('["lr", "2/100"]', "names: name '2/100' has no letter"),
        ('["lr", ""]', "names[1]: must not be empty"),
    ],
)
def test_names_are_validated_at_their_line(tmp_path: Path, names: str, message: str) -> None:
    path = tmp_path / "bank.yaml"
    path.write_text(BANK.replace("NAMES", names))
    errors = [str(e).removeprefix(f"{path}:") for e in load_bank([path], run_solutions=False).errors]
    assert len(errors) == 1 and errors[0].startswith(f"18: bv-sample: answer.{message}")


def test_a_range_with_one_end_below_one_is_judged_not_crashed() -> None:
    # "0.5-2" for a question where 16% and 0.16 are the same answer used to raise in the judge.
    question = find_question("prob-ppv-rare-disease")
    result = judge_numeric(question.answer, "Somewhere in 0.5-2, hard to say", question.prompt)  # type: ignore[arg-type]
    assert not result.correct
    assert judge_numeric(question.answer, "PPV is 15-17%", question.prompt).correct  # type: ignore[arg-type]
