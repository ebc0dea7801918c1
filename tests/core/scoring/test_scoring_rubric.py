"""Rubric coverage: paraphrases hit, unrelated text misses, keyword lists are discounted."""

from __future__ import annotations

import pytest

from bot.core.scoring import score_answer
from bot.core.scoring.rubric import rubric_coverage
from bot.core.scoring.text import normalise, sentences
from tests.core.scoring.scoring_helpers import make_question

OPEN = {"kind": "open"}
EVAL_RUBRIC = [
    {"id": "auc", "point": "Uses ROC-AUC for ranking quality", "phrases": ["roc-auc"]},
    {"id": "ci", "point": "Reports a confidence interval", "phrases": ["confidence interval"]},
    {"id": "pca", "point": "Reduces dimensions with PCA", "phrases": ["pca"]},
    {"id": "sgd", "point": "Trains with SGD", "phrases": ["sgd"]},
    {"id": "normalise", "point": "Normalises the inputs", "phrases": ["normalise the features"]},
]


@pytest.mark.parametrize(
    ("point_id", "answer"),
    [
        ("auc", "I would compare models by the area under the ROC curve."),
        ("auc", "Report AUC on the holdout."),
        ("ci", "Give a 95% CI around the estimate."),
        ("ci", "Put confidence intervals on it."),
        ("pca", "Run principal component analysis first."),
        ("sgd", "Fit it with stochastic gradient descent."),
        ("normalise", "We normalized every feature to zero mean."),
        ("normalise", "The features were normalised to unit variance."),
        ("normalise", "Normalizing the features first helps."),
    ],
)
def test_abbreviations_spellings_and_word_forms_meet(point_id: str, answer: str) -> None:
    coverage = rubric_coverage(make_question(OPEN, EVAL_RUBRIC).rubric, answer)
    hit = {p.id for p in coverage.points if p.hit}
    assert point_id in hit


def test_normalise_folds_unicode_case_and_punctuation() -> None:
    assert normalise("ROC–AUC") == normalise("area under the curve") == "auc"
    assert normalise("Biases") == normalise("bias")
    assert normalise("10,000 people").split()[0] == "10000"


def test_paraphrases_hit_and_evidence_is_the_sentence() -> None:
    question = make_question(OPEN)
    answer = (
        "Imagine 10,000 people and use natural frequencies. Most positive results are false positives "
        "because healthy people vastly outnumber sick ones. The condition is rare: its prevalence is 1%. "
        "I would retest everyone who screens positive."
    )
    result = score_answer(question, answer)
    assert {p.id for p in result.hit} == {"bayes", "false-positives", "base-rate", "next-step"}
    evidence = {p.id: p.evidence for p in result.points}
    assert evidence["next-step"] == "I would retest everyone who screens positive."
    assert result.score == 100


def test_regex_patterns_count() -> None:
    result = score_answer(make_question(OPEN), "So P(D | +) is what we want here.")
    assert "bayes" in {p.id for p in result.hit}


def test_typo_still_hits() -> None:
    result = score_answer(make_question(OPEN), "The prevalance is tiny so most alarms are wrong.")
    assert "base-rate" in {p.id for p in result.hit}


def test_unrelated_text_misses_everything() -> None:
    answer = "I would use a convolutional network with dropout and train it on a GPU for ten epochs."
    result = score_answer(make_question(OPEN), answer)
    assert result.hit == []
    assert result.score == 0


def test_partial_answer_scores_by_weight() -> None:
    result = score_answer(make_question(OPEN), "Because the base rate is so low, the result is misleading.")
    assert result.score == pytest.approx(20.0)
    assert any(line.startswith("Missed:") for line in result.feedback)


def test_missed_points_are_listed_heaviest_first() -> None:
    result = score_answer(make_question(OPEN), "Because the base rate is so low, the result is misleading.")
    missed = [line for line in result.feedback if line.startswith("Missed:")]
    assert "30%" in missed[0] and "20%" in missed[-1]


REAL = (
    "Using Bayes rule with natural frequencies, most positives are false positives, because the "
    "base rate is only 1%. So a positive result should be followed by a second test."
)
STUFFED_VARIANTS = [
    "bayes rule, natural frequencies, false positives, base rate, prevalence, second test",
    "Bayes rule. False positives. Base rate. Second test. Bayes rule. False positives.",
    "- bayes rule\n- false positives\n- base rate\n- second test\n- retest\n- prevalence",
    "bayes rule false positives base rate second test bayes rule false positives base rate second test",
]


@pytest.mark.parametrize("stuffed", STUFFED_VARIANTS)
def test_keyword_lists_score_at_most_half_of_a_real_answer(stuffed: str) -> None:
    question = make_question(OPEN)
    real, fake = score_answer(question, REAL), score_answer(question, stuffed)
    assert {p.id for p in fake.hit} == {p.id for p in real.hit}  # the same points are "made"
    assert fake.stuffing and not real.stuffing
    assert fake.score <= real.score / 2
    assert any("list of keywords" in line for line in fake.feedback)


def test_short_real_answers_are_not_called_stuffing() -> None:
    result = score_answer(make_question(OPEN), "It is low because the condition is rare.")
    assert not result.stuffing


def test_sentences_split_on_bullets_and_stops_but_not_decimals() -> None:
    assert sentences("It is 0.16. Next one!\n- a bullet\n2. numbered") == [
        "It is 0.16.",
        "Next one!",
        "a bullet",
        "numbered",
    ]


def test_empty_answer_scores_zero_with_feedback() -> None:
    result = score_answer(make_question(OPEN), "   ")
    assert result.score == 0 and result.feedback == ["No answer was given."]


def test_hard_wrapped_lines_are_one_sentence() -> None:
    text = (
        "Think of ten thousand people: one hundred are sick and most of the positives\n"
        "come from the healthy majority, so they are false positives.\n"
        "Short line\n"
        "Another short line"
    )
    assert sentences(text) == [
        "Think of ten thousand people: one hundred are sick and most of the positives "
        "come from the healthy majority, so they are false positives.",
        "Short line",
        "Another short line",
    ]


def test_short_stems_do_not_collide() -> None:
    rubric = [{"id": "loc", "point": "Uses location", "phrases": ["location"]}]
    coverage = rubric_coverage(make_question(OPEN, rubric).rubric, "We take a lock on the row.")
    assert not coverage.points[0].hit


def test_greek_letters_survive_normalisation() -> None:
    assert normalise("1 - ηλ") == "1 ηλ"


def test_code_is_not_mistaken_for_keyword_stuffing() -> None:
    answer = (
        "I keep a dictionary of seen values because it makes each lookup constant time.\n\n"
        "    def two_sum(nums, target):\n"
        "        seen = {}\n"
        "        for j, x in enumerate(nums):\n"
        "            if target - x in seen:\n"
        "                return [seen[target - x], j]\n"
        "            seen[x] = j\n"
    )
    rubric = [{"id": "map", "point": "Hash map", "phrases": ["dictionary", "hash map", "seen values"]}]
    result = score_answer(make_question(OPEN, rubric), answer)
    assert result.hit and not result.stuffing


def test_terse_off_topic_answer_is_weak_but_not_stuffing() -> None:
    result = score_answer(make_question(OPEN), "Write more unit tests.")
    assert not result.stuffing and result.score == 0


ASK_RUBRIC = [
    {"id": "evaluation", "point": "Asks how the team evaluates quality", "weight": 2,
     "phrases": ["evaluation sets", "human ratings", "how do you evaluate"]},
    {"id": "cost", "point": "Asks about cost per request and latency", "weight": 2,
     "phrases": ["latency budget", "cost per request"]},
    {"id": "why", "point": "Explains what each answer would reveal", "weight": 1, "phrases": ["tells me"]},
]  # fmt: skip


def _ask_question(round_type: str = "behavioral"):
    return make_question({"kind": "open"}, ASK_RUBRIC, round_type=round_type, topic="questions_to_ask",
                         prompt="What would you ask the team lead?")  # fmt: skip


def test_a_point_made_by_asking_is_made_by_a_question_not_by_a_statement_on_its_subject() -> None:
    """A "why I want to join" speech that mentions evaluation sets and latency budgets asks the
    team nothing: in a behavioural answer, an "Asks ..." point needs a sentence that asks."""
    speech = (
        "Why I want to join: I built a retrieval system with evaluation sets from real user queries. "
        "I also owned its latency budget, and that tells me I can contribute quickly."
    )
    asked = (
        "1. How do you evaluate quality - human ratings or offline evaluation sets? That tells me how mature it is.\n"
        "2. cost per request and the latency budget for the assistant\n"
    )
    speech_result, asked_result = score_answer(_ask_question(), speech), score_answer(_ask_question(), asked)
    assert {p.id for p in speech_result.points if p.hit} == {"why"}
    # a question mark or a list item of questions asks, chat style included
    assert {p.id for p in asked_result.points if p.hit} == {"evaluation", "cost", "why"}


def test_outside_behavioural_answers_asks_for_means_requires() -> None:
    # "Asks for precision and recall" in an ML answer is made by saying so, not by asking
    speech = "I built evaluation sets from real user queries and set a latency budget."
    result = score_answer(_ask_question(round_type="ml_theory"), speech)
    assert {p.id for p in result.points if p.hit} == {"evaluation", "cost"}
